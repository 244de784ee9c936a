"""requestDoubleOptIn through HTTP: the consent is PENDING and the link goes out by email or SMS, once."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from domain.shared.clock import FrozenClock
from ops import runtime
from settings import Settings
from tests.api.accounts import consents as shared
from tests.api.accounts.consents import account_consents, emailed_link, request_opt_in, viewer_consents
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import served
from tests.api.pages.visiting import emails
from tests.helpers import GraphQL, refused_with

ada = shared.ada


def test_the_viewers_consent_becomes_pending_and_the_link_is_emailed(
    gql: GraphQL, settings: Settings, ada: str, catch_up: Callable[[], int]
) -> None:
    # when
    body = request_opt_in(gql, ada)
    # then the consent is PENDING
    consent = body["data"]["requestDoubleOptIn"]["consent"]
    assert (consent["code"], consent["value"]) == ("MARKETING_EMAIL", "PENDING")
    assert consent["type"]["name"] == "Marketing by email"
    # and once the worker has run, the user has a link in their mailbox
    catch_up()
    assert viewer_consents(gql, ada) == {"MARKETING_EMAIL": "PENDING"}
    [message] = emails(settings)
    assert message["To"] == "ada@example.com"
    assert emailed_link(settings).startswith("/confirm-consent?token=")
    # and a second catch-up sends nothing more
    catch_up()
    assert len(emails(settings)) == 1


def test_an_accounts_consent_by_sms(
    gql: GraphQL, settings: Settings, customer: dict, ada: str, catch_up: Callable[[], int]
) -> None:
    number = customer["account_number"]
    body = request_opt_in(
        gql, ada, "MARKETING_SMS", accountNumber=number, emailAddress="", mobileNumber="+44 7700 900123"
    )
    assert body["data"]["requestDoubleOptIn"]["consent"]["value"] == "PENDING"
    catch_up()
    assert account_consents(gql, ada, number) == {"MARKETING_SMS": "PENDING"}
    [text] = [json.loads(p.read_text()) for p in (Path(settings.data_dir) / "sms").glob("*.sms.json")]
    assert text["to"] == "+447700900123"
    assert "/confirm-consent?token=" in text["body"]
    assert emails(settings) == []


def test_an_accepted_consent_is_answered_unchanged_and_nothing_is_sent(
    gql: GraphQL, settings: Settings, ada: str, catch_up: Callable[[], int]
) -> None:
    gql(
        'mutation { updateAccountUserConsents(consents: [{consentTypeCode: "MARKETING_EMAIL", value: ACCEPTED}]) '
        "{ accountUserConsents { consents { code } } } }",
        token=ada,
    )
    body = request_opt_in(gql, ada)
    assert body["data"]["requestDoubleOptIn"]["consent"]["value"] == "ACCEPTED"
    catch_up()
    assert emails(settings) == []


def test_no_address_or_a_malformed_one_is_refused(gql: GraphQL, ada: str) -> None:
    refused_with(request_opt_in(gql, ada, emailAddress=""), "KT-CT-9019")
    refused_with(request_opt_in(gql, ada, emailAddress="not-an-email"), "KT-CT-9019")
    refused_with(request_opt_in(gql, ada, emailAddress="", mobileNumber="call me"), "KT-CT-9019")


def test_an_organisation_must_name_an_account(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict, ada: str
) -> None:
    _, key = organisation(contexts)
    partner = organisation_token(gql, key)
    refused_with(request_opt_in(gql, partner), "KT-CT-9019")
    body = request_opt_in(gql, partner, accountNumber=customer["account_number"])
    assert body["data"]["requestDoubleOptIn"]["consent"]["value"] == "PENDING"


def test_another_customers_account_and_an_unknown_type_are_refused(
    gql: GraphQL, contexts: runtime.Contexts, ada: str
) -> None:
    stranger = contexts.accounts.open_account("Charles Babbage")
    refused_with(request_opt_in(gql, ada, accountNumber=stranger.number), "KT-CT-9018")
    refused_with(request_opt_in(gql, ada, "CARRIER_PIGEON"), "KT-CT-9017")


def test_switched_off_consent_management_refuses(settings: Settings, clock: FrozenClock, ada: str) -> None:
    with served(settings, clock, consent_management=False) as off:
        refused_with(request_opt_in(off, ada), "KT-CT-9016")
