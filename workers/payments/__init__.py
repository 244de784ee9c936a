"""Actors and adapters of the payments context: the payment provider, payouts, printing, the scheduler."""
