"""Read models built from the events: one projection and view per question, per context, rebuildable from zero."""
