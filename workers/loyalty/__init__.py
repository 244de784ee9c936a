"""Actors and scheduled jobs of the loyalty context: contribution agreements."""
