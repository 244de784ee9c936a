"""The `kraken` command: run and operate the service."""

from __future__ import annotations

import logging
from pathlib import Path

import typer
import uvicorn
from rich.console import Console

from ops import runtime
from ops.seed import DemoCredentials, seed_demo
from ops.settings import Settings, SettingsError, load

app = typer.Typer(help="Operate the Kraken-compatible GraphQL backend.", no_args_is_help=True)
console = Console()


def _settings() -> Settings:
    try:
        return load()
    except SettingsError as exc:
        console.print(f"[red]Configuration error:[/red] {exc}")
        raise typer.Exit(2) from None


def _show(credentials: DemoCredentials, url: str | None = None) -> None:
    # Plain lines, never truncated by the terminal's width: these are meant to be copied.
    if url:
        typer.echo(f"GraphQL API (open it in a browser for GraphiQL): {url}")
    typer.echo("Demo customer:")
    typer.echo(f"  email:          {credentials.email}")
    typer.echo(f"  password:       {credentials.password}")
    typer.echo(f"  API key:        {credentials.api_key}")
    typer.echo(f"  account number: {credentials.account_number}")


@app.command()
def seed() -> None:
    """Create the demo customer (once) and print its credentials."""
    settings = _settings()
    contexts = runtime.build(settings)
    try:
        _show(seed_demo(contexts, Path(settings.data_dir)))
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
            _show(seed_demo(contexts, Path(settings.data_dir)), url)
        finally:
            contexts.close()
    else:
        console.print(f"GraphQL API at {url}")
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info")


if __name__ == "__main__":
    app()
