"""Dramatiq actors for side effects (email now; payments, push and print later).

The outbox relay (workers/relay.py, fed by the table in workers/dispatch.py) hands stored events
to the actors: inline on the embedded default, through Redis or RabbitMQ to `kraken worker`
processes in production. Actor modules import `workers.broker` first, which picks the broker from
KRAKEN_BROKER_URL. Actors are idempotent, since delivery is at least once, and report their
outcome as commands to the domain, so that it becomes an event too.
"""
