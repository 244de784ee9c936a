"""scheduleQuoteFollowUp: anyone holding a quote code may have a reminder of it sent later, by email or
SMS; its refusals, the throttle of an unauthenticated call, and the reminder going out once."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.shared.clock import FrozenClock
from domain.supply.quote_follow_up import QuoteFollowUp
from projections.contexts import Contexts
from settings import Settings
from tests.api.loyalty.conftest import served
from tests.api.pages.visiting import emails
from tests.api.supply.products import quoted
from tests.helpers import GraphQL, refused_with
from workers.supply.quote_follow_ups import release_due_quote_follow_ups

SCHEDULE = """
mutation ScheduleQuoteFollowUp($input: QuoteShareInput!) {
  scheduleQuoteFollowUp(input: $input) { success }
}
"""


def schedule(gql: GraphQL, code: str, **recipient: str) -> dict[str, Any]:
    given = {"givenName": "Ada", "familyName": "Lovelace"} | recipient
    return gql(SCHEDULE, {"input": {"quoteCode": code, "recipient": given}})


@pytest.fixture
def code(contexts: Contexts, customer: dict[str, str], property_id: str) -> str:
    return quoted(contexts, customer["account_number"], property_id).code


def test_the_reminder_is_emailed_once_its_delay_has_passed(
    backend: str,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    code: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # when
    assert schedule(gql, code, email="ada@example.com") == {"data": {"scheduleQuoteFollowUp": {"success": True}}}
    catch_up()
    # then: not before the delay (a day by default)
    assert release_due_quote_follow_ups(contexts, clock.now().date()) == 0
    clock.advance(timedelta(hours=24))
    assert release_due_quote_follow_ups(contexts, clock.now().date()) == 1
    catch_up()
    [sent] = emails(settings)
    assert sent["To"] == "ada@example.com"
    body = sent.get_content()
    assert code in body and "WaterSure 2026" in body and "Hello Ada," in body
    # Released and sent once, however often the job and the relay run.
    assert release_due_quote_follow_ups(contexts, clock.now().date()) == 0
    catch_up()
    assert len(emails(settings)) == 1


def test_a_mobile_alone_gets_an_sms(
    gql: GraphQL, settings: Settings, contexts: Contexts, code: str, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    assert schedule(gql, code, mobile="+44 7700 900123")["data"]["scheduleQuoteFollowUp"] == {"success": True}
    clock.advance(timedelta(hours=25))
    catch_up()
    release_due_quote_follow_ups(contexts, clock.now().date())
    catch_up()
    [text] = [json.loads(p.read_text()) for p in (Path(settings.data_dir) / "sms").glob("*.sms.json")]
    assert text["to"] == "+447700900123" and code in text["body"]
    assert emails(settings) == []


def test_the_recipient_is_kept_encrypted_with_the_follow_up(
    gql: GraphQL, contexts: Contexts, code: str, clock: FrozenClock
) -> None:
    schedule(gql, code, email="ada@example.com")
    [scheduled] = [
        n
        for n in contexts.supply.recorder.select_notifications(start=1, limit=100)
        if n.topic.endswith("QuoteFollowUp.Scheduled")
    ]
    assert b"ada@example.com" not in scheduled.state
    follow_up = contexts.supply.repository.get(scheduled.originator_id)
    assert isinstance(follow_up, QuoteFollowUp)
    assert (follow_up.address, follow_up.send_at) == ("ada@example.com", clock.now() + timedelta(hours=24))


def test_an_unknown_quote_code_is_kt_ct_4619(gql: GraphQL, code: str) -> None:
    refused_with(schedule(gql, "QNOTAREALCODE", email="ada@example.com"), "KT-CT-4619")


def test_another_accounts_number_with_the_code_is_kt_ct_4619(gql: GraphQL, code: str) -> None:
    body = gql(
        SCHEDULE,
        {"input": {"quoteCode": code, "accountNumber": "A-00000000", "recipient": {"email": "ada@example.com"}}},
    )
    refused_with(body, "KT-CT-4619")


@pytest.mark.parametrize(
    "recipient",
    [{}, {"email": "not-an-email"}, {"mobile": "call me"}, {"email": "", "mobile": ""}, {"email": "a@" + "b" * 300}],
)
def test_a_recipient_without_a_well_formed_email_or_mobile_is_kt_ct_4632(
    gql: GraphQL, code: str, recipient: dict[str, str]
) -> None:
    refused_with(schedule(gql, code, **recipient), "KT-CT-4632")


def test_switched_off_it_is_kt_ct_4633(settings: Settings, clock: FrozenClock, code: str) -> None:
    with served(settings, clock, quote_follow_ups=False) as off:
        refused_with(schedule(off, code, email="ada@example.com"), "KT-CT-4633")


def test_a_quote_code_is_throttled_then_kt_ct_1199(gql: GraphQL, code: str) -> None:
    # Five a day for one quote code by default; refused calls count as well.
    for _ in range(4):
        assert schedule(gql, code, email="ada@example.com")["data"]["scheduleQuoteFollowUp"] == {"success": True}
    refused_with(schedule(gql, code, email="nope"), "KT-CT-4632")
    refused_with(schedule(gql, code, email="ada@example.com"), "KT-CT-1199")


def test_a_client_guessing_codes_is_throttled_then_kt_ct_1199(
    settings: Settings, clock: FrozenClock, code: str
) -> None:
    with served(settings, clock, quote_follow_ups_per_client=3) as limited:
        for guess in ("QGUESS1", "QGUESS2", "QGUESS3"):
            refused_with(schedule(limited, guess, email="ada@example.com"), "KT-CT-4619")
        # The real code is refused too: the allowance is the client's, whatever it asks for.
        refused_with(schedule(limited, code, email="ada@example.com"), "KT-CT-1199")
