"""Dramatiq actors for the side effects outside the system: email, SMS, the payment provider, print.

The outbox relay (workers/relay.py, fed by the table in workers/dispatch.py) hands stored events
to the actors: inline on the embedded default, through Redis or RabbitMQ to `kraken worker`
processes in production. Actor modules import `workers.broker` first, which picks the broker from
KRAKEN_BROKER_URL; what the actors use (applications, mailer, provider) is handed over at process
start by the composition root (workers/runtime.py). A reaction that only runs a command is a
policy of a process application (domain/), not an actor. Actors are idempotent, since delivery
is at least once, and report their outcome as commands to the domain, so that it becomes an event
too.
"""
