"""The `kraken` command: run and operate the service."""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from uuid import UUID

import typer
import uvicorn
from rich.console import Console
from rich.markup import escape
from rich.progress import MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from domain.accounts import commands as accounts_commands
from domain.accounts.property import PropertyAddressInvalid
from domain.goods import commands as goods_commands
from domain.goods.catalogue import CatalogueInvalid
from domain.identity import commands as identity_commands
from domain.identity.access import StaffMemberExists, UnknownStaffMember
from domain.loyalty import commands as loyalty_commands
from domain.loyalty.campaign_commands import AddCampaign
from domain.loyalty.contribution_commands import AddContributionScheme
from domain.loyalty.referral_schemes import SchemeInvalid
from domain.payments import commands as payments_commands
from domain.payments.account_ledgers import LedgerCountExceeded
from domain.payments.billing_document import BillRefused
from domain.payments.ledger import LedgerKind, LedgerLimitExceeded
from domain.payments.payment_schedule import Schedule
from domain.payments.repayment_request import RepaymentState
from domain.payments.schedule_commands import ScheduleWithoutInstruction
from domain.shared.as_of import as_utc
from domain.shared.errors import KrakenError
from domain.supply import commands as supply_commands
from domain.supply.charge_basis import RateableValueInvalid
from domain.supply.charge_commands import ServiceOrderNotFound
from domain.supply.measurements import MeasurementFileInvalid
from domain.supply.meter_readings import ReadingNotReviewable
from domain.supply.quote import quoted_product_id
from domain.supply.service_order import ServiceOrderClosed, ServiceOrderStatus
from ops import bench as benchmark
from ops import export, following, logs, measurement_feed, metrics, runtime
from ops.audit import state_as_of, state_lines, timeline
from ops.bench import topology as bench_topology
from ops.seed import DemoCredentials, demo_meter_serial, seed_demo
from ops.topology import api_process
from ops.topology import units as topology_units
from ops.topology import up as topology_up
from ops.topology.plan import Topology
from projections.accounts.as_of import AccountAsOf
from projections.catalogue import PROJECTIONS
from projections.contexts import Contexts
from projections.goods.products import GoodsProductsView
from projections.loyalty.campaigns import CampaignsView
from projections.loyalty.contributions import ContributionsView
from projections.projection import BATCH, Follower, ViewFollower
from projections.supply.products import ProductsView
from settings import Settings, SettingsError, load, served_url
from workers.payments.scheduler import Scheduler, default_jobs, new_holder

app = typer.Typer(help="Operate the Kraken-compatible GraphQL backend.", no_args_is_help=True)
console = Console()


def _settings() -> Settings:
    try:
        return load()
    except SettingsError as exc:
        # Escaped: a message may hold brackets (pip install 'kraken-es[otel]') that are not markup.
        console.print(f"[red]Configuration error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


CHANGED = "(changed since seeding)"


def _show(credentials: DemoCredentials, settings: Settings, url: str | None = None) -> None:
    # Plain lines, never truncated by the terminal's width: these are meant to be copied.
    if url:
        typer.echo(f"GraphQL API (open it in a browser for GraphiQL): {url}")
    typer.echo("Demo customer:")
    typer.echo(f"  email:          {credentials.email}")
    # A password or key the customer has changed is never printed as if it still worked.
    typer.echo(f"  password:       {credentials.password or CHANGED}")
    typer.echo(f"  API key:        {credentials.api_key or CHANGED}")
    typer.echo(f"  account number: {credentials.account_number}")
    typer.echo(
        f"  water meter:    {demo_meter_serial(credentials.account_number)} (smart; submitMeterReading takes it)"
    )
    typer.echo(f"  main ledger:    {credentials.ledger_number} (a direct debit collects for it, monthly)")
    typer.echo(f"  loyalty points: {credentials.loyalty_points} (redeem them, or transfer some to the")
    typer.echo(f"                  account's second user, id {credentials.partner_user_id})")
    if credentials.claim_codes:
        typer.echo(f"  claim codes:    {' '.join(credentials.claim_codes)} (redeemReferralClaimCode)")
    if not settings.smtp_url:
        typer.echo(f"Emails (no KRAKEN_SMTP_URL set) are written to {Path(settings.data_dir) / 'mailbox'}")


@app.command()
def seed() -> None:
    """Create the demo customer (once) and print its credentials."""
    settings = _settings()
    contexts = runtime.build(settings)
    try:
        _show(seed_demo(contexts, settings), settings)
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
    logs.configure(settings, "serve")
    # The API processes' shared metrics directory, if any, emptied of earlier runs' files before this
    # process writes any: with one worker it serves the API itself, and keeps writing to the files it opened.
    metrics.prepare_for_serve()
    host, port = host or settings.host, settings.port if port is None else port
    if port == 0:
        # "Any free port": chosen here rather than by uvicorn, so that the links the API processes
        # send (their default public URL) name the port they are actually served on.
        port = _free_port(host)
    # The API processes read their settings from the environment: what they link to in emails
    # (the default public URL) must be where they are served, options included.
    os.environ["KRAKEN_HOST"], os.environ["KRAKEN_PORT"] = host, str(port)
    url = f"{served_url(host, port)}/v1/graphql/"
    if not settings.uses_postgres:
        # The embedded default is for trying things out: make sure someone can log in at once.
        contexts = runtime.build(settings)
        try:
            _show(seed_demo(contexts, settings), settings, url)
        finally:
            contexts.close()
    else:
        console.print(f"GraphQL API at {url}")
    uvicorn.run(
        "ops.runtime:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        # uvicorn on its own believes X-Forwarded-For from 127.0.0.1, so any local client could pick
        # the address the login throttle counts it under: only the proxies the settings name are.
        proxy_headers=bool(settings.trusted_proxies.strip()),
        forwarded_allow_ips=settings.trusted_proxies.strip() or None,
        log_config=logs.config(settings, "serve"),
    )


def _free_port(host: str) -> int:
    """A port nothing listens on at `host` as this returns (the server binds it a moment later)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


@app.command()
def project(
    metrics_port: int | None = typer.Option(
        None, min=1, max=65535, help="Serve this process's metrics on this port (on KRAKEN_HOST)."
    ),
) -> None:
    """Run the read models, the reactions and the outbox relay until stopped (safe to start twice)."""
    settings = _settings()
    logs.configure(settings, "project")
    with metrics.own_directory("project"):
        _project(settings, metrics_port)


def _project(settings: Settings, metrics_port: int | None) -> None:
    # Served before anything is built: a port already taken stops the command at once.
    followed: list[Follower] = []
    _serve_metrics(settings, metrics_port, lambda: followed)
    contexts = runtime.build(settings)
    # Without a broker the relay runs the actors here, on these applications.
    runtime.start_actors(settings, contexts)
    runners = following.runners(settings, contexts)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    console.print(f"following: {', '.join(f.name for runner in runners for f in runner.followers)}")
    followed.extend(f for runner in runners for f in runner.followers)
    try:
        following.run_side_by_side(runners, stop)
    finally:
        contexts.close()


@app.command("scheduler")
def run_scheduler(
    metrics_port: int | None = typer.Option(
        None, min=1, max=65535, help="Serve this process's metrics on this port (on KRAKEN_HOST)."
    ),
) -> None:
    """Send the commands that come due with time (due payments, schedules) until stopped (safe to start twice)."""
    settings = _settings()
    logs.configure(settings, "scheduler")
    with metrics.own_directory("scheduler"):
        _schedule(settings, metrics_port)


def _schedule(settings: Settings, metrics_port: int | None) -> None:
    _serve_metrics(settings, metrics_port)
    contexts = runtime.build(settings)
    # Jobs that follow up payments inline (no broker) call the provider through the actors' runtime.
    runtime.start_actors(settings, contexts)
    scheduler = Scheduler(contexts, default_jobs(), new_holder(), settings)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    console.print(
        f"scheduler {scheduler.holder}: {len(scheduler.jobs)} jobs every {settings.scheduler_interval_seconds}s "
        f"while it holds the lease ({settings.scheduler_lease_seconds}s)"
    )
    try:
        scheduler.run_forever(stop)
    finally:
        contexts.close()


def _serve_metrics(
    settings: Settings, port: int | None, followers: Callable[[], Sequence[Follower]] | None = None
) -> None:
    if port is None:
        return
    try:
        metrics.serve(settings, port, followers)
    except OSError as exc:
        console.print(f"[red]Cannot serve metrics on {settings.host}:{port}:[/red] {exc.strerror or exc}")
        raise typer.Exit(2) from None


@app.command()
def worker(
    processes: int = typer.Option(2, help="Worker processes."),
    threads: int = typer.Option(8, help="Threads per process."),
    metrics_port: int | None = typer.Option(
        None, min=1, max=65535, help="Serve the workers' metrics on this port (on KRAKEN_HOST)."
    ),
) -> None:
    """Run the Dramatiq workers that carry out side effects (needs KRAKEN_BROKER_URL)."""
    settings = _settings()
    if not settings.broker_url:
        console.print(
            "[red]KRAKEN_BROKER_URL is not set.[/red] On the embedded default the actors run inside "
            "`kraken serve`; set a redis:// or amqp:// broker to run workers on their own."
        )
        raise typer.Exit(2)
    command = [sys.executable, "-m", "dramatiq", "ops.worker", "--processes", str(processes), "--threads", str(threads)]
    if metrics_port is not None:
        # A process forked beside the workers serves what they all write.
        command += ["--fork-function", "ops.metrics:serve_worker_metrics"]
    os.execve(sys.executable, command, metrics.worker_environment(settings, metrics_port))


@app.command()
def audit(
    subject: str = typer.Argument(..., help="An account number (A-...), a user's email or a user id."),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        help="An ISO date-time (UTC without a zone): the timeline up to then and, for an account, its state then.",
    ),
) -> None:
    """Show every event about an account or a user, across all contexts: when, what, by whom."""
    settings = _settings()
    moment = _as_of_moment(as_of) if as_of is not None else None
    contexts = runtime.build(settings)
    try:
        entries = timeline(contexts, subject, moment)
        snapshot = state_as_of(contexts, subject, moment, settings.as_of_max_events) if moment else None
    except KrakenError as exc:
        console.print(f"[red]{exc.detail}[/red]")
        raise typer.Exit(2) from None
    finally:
        contexts.close()
    if not entries:
        console.print(f"No events about {subject}.")
        raise typer.Exit(1)
    columns = ("when", "context", "aggregate", "event", "by", "details")
    rows = [
        (
            entry.when.isoformat(timespec="seconds"),
            entry.context,
            entry.aggregate,
            entry.event,
            entry.actor,
            entry.details,
        )
        for entry in entries
    ]
    if not console.is_terminal:
        # Piped or redirected: one whole line per event, tab-separated, for grep and cut; a table
        # would be folded to the 80 columns rich assumes without a terminal.
        for row in (columns, *rows):
            typer.echo("\t".join(field.replace("\t", " ").replace("\n", " ") for field in row))
        _print_state(snapshot)
        return
    table = Table(title=f"Timeline of {subject}")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    console.print(table)
    _print_state(snapshot)


class _CountingFollower(ViewFollower):
    """A follower that counts the events it has replayed, for the progress bar."""

    replayed = 0

    def events_to_replay(self) -> int:
        """How many events the read model is built from, as recorded now (a scan of its topics)."""
        count, start = 0, 0
        while notifications := self.app.recorder.select_notifications(
            start=start, limit=BATCH, topics=self.projection.topics, inclusive_of_start=False
        ):
            count, start = count + len(notifications), notifications[-1].id
        return count

    def run_once(self, limit: int = BATCH) -> int:
        processed = super().run_once(limit)
        self.replayed += processed
        return processed


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
        follower = _CountingFollower(projection, getattr(contexts, projection.upstream), contexts.read.store)
        # The bar and the final line count the same thing: the events the read model is built from
        # (its topics), not every event of its context's store.
        total = follower.events_to_replay()
        columns = (*Progress.get_default_columns(), MofNCompleteColumn(), TextColumn("events"))
        with Progress(*columns, console=console) as bar:
            task = bar.add_task(f"replaying {name}", total=total)
            count = follower.rebuild(lambda _position: bar.update(task, completed=follower.replayed))
            # Events recorded while it replayed were replayed too.
            bar.update(task, completed=count, total=max(total, count))
    finally:
        contexts.close()
    console.print(f"{name}: rebuilt from {count} events.")


@app.command()
def fuzz(
    requests: int = typer.Option(10_000, help="How many generated requests to send (in each round, with --seconds)."),
    seconds: float | None = typer.Option(
        None, help="Go on in rounds of --requests until this many seconds have passed."
    ),
    url: str | None = typer.Option(None, help="The server's base URL; default: where `kraken serve` listens."),
    email: str | None = typer.Option(None, help="A user to send tokens of; default: the seeded demo customer."),
    password: str | None = typer.Option(None, help="That user's password."),
) -> None:
    """Send generated and malformed requests to a running server and count the unsound answers."""
    import httpx

    from api.schema import api_schema, auth_schema

    try:
        from ops import fuzz as fuzzer
    except ImportError as exc:  # hypothesis and hypothesis-graphql come with the test extra
        raise typer.BadParameter("kraken fuzz needs the test extra: pip install -e '.[test]'") from exc

    settings = _settings()
    base = (url or served_url(settings.host, settings.port)).rstrip("/")
    if email is None:
        kept = Path(settings.data_dir) / "demo-credentials.json"
        demo = json.loads(kept.read_text()) if kept.exists() else {}
        email, password = demo.get("email"), password or demo.get("password")
    with httpx.Client(base_url=base, timeout=60) as client:

        def login() -> str:
            if not email or not password:
                return ""
            answer = client.post(
                "/v1/graphql/",
                json={"query": FUZZ_LOGIN, "variables": {"input": {"email": email, "password": password}}},
            ).json()
            issued = (answer.get("data") or {}).get("obtainKrakenToken") or {}
            return str(issued.get("token") or "")

        def post(path: str, body: bytes, headers: dict[str, str]) -> tuple[int, str, str]:
            try:
                response = client.post(path, content=body, headers=headers)
            except httpx.HTTPError as exc:
                return 599, "", f"no answer: {exc!r}"
            return response.status_code, response.headers.get("content-type", ""), response.text

        console.print(f"fuzzing {base} with {requests} requests" + ("" if email and password else " (no login given)"))
        send = fuzzer.sender(post, login)
        tally = fuzzer.run(
            send,
            api_schema(settings)._schema,
            auth_schema(settings)._schema,
            requests,
            derandomize=False,
            progress=lambda t: console.log(f"{t.requests} sent, {t.faults} unsound, slowest {t.slowest:.2f} s"),
            seconds=seconds,
        )
    typer.echo(tally.render())
    if tally.faults:
        raise typer.Exit(1)


FUZZ_LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"


@app.command()
def bench(
    seconds: float = typer.Option(10.0, help="Length of each measured phase."),
    concurrency: int = typer.Option(16, help="Concurrent HTTP clients at peak."),
    workers: int = typer.Option(2, help="API processes (uvicorn workers)."),
    users: int = typer.Option(200, help="Account users to seed, in pairs sharing an account."),
    topology: bool = typer.Option(
        False, "--topology", help="Instead: the mutation rate with 1, 2 and 4 API processes and 1 and 2 workers."
    ),
) -> None:
    """Measure the store's append rate, and the API's mutation rate, latency, catch-up and memory against it."""
    if topology:
        _bench_topology(seconds, concurrency, users)
        return
    report = benchmark.run(
        _settings(), seconds=seconds, concurrency=concurrency, workers=workers, users=users, progress=console.log
    )
    console.print(benchmark.render(report))


# Acting for others: support staff and organisations ---------------------------------------------
# Whoever runs these holds the event store and the signing key already, so the CLI is the trusted
# "support site" that Kraken's masquerade flow assumes: it mints the staff member's one-time token.
staff_app = typer.Typer(help="Support staff, who may masquerade as account users.", no_args_is_help=True)
org_app = typer.Typer(help="Organisations, which act on any account with their secret key.", no_args_is_help=True)
app.add_typer(staff_app, name="staff")
app.add_typer(org_app, name="org")


@staff_app.command("create")
def staff_create(email: str = typer.Argument(..., help="The staff member's work email.")) -> None:
    """Register a support staff member (they obtain masquerade tokens with `kraken staff masquerade`)."""
    contexts = runtime.build(_settings())
    try:
        staff_id = contexts.identity.register_staff_member(identity_commands.RegisterStaffMember(email=email))
    except StaffMemberExists:
        console.print(f"[red]{email} is already a staff member.[/red]")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"staff member {email}: id {staff_id}")


@staff_app.command("masquerade")
def staff_masquerade(
    staff_email: str = typer.Argument(..., help="The staff member who will masquerade."),
    user_id: str = typer.Argument(..., help="The id of the account user to masquerade as."),
) -> None:
    """Print a one-time masquerade token (valid 5 minutes) for masqueradeAuthentication."""
    contexts = runtime.build(_settings())
    try:
        command = identity_commands.IssueMasqueradeToken(staff_email=staff_email, user_id=UUID(user_id))
        token = contexts.identity.issue_masquerade_token(command)
    except (UnknownStaffMember, ValueError) as exc:
        console.print(f"[red]Cannot masquerade:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    # Plain, on its own line: it is meant to be copied, and it is shown only this once.
    typer.echo(token)


@staff_app.command("deactivate")
def staff_deactivate(email: str = typer.Argument(..., help="The staff member's work email.")) -> None:
    """Stop a staff member masquerading; their masquerade sessions end at once."""
    contexts = runtime.build(_settings())
    try:
        contexts.identity.deactivate_staff_member(email)
    except UnknownStaffMember:
        console.print(f"[red]{email} is not a staff member.[/red]")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"staff member {email}: deactivated")


@org_app.command("create")
def org_create(name: str = typer.Argument(..., help="The organisation's name.")) -> None:
    """Register an organisation and print its live secret key (shown once; only its digest is kept)."""
    contexts = runtime.build(_settings())
    try:
        organisation_id, key = contexts.identity.register_organisation(
            identity_commands.RegisterOrganisation(name=name)
        )
    finally:
        contexts.close()
    typer.echo(f"organisation {name}: id {organisation_id}")
    typer.echo(f"secret key (shown once): {key}")


@org_app.command("rotate-key")
def org_rotate_key(organisation_id: str = typer.Argument(..., help="The organisation's id.")) -> None:
    """Print a new secret key; the old key and every token obtained with it stop working."""
    contexts = runtime.build(_settings())
    try:
        key = contexts.identity.rotate_organisation_key(UUID(organisation_id))
    except ValueError as exc:
        console.print(f"[red]Cannot rotate the key:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"secret key (shown once): {key}")


# Account users without an email yet ------------------------------------------------------------
user_app = typer.Typer(help="Account users.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("create-blackhole")
def user_create_blackhole(
    account_number: str = typer.Argument(..., help="The account the user belongs to."),
    given_name: str = typer.Option(..., help="The user's given name."),
    family_name: str = typer.Option(..., help="The user's family name."),
    address: str = typer.Option(..., help="The first line of the user's address (checked by verifyIdentity)."),
    postcode: str = typer.Option(..., help="The user's postcode (checked by verifyIdentity)."),
    date_of_birth: str = typer.Option("", help="YYYY-MM-DD, if known."),
) -> None:
    """Create a user with a placeholder email: they verify their identity and register an email."""
    contexts = runtime.build(_settings())
    try:
        user_id = contexts.identity.create_blackhole_user(
            identity_commands.CreateBlackholeUser(
                account_number=account_number,
                given_name=given_name,
                family_name=family_name,
                first_line_of_address=address,
                postcode=postcode,
                date_of_birth=date.fromisoformat(date_of_birth) if date_of_birth else None,
            )
        )
    finally:
        contexts.close()
    typer.echo(f"account user {user_id} of {account_number}: placeholder email, no password yet")


# Payments: repayments awaiting approval, bills, credit transfers ---------------------------------
repayment_app = typer.Typer(help="Repayment requests above the auto-approval limit.", no_args_is_help=True)
bill_app = typer.Typer(help="Billing documents: draft, then issue (issuing charges the ledger).", no_args_is_help=True)
transfer_app = typer.Typer(help="Credit transfers between ledgers with a permission.", no_args_is_help=True)
app.add_typer(repayment_app, name="repayment")
app.add_typer(bill_app, name="bill")
app.add_typer(transfer_app, name="transfer")


@repayment_app.command("pending")
def repayment_pending() -> None:
    """List the repayment requests waiting for an operator (as the read model has them)."""
    contexts = runtime.build(_settings())
    try:
        rows = contexts.read.repayments.in_state(RepaymentState.REQUESTED)
    finally:
        contexts.close()
    for row in rows:
        typer.echo(
            f"{row['number']}  {row['account_number']}  {row['ledger_number']}  {row['amount']}  {row['method']}"
        )
    if not rows:
        typer.echo("no repayment requests waiting for approval")


@repayment_app.command("approve")
def repayment_approve(request_id: str = typer.Argument(..., help="The request's id (requestId).")) -> None:
    """Approve a waiting repayment request: the payout worker pays it out."""
    contexts = runtime.build(_settings())
    try:
        request = contexts.payments.approve_repayment_request(request_id)
    except KrakenError as exc:
        console.print(f"[red]Cannot approve:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"repayment request {request.number}: approved ({request.amount} from {request.ledger_number})")


@repayment_app.command("reject")
def repayment_reject(
    request_id: str = typer.Argument(..., help="The request's id (requestId)."),
    reason: str = typer.Option(..., help="Why it is rejected (recorded with the event)."),
) -> None:
    """Reject a waiting repayment request; its credit is free again."""
    contexts = runtime.build(_settings())
    try:
        request = contexts.payments.reject_repayment_request(request_id, reason)
    except KrakenError as exc:
        console.print(f"[red]Cannot reject:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"repayment request {request.number}: rejected")


@bill_app.command("draft")
def bill_draft(
    account_number: str = typer.Argument(..., help="The account billed."),
    amount: int = typer.Option(..., help="The amount due, in minor units (pence)."),
    description: str = typer.Option(..., help="What the bill is for, as printed."),
    ledger_number: str = typer.Option("", help="The ledger charged (default: the account's main ledger)."),
) -> None:
    """Draft a bill (nothing is charged until it is issued)."""
    contexts = runtime.build(_settings())
    command = payments_commands.DraftBill(
        account_number=account_number, amount=amount, description=description, ledger_number=ledger_number or None
    )
    try:
        bill = contexts.payments.draft_bill(command)
    except KrakenError as exc:
        console.print(f"[red]Cannot draft the bill:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"bill {bill.number}: drafted for {bill.ledger_number} ({bill.amount})")


@bill_app.command("issue")
def bill_issue(bill_id: str = typer.Argument(..., help="The bill's id (billingDocumentId).")) -> None:
    """Issue a drafted bill: its amount is charged to the ledger, and it can be printed on request."""
    contexts = runtime.build(_settings())
    try:
        bill = contexts.payments.issue_bill(bill_id)
    except (BillRefused, LedgerLimitExceeded, KrakenError) as exc:
        console.print(f"[red]Cannot issue the bill:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"bill {bill.number}: issued, {bill.amount} charged to {bill.ledger_number}")


@transfer_app.command("open-storage")
def transfer_open_storage(account_number: str = typer.Argument(..., help="The account that gets the ledger.")) -> None:
    """Open a credit storage ledger for an account (credit transfer permissions need one)."""
    contexts = runtime.build(_settings())
    try:
        ledger = contexts.payments.open_ledger(account_number, LedgerKind.CREDIT_STORAGE)
    except LedgerCountExceeded as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"credit storage ledger {ledger.number} (id {ledger.ledger_id}) of {account_number}")


@transfer_app.command("credit")
def transfer_credit(
    source_ledger_number: str = typer.Argument(..., help="The ledger the credit leaves."),
    target_ledger_number: str = typer.Argument(..., help="The ledger the credit goes to."),
    amount: int = typer.Option(..., help="The amount, in minor units (pence)."),
    reason: str = typer.Option(..., help="Why (recorded with both entries)."),
) -> None:
    """Move credit along an active credit transfer permission (both entries in one save)."""
    contexts = runtime.build(_settings())
    command = payments_commands.TransferCredit(
        source_ledger_number=source_ledger_number,
        target_ledger_number=target_ledger_number,
        amount=amount,
        reason=reason,
    )
    try:
        source, target = contexts.payments.transfer_credit(command)
    except (LedgerLimitExceeded, KrakenError) as exc:
        console.print(f"[red]Cannot transfer:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"{amount} moved: {source.number} now {source.balance}, {target.number} now {target.balance}")


schedule_app = typer.Typer(help="Payment schedules that no mutation creates: top-ups and plans.", no_args_is_help=True)
app.add_typer(schedule_app, name="schedule")


@schedule_app.command("top-up")
def schedule_top_up(
    account_number: str = typer.Argument(..., help="The account, e.g. A-1B2C3D4E."),
    ledger_number: str = typer.Argument(..., help="The account's ledger, e.g. L-1B2C3D4E."),
    trigger: int = typer.Option(..., help="Top up when the balance (minor units) falls below this."),
    amount: int = typer.Option(..., help="How much each top-up collects (minor units)."),
) -> None:
    """Start a balance-triggered schedule from today, replacing the ledger's current schedule."""
    command = payments_commands.CreateAutoTopUpSchedule(
        account_number=account_number, ledger_number=ledger_number, trigger_threshold=trigger, amount=amount
    )
    _create_schedule(lambda contexts: contexts.payments.create_auto_top_up_schedule(command))


@schedule_app.command("plan")
def schedule_plan(
    account_number: str = typer.Argument(..., help="The account, e.g. A-1B2C3D4E."),
    ledger_number: str = typer.Argument(..., help="The account's ledger, e.g. L-1B2C3D4E."),
    day: int = typer.Option(..., help="The payment day, 1 to 28."),
    amount: int = typer.Option(..., help="Each payment (minor units)."),
) -> None:
    """Start a debt repayment plan's fixed schedule from today (customers cannot change it: KT-CT-3961)."""
    command = payments_commands.CreatePlanSchedule(
        account_number=account_number, ledger_number=ledger_number, payment_day=day, amount=amount
    )
    _create_schedule(lambda contexts: contexts.payments.create_plan_schedule(command))


def _create_schedule(create: Callable[[Contexts], Schedule]) -> None:
    contexts = runtime.build(_settings())
    try:
        schedule = create(contexts)
    except (ScheduleWithoutInstruction, KrakenError) as exc:
        console.print(f"[red]Cannot create the schedule:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"payment schedule {schedule.id} on {schedule.ledger_number}: active from {schedule.valid_from}")


# Properties: the homes accounts occupy (moving in and out will drive occupancy later) ----------------

property_app = typer.Typer(help="Properties: register a home an account occupies.", no_args_is_help=True)
app.add_typer(property_app, name="property")


@property_app.command("add")
def property_add(
    account: str = typer.Option(..., help="The account that occupies it, e.g. A-1B2C3D4E."),
    line1: str = typer.Option(..., help="The first line of the address."),
    postcode: str = typer.Option(..., help="A GB postcode, e.g. DE1 2AB."),
    line2: str = typer.Option("", help="More of the street address."),
    line3: str = typer.Option("", help="More of the street address."),
    locality: str = typer.Option("", help="The post town."),
    occupied_from: str = typer.Option(
        "", "--from", help="The first day the account occupies it, YYYY-MM-DD (default: today)."
    ),
) -> None:
    """Register a property and the account's occupancy of it from a day on."""
    try:
        first_day = date.fromisoformat(occupied_from) if occupied_from else None
    except ValueError:
        raise typer.BadParameter(f"'{occupied_from}' is not a date (YYYY-MM-DD).", param_hint="--from") from None
    command = accounts_commands.RegisterProperty(
        account_number=account,
        lines=(line1, line2, line3),
        locality=locality,
        postcode=postcode,
        occupied_from=first_day,
    )
    contexts = runtime.build(_settings())
    try:
        home = contexts.accounts.register_property(command)
    except (PropertyAddressInvalid, KrakenError) as exc:
        console.print(f"[red]Cannot register the property:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    [period] = home.periods
    typer.echo(f"property {home.property_id} ({home.postcode}): occupied by {account} from {period.effective_from}")


# Consent types -----------------------------------------------------------------------------------

consent_type_app = typer.Typer(help="Consent types: what customers can consent to.", no_args_is_help=True)
app.add_typer(consent_type_app, name="consent-type")


@consent_type_app.command("define")
def consent_type_define(
    code: str = typer.Argument(..., help="The type's code, e.g. MARKETING_EMAIL."),
    name: str = typer.Option(..., help="What customers see, e.g. 'Marketing by email'."),
    description: str = typer.Option("", help="What consenting means."),
    default: str = typer.Option("UNKNOWN", help="The value before any is recorded: ACCEPTED, REJECTED or UNKNOWN."),
) -> None:
    """Define a consent type, or change its name, description or default."""
    contexts = runtime.build(_settings())
    try:
        command = accounts_commands.DefineConsentType(
            code=code, name=name, description=description, default_value=default.upper()
        )
        changed = contexts.accounts.define_consent_type(command)
    except ValueError as exc:
        console.print(f"[red]Cannot define the consent type:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"consent type {code}: {'defined' if changed else 'unchanged'}")


# Customer feedback ------------------------------------------------------------------------------

feedback_app = typer.Typer(
    help="Feedback requests that customers answer with submitCustomerFeedback.", no_args_is_help=True
)
app.add_typer(feedback_app, name="feedback")


@feedback_app.command("request")
def feedback_request(
    account_number: str = typer.Argument(..., help="The account, e.g. A-1B2C3D4E."),
    form_id: int = typer.Option(..., help="The feedback form to answer (see the `question(formId)` query)."),
) -> None:
    """Ask the account's customers for feedback; prints the feedbackId they answer."""
    contexts = runtime.build(_settings())
    try:
        request = contexts.accounts.request_feedback(
            accounts_commands.RequestFeedback(account_number=account_number, form_id=form_id)
        )
    except KrakenError as exc:
        console.print(f"[red]Cannot request feedback:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"feedback request {request.number} for {account_number} with form {form_id}")


@feedback_app.command("list")
def feedback_list(account_number: str = typer.Argument(..., help="The account, e.g. A-1B2C3D4E.")) -> None:
    """The account's feedback requests, as the read model holds them (answered or not, and the score)."""
    contexts = runtime.build(_settings())
    try:
        [requests] = contexts.read.feedback_requests.of_accounts([account_number])
    finally:
        contexts.close()
    table = Table(title=f"Feedback requests of {account_number}")
    for column in ("feedbackId", "formId", "requested", "answered", "rawScore"):
        table.add_column(column)
    for request in requests:
        answered, score = request["answered_at"], request["raw_score"]
        table.add_row(
            str(request["number"]),
            str(request["form_id"]),
            request["requested_at"],
            answered or "not yet",
            "" if score is None else str(score),
        )
    console.print(table)


# Supply: an operator's review of meter readings ---------------------------------------------------
reading_app = typer.Typer(help="Meter readings held for review: release, reject or quarantine.", no_args_is_help=True)
app.add_typer(reading_app, name="reading")


@reading_app.command("held")
def reading_held() -> None:
    """List the readings held for review, the oldest first (as the read model has them)."""
    contexts = runtime.build(_settings())
    try:
        rows = contexts.read.meter_readings.held()
    finally:
        contexts.close()
    for row in rows:
        typer.echo(f"{row['id']}  {row['read_on'].isoformat()}  {row['value']} m3  {row['source']}  {row['reason']}")
    if not rows:
        typer.echo("no readings held for review")


def _review(reading_id: str, action: str) -> None:
    contexts = runtime.build(_settings())
    command = supply_commands.ReviewReading(reading_id=reading_id, by="ops:cli")
    try:
        review = {
            "release": contexts.supply.release_reading,
            "reject": contexts.supply.reject_reading,
            "quarantine": contexts.supply.quarantine_reading,
        }[action]
        recorded = review(command)
    except ReadingNotReviewable as exc:
        console.print(f"[red]Cannot {action}:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"reading {recorded.id} of meter {recorded.serial_number}: {recorded.status.value.lower()}")


@reading_app.command("release")
def reading_release(reading_id: str = typer.Argument(..., help="The reading's id (e.g. 1234567-3).")) -> None:
    """Release a held reading: it counts, and is the meter's last accepted reading if it is the latest."""
    _review(reading_id, "release")


@reading_app.command("reject")
def reading_reject(reading_id: str = typer.Argument(..., help="The reading's id (e.g. 1234567-3).")) -> None:
    """Reject a held reading: it is kept for the record and never counts or shows to the customer."""
    _review(reading_id, "reject")


@reading_app.command("quarantine")
def reading_quarantine(reading_id: str = typer.Argument(..., help="The reading's id (e.g. 1234567-3).")) -> None:
    """Set a suspicious reading (accepted or held) aside: it no longer counts."""
    _review(reading_id, "quarantine")


# Measurements ------------------------------------------------------------------------------------

measurements_app = typer.Typer(
    help="Smart-meter interval measurements: import a feed, simulate one.", no_args_is_help=True
)
app.add_typer(measurements_app, name="measurements")


def _import_feed(settings: Settings, contexts: Contexts, path: Path, file_format: str) -> None:
    try:
        report = measurement_feed.import_file(
            contexts.supply, path, file_format, settings.measurement_max_file_mb * 1024 * 1024
        )
    except MeasurementFileInvalid as refused:
        for problem in refused.errors:
            console.print(f"[red]{path}:[/red] {problem}")
        console.print("[red]Nothing was imported.[/red]")
        raise typer.Exit(1) from None
    except (measurement_feed.FeedFileRefused, ValueError, UnicodeDecodeError, OSError) as exc:
        console.print(f"[red]Import stopped:[/red] {exc}")
        raise typer.Exit(1) from None
    devices = ", ".join(sorted(report.devices)) or "none"
    typer.echo(f"{report.reads} reads in {report.batches} batches, {report.stored} new; devices: {devices}")


@measurements_app.command("import")
def measurements_import(
    file_name: str = typer.Argument(..., metavar="FILE", help="The feed file."),
    file_format: str = typer.Option(
        "",
        "--format",
        help="csv (a header line: device,start,end,value,unit) or json (one object a line); "
        "default: by the file's extension.",
    ),
) -> None:
    """Import a meter-data feed of interval reads; a file with a bad line imports nothing (exit 1)."""
    file = Path(file_name)
    if not file.is_file():
        raise typer.BadParameter(f"{file_name} is not a file.", param_hint="FILE")
    chosen = file_format or ("csv" if file.suffix.lower() == ".csv" else "json")
    settings = _settings()
    contexts = runtime.build(settings)
    try:
        _import_feed(settings, contexts, file, chosen)
    finally:
        contexts.close()


@measurements_app.command("simulate")
def measurements_simulate(
    serial: str = typer.Argument(..., help="The smart water meter's serial number."),
    days: int = typer.Option(30, min=1, max=3660, help="How many days, ending yesterday (or --end)."),
    interval: str = typer.Option("30m", help="30m (half-hourly reads) or 1d (one read a day)."),
    end: str = typer.Option("", help="The last day, YYYY-MM-DD (default: yesterday)."),
    occupants: int = typer.Option(2, min=1, max=20, help="How many people the household has."),
    seed: int = typer.Option(1, help="The same seed gives the same reads."),
    output: str = typer.Option("", help="Write the feed to this file instead of importing it."),
) -> None:
    """Simulate a household's water use as a smart meter's feed, and import it (or write it out)."""
    if interval not in measurement_feed.INTERVALS:
        raise typer.BadParameter("30m or 1d", param_hint="--interval")
    try:
        last = date.fromisoformat(end) if end else date.today() - timedelta(days=1)
    except ValueError:
        raise typer.BadParameter(f"'{end}' is not a date (YYYY-MM-DD).", param_hint="--end") from None
    records = measurement_feed.simulated_reads(
        serial, last - timedelta(days=days - 1), days, interval, measurement_feed.Household(occupants, seed)
    )
    if output:
        typer.echo(f"{measurement_feed.write_feed(records, Path(output))} reads written to {output}")
        return
    settings = _settings()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"{serial}.json"
        measurement_feed.write_feed(records, path)
        contexts = runtime.build(settings)
        try:
            _import_feed(settings, contexts, path, "json")
        finally:
            contexts.close()


# Water products: the catalogue and quotes ---------------------------------------------------------

tariff_app = typer.Typer(help="Water products (tariffs) and the quotes customers switch with.", no_args_is_help=True)
app.add_typer(tariff_app, name="tariff")


@tariff_app.command("add")
def tariff_add(
    code: str = typer.Argument(..., help="The product code, e.g. ST-MEASURED-26."),
    name: str = typer.Option(..., help="The display name customers see."),
    basis: str = typer.Option(..., help="MEASURED or UNMEASURED."),
    standing_charge: str = typer.Option(..., help="Pence a day, e.g. 10.52."),
    volumetric_rate: str = typer.Option("0", help="Pence a cubic metre (0 for an unmeasured product)."),
    description: str = typer.Option("", help="What the product is."),
    available_from: str = typer.Option("", "--from", help="First day on sale, YYYY-MM-DD (default: today)."),
    available_to: str = typer.Option("", "--to", help="Last day on sale, YYYY-MM-DD (default: open)."),
) -> None:
    """Add a water product to the catalogue."""
    try:
        command = supply_commands.AddProduct(
            code=code,
            display_name=name,
            basis=basis,
            standing_charge=Decimal(standing_charge),
            volumetric_rate=Decimal(volumetric_rate),
            description=description,
            available_from=date.fromisoformat(available_from) if available_from else None,
            available_to=date.fromisoformat(available_to) if available_to else None,
        )
    except (ArithmeticError, ValueError) as exc:
        raise typer.BadParameter(str(exc)) from None
    contexts = runtime.build(_settings())
    try:
        product = contexts.supply.add_product(command)
    except ValueError as exc:
        console.print(f"[red]Cannot add the product:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"product {product.code} ({product.basis}): on sale from {product.available_from}")


@tariff_app.command("list")
def tariff_list() -> None:
    """The catalogue (its read model brought up to date first)."""
    contexts = runtime.build(_settings())
    try:
        follower = ViewFollower(ProductsView.projection(), contexts.supply, contexts.read.store)
        while follower.run_once():
            pass
        products = contexts.read.water_products.catalogue()
    finally:
        contexts.close()
    table = Table(title="Water products")
    for column in ("code", "name", "basis", "standing p/day", "rate p/m3", "from", "to"):
        table.add_column(column)
    for p in products:
        table.add_row(
            p["code"],
            p["display_name"],
            p["basis"],
            str(p["standing_charge"]),
            str(p["volumetric_rate"]),
            str(p["available_from"]),
            str(p["available_to"] or ""),
        )
    console.print(table)


@tariff_app.command("quote")
def tariff_quote(
    account_number: str = typer.Argument(..., help="The account, e.g. A-1B2C3D4E."),
    property_id: str = typer.Argument(..., help="A property the account occupies."),
    products: list[str] = typer.Argument(..., help="The product codes to quote."),  # noqa: B008
) -> None:
    """Quote products for the supply point of a property; prints the code and each quoted product's id."""
    contexts = runtime.build(_settings())
    try:
        made = contexts.supply.quote_products(
            supply_commands.QuoteProducts(
                account_number=account_number, property_id=property_id, product_codes=tuple(products)
            )
        )
    except ValueError as exc:
        console.print(f"[red]Cannot quote:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"quote {made.code} for supply point {made.supply_point_id}, until {made.expires_at:%Y-%m-%d %H:%M}")
    for quoted in made.products:
        typer.echo(f"  {quoted_product_id(made.code, quoted.ordinal)}: {quoted.product_code}")


# Supply charges: meter applications (service orders) and rateable values --------------------------

service_order_app = typer.Typer(
    help="Service orders: applications for a water meter, surveyed, then fitted or found not practicable.",
    no_args_is_help=True,
)
app.add_typer(service_order_app, name="service-order")
OPERATOR = "ops:cli"


@service_order_app.command("list")
def service_order_list(
    status: str = typer.Option("", help="Only orders in these statuses, comma-separated, e.g. PENDING,IN_PROGRESS."),
    limit: int = typer.Option(100, min=1, max=10_000, help="At most this many, the newest first."),
) -> None:
    """List service orders, the newest first (as the read model has them)."""
    statuses = [name.strip().upper() for name in status.split(",") if name.strip()]
    unknown = [name for name in statuses if name not in ServiceOrderStatus.__members__]
    if unknown:
        raise typer.BadParameter(f"unknown status {', '.join(unknown)}", param_hint="--status")
    contexts = runtime.build(_settings())
    try:
        rows = contexts.read.service_orders.listed(statuses, limit)
    finally:
        contexts.close()
    for row in rows:
        survey = f"  survey {row['survey_on']}" if row["survey_on"] else ""
        typer.echo(
            f"{row['number']}  {row['status']}  {row['kind']}  property {row['property_id']}  "
            f"{row['account_number']}  raised {row['raised_at']:%Y-%m-%d}{survey}"
        )
    if not rows:
        typer.echo("no service orders")


def _service_order(change: Callable[[Contexts], object], number: str, done: str) -> None:
    contexts = runtime.build(_settings())
    try:
        change(contexts)
    except (ServiceOrderNotFound, ServiceOrderClosed) as exc:
        console.print(f"[red]Cannot change service order {number}:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"service order {number}: {done}")


@service_order_app.command("survey")
def service_order_survey(
    number: str = typer.Argument(..., help="The order's id."),
    on: str = typer.Option("", help="The day of the survey visit, YYYY-MM-DD (default: today)."),
) -> None:
    """Book the survey of a meter application: the order is IN_PROGRESS."""
    try:
        day = date.fromisoformat(on) if on else date.today()
    except ValueError:
        raise typer.BadParameter(f"'{on}' is not a date (YYYY-MM-DD).", param_hint="--on") from None
    command = supply_commands.BookServiceOrderSurvey(number=number, survey_on=day, booked_by=OPERATOR)
    _service_order(lambda c: c.supply.book_service_order_survey(command), number, f"survey booked for {day}")


@service_order_app.command("not-practicable")
def service_order_not_practicable(
    number: str = typer.Argument(..., help="The order's id."),
    reason: str = typer.Option(..., help="Why a meter cannot be fitted (recorded with the event)."),
) -> None:
    """Close a meter application as not practicable: the applicant is offered assessed charges."""
    command = supply_commands.CloseServiceOrderNotPracticable(number=number, reason=reason, closed_by=OPERATOR)
    _service_order(
        lambda c: c.supply.close_service_order_not_practicable(command), number, "not practicable, assessed offered"
    )


@service_order_app.command("cancel")
def service_order_cancel(
    number: str = typer.Argument(..., help="The order's id."),
    reason: str = typer.Option(..., help="Why it is cancelled (recorded with the event)."),
) -> None:
    """Cancel an open service order."""
    command = supply_commands.CancelServiceOrder(number=number, reason=reason, cancelled_by=OPERATOR)
    _service_order(lambda c: c.supply.cancel_service_order(command), number, "cancelled")


@property_app.command("rateable-value")
def property_rateable_value(
    property_id: str = typer.Argument(..., help="The property's id."),
    amount: str = typer.Argument(..., help="Its rateable value in pounds, e.g. 245 or 245.50."),
) -> None:
    """Record a property's rateable value (kept by supply): unmetered occupiers are charged on it."""
    # Money is read as a decimal, never a float: "245.10" is 24,510 pence exactly, and a third
    # decimal place is refused rather than rounded.
    try:
        pounds = Decimal(amount.strip())
    except InvalidOperation:
        pounds = Decimal("NaN")
    if not pounds.is_finite() or int(pounds.as_tuple().exponent) < -2 or pounds.adjusted() >= 9:
        raise typer.BadParameter(f"'{amount}' is not an amount of pounds and pence.", param_hint="AMOUNT")
    pence = int(pounds * 100)
    command = supply_commands.SetRateableValue(property_id=property_id, pence=pence, set_by=OPERATOR)
    contexts = runtime.build(_settings())
    try:
        contexts.supply.set_rateable_value(command)
    except (RateableValueInvalid, LookupError) as exc:
        console.print(f"[red]Cannot set the rateable value:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"property {property_id}: rateable value £{pence / 100:.2f}")


# Loyalty: campaigns and contribution schemes -------------------------------------------------------

loyalty_app = typer.Typer(
    help="Loyalty: campaigns, contribution schemes, referral schemes, claim codes and referral codes.",
    no_args_is_help=True,
)
campaign_app = typer.Typer(
    help="Campaigns customers are added to by slug (addCampaignToAccount).", no_args_is_help=True
)
contribution_scheme_app = typer.Typer(
    help="Contribution schemes customers give to through their bill (createContributionAgreement).",
    no_args_is_help=True,
)
app.add_typer(loyalty_app, name="loyalty")
loyalty_app.add_typer(campaign_app, name="campaign")
loyalty_app.add_typer(contribution_scheme_app, name="contribution-scheme")


def _caught_up(contexts: Contexts, view: type[CampaignsView] | type[ContributionsView]) -> None:
    follower = ViewFollower(view.projection(), contexts.loyalty, contexts.read.store)
    while follower.run_once():
        pass


@campaign_app.command("add")
def campaign_add(
    slug: str = typer.Argument(..., help="The campaign's slug, e.g. water-saving-challenge."),
    name: str = typer.Option(..., help="The name customers see."),
    start: str = typer.Option("", help="First day, YYYY-MM-DD (default: today)."),
    expiry: str = typer.Option("", help="Last day, YYYY-MM-DD (default: open)."),
) -> None:
    """Add a campaign to the catalogue."""
    contexts = runtime.build(_settings())
    try:
        starts = date.fromisoformat(start) if start else contexts.loyalty.clock.now().date()
        ends = date.fromisoformat(expiry) if expiry else None
        campaign = contexts.loyalty.add_campaign(AddCampaign(slug=slug, name=name, start_date=starts, expiry_date=ends))
    except ValueError as exc:
        console.print(f"[red]Cannot add the campaign:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"campaign {campaign.slug}: from {campaign.start_date} until {campaign.expiry_date or 'further notice'}")


@campaign_app.command("list")
def campaign_list() -> None:
    """The campaigns (their read model brought up to date first)."""
    contexts = runtime.build(_settings())
    try:
        _caught_up(contexts, CampaignsView)
        campaigns = contexts.read.campaigns.campaigns()
    finally:
        contexts.close()
    table = Table(title="Campaigns")
    for column in ("slug", "name", "start", "expiry"):
        table.add_column(column)
    for c in campaigns:
        table.add_row(c["slug"], c["name"], str(c["start_date"]), str(c["expiry_date"] or ""))
    console.print(table)


@contribution_scheme_app.command("add")
def contribution_scheme_add(
    code: str = typer.Argument(..., help="The scheme's code, e.g. COMMUNITY_WATER_FUND."),
    name: str = typer.Option(..., help="The display name customers see."),
    taxable: bool = typer.Option(False, help="Whether contributions to it are taxable."),
) -> None:
    """Add a scheme, open to new agreements."""
    contexts = runtime.build(_settings())
    try:
        scheme = contexts.loyalty.add_contribution_scheme(
            AddContributionScheme(code=code, display_name=name, taxable=taxable)
        )
    except ValueError as exc:
        console.print(f"[red]Cannot add the scheme:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"contribution scheme {scheme.code}: accepting contributions")


@contribution_scheme_app.command("close")
def contribution_scheme_close(
    code: str = typer.Argument(..., help="The scheme's code."),
    reopen: bool = typer.Option(False, "--reopen", help="Accept new agreements again instead."),
) -> None:
    """Stop a scheme accepting new agreements (those made carry on), or reopen it."""
    contexts = runtime.build(_settings())
    try:
        changed = contexts.loyalty.set_contribution_scheme_accepting(code, reopen)
    except ValueError as exc:
        console.print(f"[red]Cannot change the scheme:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    state = "accepting contributions" if reopen else "not accepting contributions"
    typer.echo(f"contribution scheme {code}: {state}{'' if changed else ' (already)'}")


@contribution_scheme_app.command("list")
def contribution_scheme_list() -> None:
    """The schemes (their read model brought up to date first)."""
    contexts = runtime.build(_settings())
    try:
        _caught_up(contexts, ContributionsView)
        schemes = contexts.read.contributions.schemes()
    finally:
        contexts.close()
    table = Table(title="Contribution schemes")
    for column in ("code", "name", "taxable", "accepting"):
        table.add_column(column)
    for s in schemes:
        table.add_row(s["code"], s["display_name"], "yes" if s["taxable"] else "no", "yes" if s["accepting"] else "no")
    console.print(table)


# Referrals (loyalty): the scheme catalogue, partner claim codes, personal codes; account brands ---

scheme_app = typer.Typer(help="Referral schemes: friend, sign-up, partner and promo rewards.", no_args_is_help=True)
claim_code_app = typer.Typer(help="Claim codes of partner and promo schemes.", no_args_is_help=True)
account_app = typer.Typer(help="Accounts: the brand an account belongs to.", no_args_is_help=True)
loyalty_app.add_typer(scheme_app, name="scheme")
loyalty_app.add_typer(claim_code_app, name="claim-codes")
app.add_typer(account_app, name="account")


def _moment(text: str, option: str) -> datetime | None:
    """A date (midnight UTC) or an ISO datetime; none for an empty option."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date or datetime.", param_hint=option) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@scheme_app.command("add")
def scheme_add(
    code: str = typer.Argument(..., help="The scheme's code, e.g. ST-FRIEND-26."),
    scheme_type: str = typer.Option(
        ..., "--type", help="REFERRAL_REWARD, SIGNUP_REWARD, PARTNER_REWARD or PROMO_REWARD."
    ),
    referrer_reward: int = typer.Option(0, help="The referrer's reward in pence."),
    referred_reward: int = typer.Option(0, help="The referred account's reward in pence."),
    points_bonus: int = typer.Option(0, help="Loyalty points the referrer earns as well."),
    brand: str = typer.Option("", help="The brand whose accounts it is for (default: KRAKEN_BRAND)."),
    starts: str = typer.Option("", "--from", help="When it opens, YYYY-MM-DD or an ISO datetime (default: now)."),
    ends: str = typer.Option("", "--to", help="When it closes (default: open-ended)."),
) -> None:
    """Add a referral scheme to the catalogue."""
    settings = _settings()
    command = loyalty_commands.AddReferralScheme(
        code=code,
        scheme_type=scheme_type,
        referrer_reward=referrer_reward,
        referred_reward=referred_reward,
        points_bonus=points_bonus,
        brand=brand or settings.brand,
        starts_at=_moment(starts, "--from"),
        ends_at=_moment(ends, "--to"),
    )
    contexts = runtime.build(settings)
    try:
        scheme = contexts.loyalty.add_referral_scheme(command)
    except SchemeInvalid as exc:
        console.print(f"[red]Cannot add the scheme:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"scheme {scheme.code} ({scheme.scheme_type}, {scheme.brand}): open from {scheme.starts_at.isoformat()}")


@scheme_app.command("end")
def scheme_end(
    code: str = typer.Argument(..., help="The scheme's code."),
    at: str = typer.Option("", help="When it closes (default: now)."),
) -> None:
    """Close a scheme to new referrals; those made keep their terms."""
    contexts = runtime.build(_settings())
    try:
        scheme = contexts.loyalty.end_referral_scheme(
            loyalty_commands.EndReferralScheme(code=code, at=_moment(at, "--at"))
        )
    except SchemeInvalid as exc:
        console.print(f"[red]Cannot end the scheme:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"scheme {scheme.code}: closed at {scheme.ends_at.isoformat() if scheme.ends_at else ''}")


@scheme_app.command("list")
def scheme_list() -> None:
    """The catalogue, as the loyalty context holds it."""
    contexts = runtime.build(_settings())
    try:
        catalogue = contexts.loyalty.referral_schemes()
        schemes = sorted(catalogue.schemes.values(), key=lambda s: s.code) if catalogue else []
    finally:
        contexts.close()
    table = Table(title="Referral schemes")
    for column in ("code", "type", "brand", "referrer p", "referred p", "points", "from", "to"):
        table.add_column(column)
    for s in schemes:
        table.add_row(
            s.code,
            s.scheme_type.value,
            s.brand,
            str(s.referrer_reward),
            str(s.referred_reward),
            str(s.points_bonus),
            s.starts_at.isoformat(),
            s.ends_at.isoformat() if s.ends_at else "",
        )
    console.print(table)


@claim_code_app.command("issue")
def claim_codes_issue(
    scheme: str = typer.Option(..., help="The partner or promo scheme's code."),
    count: int = typer.Option(1, help="How many codes to issue (1 to 10000)."),
) -> None:
    """Issue claim codes of a scheme; prints them, one a line."""
    contexts = runtime.build(_settings())
    try:
        codes = contexts.loyalty.issue_claim_codes(loyalty_commands.IssueClaimCodes(scheme_code=scheme, count=count))
    except SchemeInvalid as exc:
        console.print(f"[red]Cannot issue claim codes:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    for code in codes:
        typer.echo(code)


@loyalty_app.command("referral-code")
def loyalty_referral_code(account_number: str = typer.Argument(..., help="The account, e.g. A-1B2C3D4E.")) -> None:
    """The account's personal referral code and link (drawn now if it has none yet)."""
    contexts = runtime.build(_settings())
    try:
        if contexts.accounts.account(account_number) is None:
            console.print(f"[red]No account has the number {account_number}.[/red]")
            raise typer.Exit(1)
        code = contexts.loyalty.referral_code(account_number)
        link = contexts.loyalty.referral_link(code)
    finally:
        contexts.close()
    typer.echo(f"{code} {link}")


@account_app.command("set-brand")
def account_set_brand(
    account_number: str = typer.Argument(..., help="The account, e.g. A-1B2C3D4E."),
    brand: str = typer.Argument(..., help="SEVERN_TRENT or HAFREN_DYFRDWY."),
) -> None:
    """Move an account to another of the group's brands."""
    contexts = runtime.build(_settings())
    try:
        contexts.accounts.set_account_brand(account_number, brand)
    except (LookupError, ValueError) as exc:
        console.print(f"[red]Cannot set the brand:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(f"account {account_number}: brand {brand}")


# Goods: the catalogue of goods and grants, and fulfilment ------------------------------------------

goods_app = typer.Typer(help="Goods: the products and grants customers buy with, and fulfilment.", no_args_is_help=True)
app.add_typer(goods_app, name="goods")


def _goods(change: Callable[[Contexts], str], refused: str) -> None:
    contexts = runtime.build(_settings())
    try:
        outcome = change(contexts)
    except (CatalogueInvalid, KrakenError) as exc:
        console.print(f"[red]{refused}:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        contexts.close()
    typer.echo(outcome)


def _basis_points(vat: str) -> int:
    try:
        points = Decimal(vat) * 100
    except InvalidOperation:
        raise typer.BadParameter(f"'{vat}' is not a percentage, e.g. 20.", param_hint="--vat") from None
    if points != points.to_integral_value():
        raise typer.BadParameter("A VAT rate has at most two decimals, e.g. 17.5.", param_hint="--vat")
    return int(points)


@goods_app.command("add-product")
def goods_add_product(
    code: str = typer.Argument(..., help="The product code, e.g. WATER-BUTT-200L."),
    name: str = typer.Option(..., help="The name customers see."),
    product_type: str = typer.Option(..., "--type", help="The product type's code, e.g. WATER_BUTT."),
    type_name: str = typer.Option(..., help="The product type's name, e.g. 'Water butt'."),
    price: int | None = typer.Option(None, help="Net price per unit in pence (default: none yet)."),
    vat: str = typer.Option("20", help="The VAT rate in percent, e.g. 20 or 0."),
    market: str = typer.Option("GB", help="The market it is sold in."),
    description: str = typer.Option("", help="What the product is."),
    available_from: str = typer.Option("", "--from", help="First day on sale, YYYY-MM-DD (default: today)."),
    available_to: str = typer.Option("", "--to", help="Last day on sale, YYYY-MM-DD (default: open)."),
) -> None:
    """Add a product to the goods catalogue; prints its id (what quotes name it by)."""
    try:
        first = date.fromisoformat(available_from) if available_from else None
        last = date.fromisoformat(available_to) if available_to else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    command = goods_commands.AddProduct(
        code=code,
        market_name=market,
        product_type=product_type,
        product_type_name=type_name,
        customer_name=name,
        price_per_unit=price,
        vat_basis_points=_basis_points(vat),
        description=description,
        available_from=first,
        available_to=last,
    )

    def add(contexts: Contexts) -> str:
        product = contexts.goods.add_product(command)
        return f"product {product.id} {product.code}: on sale from {product.available_from}"

    _goods(add, "Cannot add the product")


@goods_app.command("set-price")
def goods_set_price(
    code: str = typer.Argument(..., help="The product code."),
    price: int = typer.Argument(..., help="The new net price per unit, in pence."),
) -> None:
    """Price a product for quotes and purchases from now on (quotes already made keep theirs)."""

    def set_price(contexts: Contexts) -> str:
        product = contexts.goods.set_product_price(goods_commands.SetProductPrice(code=code, price_per_unit=price))
        return f"product {product.code}: {product.price_per_unit} net, {product.gross_price_per_unit} gross"

    _goods(set_price, "Cannot set the price")


@goods_app.command("withdraw")
def goods_withdraw(code: str = typer.Argument(..., help="The product code.")) -> None:
    """Take a product off sale: no new quote or purchase names it."""

    def withdraw(contexts: Contexts) -> str:
        product = contexts.goods.withdraw_product(goods_commands.WithdrawProduct(code=code))
        return f"product {product.code}: withdrawn"

    _goods(withdraw, "Cannot withdraw the product")


@goods_app.command("add-grant")
def goods_add_grant(
    code: str = typer.Argument(..., help="The grant's code, e.g. WATER_EFFICIENCY."),
    product: str = typer.Option(..., help="The product code it pays towards."),
    amount: int = typer.Option(..., help="Pence off the net price of each unit."),
    max_units: int = typer.Option(..., help="The most units it pays towards per account."),
) -> None:
    """Offer a grant towards a product, capped per account."""

    def add(contexts: Contexts) -> str:
        grant = contexts.goods.add_grant(
            goods_commands.AddGrant(code=code, product_code=product, amount_per_unit=amount, max_units=max_units)
        )
        return (
            f"grant {grant.code}: {grant.amount_per_unit} off each {grant.product_code}, {grant.max_units} per account"
        )

    _goods(add, "Cannot add the grant")


@goods_app.command("withdraw-grant")
def goods_withdraw_grant(code: str = typer.Argument(..., help="The grant's code.")) -> None:
    """Stop offering a grant; purchases that hold it keep it until their items change."""

    def withdraw(contexts: Contexts) -> str:
        grant = contexts.goods.withdraw_grant(goods_commands.WithdrawGrant(code=code))
        return f"grant {grant.code}: withdrawn"

    _goods(withdraw, "Cannot withdraw the grant")


@goods_app.command("complete")
def goods_complete(code: str = typer.Argument(..., help="The purchase's code, e.g. GP-1234567.")) -> None:
    """Fulfilment delivered a purchase: its items can no longer change."""

    def complete(contexts: Contexts) -> str:
        done = contexts.goods.complete_purchase(goods_commands.CompletePurchase(code=code))
        return f"purchase {code}: {'completed' if done else 'already completed'}"

    _goods(complete, "Cannot complete the purchase")


@goods_app.command("list")
def goods_list() -> None:
    """The goods catalogue and its grants (its read model brought up to date first)."""
    contexts = runtime.build(_settings())
    try:
        follower = ViewFollower(GoodsProductsView.projection(), contexts.goods, contexts.read.store)
        while follower.run_once():
            pass
        products = contexts.read.goods_products.catalogue()
        grants = contexts.goods.grants()
    finally:
        contexts.close()
    table = Table(title="Goods")
    for column in ("id", "code", "name", "type", "market", "net p", "gross p", "from", "to", "on sale"):
        table.add_column(column)
    for p in products:
        price, gross = p["price_per_unit"], p["gross_price_per_unit"]
        table.add_row(
            str(p["id"]),
            p["code"],
            p["customer_name"],
            p["product_type"],
            p["market_name"],
            "" if price is None else str(price),
            "" if gross is None else str(gross),
            str(p["available_from"]),
            str(p["available_to"] or ""),
            "no" if p["withdrawn"] else "yes",
        )
    console.print(table)
    for grant in grants:
        state = " (withdrawn)" if grant.withdrawn else ""
        typer.echo(
            f"grant {grant.code}: {grant.amount_per_unit} off each {grant.product_code}, "
            f"{grant.max_units} per account{state}"
        )


# Analytics export ---------------------------------------------------------------------------------


@app.command("export")
def export_command(
    name: str = typer.Argument("", help="A read model's table, `events` or `measurements` (see --list)."),
    file_format: str = typer.Option("parquet", "--format", help="parquet or csv."),
    since: str = typer.Option(
        "",
        help="Only rows from this ISO date or datetime on (UTC unless it has an offset): events by their "
        "timestamp, a table by its natural time column (--list names it).",
    ),
    out: str = typer.Option("", help="The file to write (default: <name>.<format> here); written whole or not at all."),
    context: str = typer.Option("", help=f"events only: one context's ({', '.join(export.CONTEXTS)})."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    batch_rows: int = typer.Option(
        export.BATCH_ROWS,
        min=1,
        max=export.MAX_BATCH_ROWS,
        help="Rows read and written at a time (memory holds one batch).",
    ),
    list_names: bool = typer.Option(False, "--list", help="List what can be exported, and exit."),
    schema: bool = typer.Option(False, "--schema", help="Print the export's columns and types, and exit."),
) -> None:
    """Export a read model's table, every event or the interval measurements as Parquet or CSV, in bounded
    memory. The output holds personal data (events are decrypted): keep it as safe as the database."""
    try:
        if list_names:
            _export_list()
            return
        if not name:
            raise export.ExportRefused("Name what to export (`kraken export --list` shows the names).")
        if schema:
            _export_schema(name)
            return
        request = export.Request(name, file_format, export.since_of(since) if since else None, out, context, batch_rows)
        export.check(request)
        settings = _settings()
        contexts = runtime.build(settings)
        try:
            with export.progress_bar(Console(stderr=True), enabled=not quiet) as progress:
                result = export.export(settings, contexts, request, progress)
        finally:
            contexts.close()
    except export.ExportRefused as refused:
        # Not markup: the message repeats what was typed.
        Console(stderr=True).print(str(refused), style="red", markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    typer.echo(f"{result.rows} rows written to {result.path}")


def _export_list() -> None:
    rows = [(export.EVENTS, "(every context's event store)", "timestamp")]
    rows += [(s.name, s.read_model, s.since or "(refused)") for s in export.sources().values()]
    _export_lines(("name", "read model", "--since filters on"), rows)


def _export_schema(name: str) -> None:
    _export_lines(("column", "type", "nullable"), export.described(export.schema_of(name)))


def _export_lines(header: tuple[str, str, str], rows: list[tuple[str, str, str]]) -> None:
    # Plain aligned lines, never folded to the terminal's width: they are read, grepped and copied.
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def _as_of_moment(text: str) -> datetime:
    """`--as-of`: an ISO date-time in the past (UTC when it names no zone)."""
    try:
        moment = as_utc(datetime.fromisoformat(text.strip()))
    except ValueError:
        console.print(f"[red]--as-of: expected an ISO date-time such as 2026-01-31T18:00:00+00:00, not {text!r}[/red]")
        raise typer.Exit(2) from None
    if moment > datetime.now(UTC):
        console.print(f"[red]--as-of: {moment.isoformat()} is still to come; give a past moment.[/red]")
        raise typer.Exit(2)
    return moment


def _print_state(snapshot: AccountAsOf | None) -> None:
    # Plain lines, never folded: the state of the account at --as-of, after its timeline.
    for line in state_lines(snapshot) if snapshot is not None else ():
        typer.echo(line)


# Erasure: an account user's personal data made unreadable (README, "Erasure") ------------------


@user_app.command("erase")
def user_erase(
    user_id: str = typer.Argument(..., help="The id of the account user to erase."),
    reason: str = typer.Option("", help="Why (at most 200 characters; name no personal data here)."),
) -> None:
    """Erase an account user's personal data: their key is destroyed, their tokens revoked. Idempotent."""
    try:
        subject = UUID(user_id)
    except ValueError:
        console.print(f"[red]Not a user id:[/red] {user_id!r}")
        raise typer.Exit(2) from None
    contexts = runtime.build(_settings())
    try:
        erasure = contexts.identity.erase_user(identity_commands.EraseUser(user_id=subject, reason=reason))
    except KrakenError as exc:
        console.print(f"[red]Cannot erase:[/red] {exc.detail}")
        raise typer.Exit(2) from None
    finally:
        contexts.close()
    state = "was already erased" if erasure.already_erased else "erased"
    typer.echo(f"account user {erasure.user_id}: {state} at {erasure.erased_at.isoformat()}")


@staff_app.command("token")
def staff_token(email: str = typer.Argument(..., help="The staff member's work email.")) -> None:
    """Print a staff token (valid 60 minutes) for the staff mutations (eraseAccountUser); only those accept it."""
    contexts = runtime.build(_settings())
    try:
        token, expires_at = contexts.identity.issue_staff_token(identity_commands.IssueStaffToken(staff_email=email))
    except KrakenError:
        console.print(f"[red]{email} is not an active staff member.[/red]")
        raise typer.Exit(2) from None
    finally:
        contexts.close()
    # Plain, on its own line: it is meant to be copied into an Authorization header.
    typer.echo(token)
    console.print(f"expires {datetime.fromtimestamp(expires_at, UTC).isoformat()}", style="dim")


# The production topology on one machine, and the units of a real deployment -----------------------


@app.command("up")
def up(
    api: int = typer.Option(2, help="API processes, all serving one address."),
    workers: int = typer.Option(2, help="`kraken worker` processes (one Dramatiq worker process each)."),
    projectors: int = typer.Option(1, help="`kraken project` processes (two are safe)."),
    schedulers: int = typer.Option(1, help="`kraken scheduler` processes (one holds the lease at a time)."),
    worker_threads: int = typer.Option(8, help="Threads of each worker process."),
    metrics_port: int | None = typer.Option(
        None,
        help="Workers, projectors and schedulers serve their metrics on consecutive ports from this one, "
        "in that order (the API processes serve theirs on /metrics).",
    ),
    host: str | None = typer.Option(None, help="Overrides KRAKEN_HOST."),
    port: int | None = typer.Option(None, help="Overrides KRAKEN_PORT (0: any free port)."),
    state_file: str | None = typer.Option(
        None, help="Where the children's pids are kept (default: <KRAKEN_DATA_DIR>/topology.json)."
    ),
    print_units: str | None = typer.Option(
        None, "--print", help="Write `systemd` units or a `procfile` to DIR instead of starting anything."
    ),
    directory: str | None = typer.Argument(None, help="With --print: where the files go."),
    env_file: str = typer.Option(
        topology_units.DEFAULT_ENV_FILE, help="With --print systemd: the units' EnvironmentFile."
    ),
) -> None:
    """Run the production topology on PostgreSQL and a broker, restarting any process that dies."""
    settings = _settings()
    plan = Topology(
        api=api,
        workers=workers,
        projectors=projectors,
        schedulers=schedulers,
        worker_threads=worker_threads,
        metrics_port=metrics_port,
    )
    host, port = host or settings.host, settings.port if port is None else port
    if problems := plan.problems():
        console.print(f"[red]Cannot run that topology:[/red] {'; '.join(problems)}")
        raise typer.Exit(2)
    if print_units is not None:
        if print_units not in ("systemd", "procfile") or directory is None:
            console.print("[red]--print takes `systemd` or `procfile`, then the directory to write to.[/red]")
            raise typer.Exit(2)
        if print_units == "systemd":
            files = topology_units.systemd_units(plan, host, port, env_file)
        else:
            files = {"Procfile": topology_units.procfile(plan, host, port)}
        for path in topology_units.write(Path(directory), files):
            typer.echo(f"wrote {path}")
        return
    logs.configure(settings, "up")
    # The API processes' shared metrics directory, if any, emptied once, before any of them writes to it.
    metrics.prepare_for_serve()
    try:
        topology_up.run(
            settings,
            plan,
            host=host,
            port=port,
            state_file=Path(state_file) if state_file else topology_up.default_state_file(settings),
            say=lambda line: typer.echo(f"kraken up: {line}"),
        )
    except topology_up.CannotStart as exc:
        console.print(f"[red]Cannot start:[/red] {exc}")
        raise typer.Exit(2) from None


@app.command("serve-socket")
def serve_socket(fd: int = typer.Option(3, help="The inherited listening socket's file descriptor.")) -> None:
    """Serve the API on a listening socket inherited from `kraken up` or a systemd socket unit."""
    settings = _settings()
    logs.configure(settings, "serve")
    try:
        sock = api_process.inherited_socket(fd)
    except api_process.NotASocket as exc:
        console.print(f"[red]Cannot serve:[/red] {exc}")
        raise typer.Exit(2) from None
    api_process.serve(settings, sock)


def _bench_topology(seconds: float, concurrency: int, users: int) -> None:
    try:
        report = bench_topology.run_topology(
            _settings(), seconds=seconds, concurrency=concurrency, users=users, progress=console.log
        )
    except bench_topology.TopologyUnavailable as exc:
        console.print(f"[red]Cannot run the topology benchmark:[/red] {exc}")
        raise typer.Exit(2) from None
    console.print(bench_topology.render_topology(report))


# Last: `python -m ops.cli` runs the commands once every one of them is defined.
if __name__ == "__main__":
    app()
