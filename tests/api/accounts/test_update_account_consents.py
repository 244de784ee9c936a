"""updateAccountConsents through HTTP: every consent after the update, visible on `account { consents }`."""

from __future__ import annotations

from collections.abc import Callable

from domain.accounts.consents import Consents, account_holder
from domain.shared.clock import FrozenClock
from ops import runtime
from settings import Settings
from tests.api.accounts import consents as shared
from tests.api.accounts.consents import UPDATE_ACCOUNT_CONSENTS, account_consents, values
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import served
from tests.helpers import GraphQL, refused_with

ada = shared.ada


def update(gql: GraphQL, token: str, number: str, *consents: tuple[str, str]) -> dict:
    variables = {"accountNumber": number, "consents": [{"code": c, "value": v} for c, v in consents]}
    return gql(UPDATE_ACCOUNT_CONSENTS, variables, token=token)


def test_the_account_consents_change_and_every_one_is_answered_and_visible(
    gql: GraphQL, customer: dict, ada: str, catch_up: Callable[[], int]
) -> None:
    # given
    number = customer["account_number"]
    update(gql, ada, number, ("MARKETING_POST", "ACCEPTED"))
    # when
    body = update(gql, ada, number, ("MARKETING_EMAIL", "REJECTED"), ("MARKETING_POST", "ACCEPTED"))
    # then every consent of the account is answered, with its type
    consents = body["data"]["updateAccountConsents"]["consents"]
    assert values(consents) == {"MARKETING_EMAIL": "REJECTED", "MARKETING_POST": "ACCEPTED"}
    post = next(c for c in consents if c["code"] == "MARKETING_POST")
    assert post["type"] == {
        "code": "MARKETING_POST",
        "name": "Marketing by post",
        "description": "News and offers about our services by post.",
        "defaultValue": "REJECTED",
    }
    assert isinstance(post["id"], int)
    # and they are visible on the account, with the same ids
    catch_up()
    assert account_consents(gql, ada, number) == values(consents)
    body = gql("query($n: String!) { account(accountNumber: $n) { consents { id code } } }", {"n": number}, token=ada)
    assert {c["code"]: c["id"] for c in body["data"]["account"]["consents"]} == {c["code"]: c["id"] for c in consents}


def test_an_unchanged_consent_records_nothing(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict, ada: str
) -> None:
    number = customer["account_number"]
    update(gql, ada, number, ("MARKETING_POST", "ACCEPTED"))
    update(gql, ada, number, ("MARKETING_POST", "ACCEPTED"), ("MARKETING_SMS", "REJECTED"))
    stored = contexts.accounts.repository.event_store.get(Consents.id_for(account_holder(number)))
    recorded = [(e.code, e.value) for e in stored if isinstance(e, Consents.ConsentRecorded)]
    assert recorded == [("MARKETING_POST", "ACCEPTED"), ("MARKETING_SMS", "REJECTED")]


def test_the_same_type_twice_is_refused(gql: GraphQL, customer: dict, ada: str) -> None:
    body = update(gql, ada, customer["account_number"], ("MARKETING_POST", "ACCEPTED"), ("MARKETING_POST", "REJECTED"))
    refused_with(body, "KT-CT-9014")


def test_an_unknown_type_is_refused(gql: GraphQL, customer: dict, ada: str) -> None:
    refused_with(update(gql, ada, customer["account_number"], ("CARRIER_PIGEON", "ACCEPTED")), "KT-CT-9017")


def test_another_customers_account_and_an_unknown_one_are_refused_alike(
    gql: GraphQL, contexts: runtime.Contexts, ada: str
) -> None:
    stranger = contexts.accounts.open_account("Charles Babbage")
    refused_with(update(gql, ada, stranger.number, ("MARKETING_POST", "ACCEPTED")), "KT-CT-9018")
    refused_with(update(gql, ada, "A-NOTFOUND", ("MARKETING_POST", "ACCEPTED")), "KT-CT-9018")


def test_an_organisation_may_update_any_existing_account(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict, ada: str
) -> None:
    _, key = organisation(contexts)
    partner = organisation_token(gql, key)
    body = update(gql, partner, customer["account_number"], ("MARKETING_SMS", "ACCEPTED"))
    assert values(body["data"]["updateAccountConsents"]["consents"]) == {"MARKETING_SMS": "ACCEPTED"}
    refused_with(update(gql, partner, "A-NOTFOUND", ("MARKETING_SMS", "ACCEPTED")), "KT-CT-9018")


def test_switched_off_consent_management_refuses(
    settings: Settings, clock: FrozenClock, customer: dict, ada: str
) -> None:
    with served(settings, clock, consent_management=False) as off:
        refused_with(update(off, ada, customer["account_number"], ("MARKETING_POST", "ACCEPTED")), "KT-CT-9016")


def test_input_beyond_its_bounds_is_refused_as_invalid(gql: GraphQL, customer: dict, ada: str) -> None:
    refused_with(update(gql, ada, customer["account_number"], ("X" * 65, "ACCEPTED")), "KT-CT-4321")
    # and so is a list longer than any deployment's types
    many = [(f"TYPE_{i}", "ACCEPTED") for i in range(51)]
    refused_with(update(gql, ada, customer["account_number"], *many), "KT-CT-4321")
