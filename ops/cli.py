"""The `kraken` command: run and operate the service."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from pathlib import Path

import typer
import uvicorn
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress
from rich.table import Table

from ops import bench as benchmark
from ops import following, runtime
from ops.audit import timeline
from ops.seed import DemoCredentials, seed_demo
from ops.settings import Settings, SettingsError, load
from projections.catalogue import PROJECTIONS
from projections.projection import ViewFollower

app = typer.Typer(help="Operate the Kraken-compatible GraphQL backend.", no_args_is_help=True)
console = Console()


def _settings() -> Settings:
    try:
        return load()
    except SettingsError as exc:
        console.print(f"[red]Configuration error:[/red] {exc}")
        raise typer.Exit(2) from None


def _show(credentials: DemoCredentials, settings: Settings, url: str | None = None) -> None:
    # Plain lines, never truncated by the terminal's width: these are meant to be copied.
    if url:
        typer.echo(f"GraphQL API (open it in a browser for GraphiQL): {url}")
    typer.echo("Demo customer:")
    typer.echo(f"  email:          {credentials.email}")
    typer.echo(f"  password:       {credentials.password}")
    typer.echo(f"  API key:        {credentials.api_key}")
    typer.echo(f"  account number: {credentials.account_number}")
    typer.echo(f"  loyalty points: {credentials.loyalty_points} (redeem them, or transfer some to the")
    typer.echo(f"                  account's second user, id {credentials.partner_user_id})")
    if not settings.smtp_url:
        typer.echo(f"Emails (no KRAKEN_SMTP_URL set) are written to {Path(settings.data_dir) / 'mailbox'}")


@app.command()
def seed() -> None:
    """Create the demo customer (once) and print its credentials."""
    settings = _settings()
    contexts = runtime.build(settings)
    try:
        _show(seed_demo(contexts, Path(settings.data_dir)), settings)
    finally:
        contexts.close()


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Overrides KRAKEN_HOST."),
    port: int | None = typer.Option(None, help="Overrides KRAKEN_PORT."),
    workers: int = typer.Option(1, help="API processes (each builds its own applications)."),
) -> None:
    """Serve the API (POST /v1/graphql/) and the auth server (POST /graphql/)."""
    settings = _settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    host, port = host or settings.host, port or settings.port
    url = f"http://{host}:{port}/v1/graphql/"
    if not settings.uses_postgres:
        # The embedded default is for trying things out: make sure someone can log in at once.
        contexts = runtime.build(settings)
        try:
            _show(seed_demo(contexts, Path(settings.data_dir)), settings, url)
        finally:
            contexts.close()
    else:
        console.print(f"GraphQL API at {url}")
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info")


@app.command()
def project() -> None:
    """Run the read models, the reactions and the outbox relay until stopped (safe to start twice)."""
    settings = _settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    contexts = runtime.build(settings)
    runner = following.runner(settings, contexts)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    console.print(f"following: {', '.join(f.name for f in runner.followers)}")
    try:
        runner.run_forever(stop)
    finally:
        contexts.close()


@app.command()
def worker(
    processes: int = typer.Option(2, help="Worker processes."),
    threads: int = typer.Option(8, help="Threads per process."),
) -> None:
    """Run the Dramatiq workers that carry out side effects (needs KRAKEN_BROKER_URL)."""
    settings = _settings()
    if not settings.broker_url:
        console.print(
            "[red]KRAKEN_BROKER_URL is not set.[/red] On the embedded default the actors run inside "
            "`kraken serve`; set a redis:// or amqp:// broker to run workers on their own."
        )
        raise typer.Exit(2)
    command = [sys.executable, "-m", "dramatiq", "workers.broker", "workers.dispatch"]
    os.execv(sys.executable, [*command, "--processes", str(processes), "--threads", str(threads)])


@app.command()
def audit(subject: str = typer.Argument(..., help="An account number (A-...), a user's email or a user id.")) -> None:
    """Show every event about an account or a user, across all contexts: when, what, by whom."""
    settings = _settings()
    contexts = runtime.build(settings)
    try:
        entries = timeline(contexts, subject)
    finally:
        contexts.close()
    if not entries:
        console.print(f"No events about {subject}.")
        raise typer.Exit(1)
    table = Table(title=f"Timeline of {subject}")
    for column in ("when", "context", "aggregate", "event", "by", "details"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        when = entry.when.isoformat(timespec="seconds")
        table.add_row(when, entry.context, entry.aggregate, entry.event, entry.actor, entry.details)
    console.print(table)


@app.command()
def rebuild(name: str = typer.Argument(..., help="The read model to drop and replay.")) -> None:
    """Drop a read model and replay it from the events, with a progress bar and a final count."""
    settings = _settings()
    chosen = {projection.name: projection for projection in PROJECTIONS}
    if name not in chosen:
        console.print(f"[red]Unknown read model {name!r}.[/red] Known: {', '.join(sorted(chosen))}")
        raise typer.Exit(2)
    contexts = runtime.build(settings)
    try:
        projection = chosen[name]()
        follower = ViewFollower(projection, getattr(contexts, projection.upstream), contexts.read.store)
        head = follower.app.recorder.max_notification_id() or 0
        with Progress(*Progress.get_default_columns(), MofNCompleteColumn(), console=console) as bar:
            task = bar.add_task(f"rebuilding {name}", total=head)
            count = follower.rebuild(lambda position: bar.update(task, completed=position))
            bar.update(task, completed=head)
    finally:
        contexts.close()
    console.print(f"{name}: rebuilt from {count} events.")


@app.command()
def bench(
    seconds: float = typer.Option(10.0, help="Length of each measured phase."),
    concurrency: int = typer.Option(16, help="Concurrent HTTP clients at peak."),
    workers: int = typer.Option(2, help="API processes (uvicorn workers)."),
    users: int = typer.Option(200, help="Account users to seed, in pairs sharing an account."),
) -> None:
    """Measure the store's append rate, and the API's mutation rate, latency, catch-up and memory against it."""
    report = benchmark.run(
        _settings(), seconds=seconds, concurrency=concurrency, workers=workers, users=users, progress=console.log
    )
    console.print(benchmark.render(report))


if __name__ == "__main__":
    app()
