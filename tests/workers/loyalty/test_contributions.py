"""Contribution agreements' workers: the confirmation email, sent once through the outbox relay to a
real SMTP server; the scheduler's job, which fulfils ended periods that payments then charges once."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.loyalty.contribution_agreement import ContributionInterval, add_months
from domain.loyalty.contribution_commands import AddContributionScheme, CreateContributionAgreement
from domain.payments.ledger import main_ledger_number
from domain.shared.clock import FrozenClock
from ops import following, runtime
from settings import Settings
from tests.workers.conftest import SmtpServer
from workers.loyalty.contributions import fulfil_due_contribution_periods, send_contribution_agreement_confirmation

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def relay(settings: Settings, contexts: runtime.Contexts) -> None:
    runner = following.runner(settings, contexts)
    try:
        runner.catch_up()
    finally:
        runner.wakeup.close()


def test_an_agreement_is_confirmed_once_and_charged_once_per_ended_period(
    backend: str,
    actors: runtime.Contexts,
    worker_settings: Settings,
    smtp: SmtpServer,
    customer: dict[str, str],
    clock: FrozenClock,
) -> None:
    number = customer["account_number"]
    relay(worker_settings, actors)  # the account's users are known to the read side first
    actors.loyalty.add_contribution_scheme(
        AddContributionScheme(code="WATER_FUND", display_name="Community water fund")
    )
    agreement = actors.loyalty.create_contribution_agreement(
        CreateContributionAgreement(
            account_number=number,
            scheme_code="WATER_FUND",
            interval=ContributionInterval.QUARTERLY,
            amount=1250,
            active_from=NOW,
        )
    )
    # when the relay hands the agreement to its actor
    relay(worker_settings, actors)
    # then
    [message] = smtp.inbox.messages()
    assert (message["To"], message["Subject"]) == ("ada@example.com", "Your contribution agreement")
    body = message.get_body(("plain",)).get_content()
    assert "12.50 every quarter to Community water fund" in body
    made = actors.loyalty.contribution_agreement(agreement.id)
    assert made is not None and made.confirmation_sent
    # and a redelivery sends nothing again
    send_contribution_agreement_confirmation.fn(str(agreement.id))
    assert len(smtp.inbox.messages()) == 1
    # when the scheduler runs before and after the first quarter ends (twice)
    assert fulfil_due_contribution_periods(actors, clock.now().date()) == 0
    clock.at = add_months(NOW, 3)
    assert fulfil_due_contribution_periods(actors, clock.now().date()) == 1
    # (a second tick before the read side has seen it fulfilled finds nothing more to record)
    assert fulfil_due_contribution_periods(actors, clock.now().date()) == 0
    relay(worker_settings, actors)
    assert fulfil_due_contribution_periods(actors, clock.now().date()) == 0
    relay(worker_settings, actors)
    # then the quarter is charged once on the main ledger
    entries = actors.read.ledgers.entries(main_ledger_number(number))
    assert [(e["kind"], e["amount"], e["reason_code"]) for e in entries] == [("CHARGE", -1250, "CONTRIBUTION")]
    [ledger] = actors.read.ledgers.of_account(number)
    assert ledger["balance"] == sum(e["amount"] for e in entries) == -1250
