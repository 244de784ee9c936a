"""updateAccountUserConsents through HTTP: the viewer's own consents, or an organisation's for a named user."""

from __future__ import annotations

from collections.abc import Callable

from domain.shared.clock import FrozenClock
from ops import runtime
from settings import Settings
from tests.api.accounts import consents as shared
from tests.api.accounts.consents import UPDATE_USER_CONSENTS, values, viewer_consents
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import register, served
from tests.helpers import GraphQL, refused_with

ada = shared.ada


def update(gql: GraphQL, token: str, *consents: dict, user_number: str | None = None) -> dict:
    variables = {"consents": list(consents), "userNumber": user_number}
    return gql(UPDATE_USER_CONSENTS, variables, token=token)


def consent(code: str, value: str | None = "ACCEPTED", source: str | None = None) -> dict:
    given = {"consentTypeCode": code, "value": value, "source": source}
    return {name: v for name, v in given.items() if v is not None}


def answered(body: dict) -> dict[str, str]:
    assert "errors" not in body, body
    return values(body["data"]["updateAccountUserConsents"]["accountUserConsents"]["consents"])


def test_the_viewers_consents_change_and_are_visible_on_the_viewer(
    gql: GraphQL, customer: dict, ada: str, catch_up: Callable[[], int]
) -> None:
    # given
    update(gql, ada, consent("CUSTOMER_RESEARCH", "REJECTED"))
    # when
    body = update(gql, ada, consent("MARKETING_SMS", "ACCEPTED", "SUPPORT_SITE"))
    # then every consent of the user is answered
    assert answered(body) == {"CUSTOMER_RESEARCH": "REJECTED", "MARKETING_SMS": "ACCEPTED"}
    # and the user's consents are theirs, not the account's
    catch_up()
    assert viewer_consents(gql, ada) == {"CUSTOMER_RESEARCH": "REJECTED", "MARKETING_SMS": "ACCEPTED"}
    body = gql(
        "query($n: String!) { account(accountNumber: $n) { consents { code } } }",
        {"n": customer["account_number"]},
        token=ada,
    )
    assert body["data"]["account"]["consents"] == []


def test_a_user_may_name_themselves(gql: GraphQL, customer: dict, ada: str) -> None:
    body = update(gql, ada, consent("MARKETING_POST"), user_number=customer["user_id"])
    assert answered(body) == {"MARKETING_POST": "ACCEPTED"}


def test_an_organisation_changes_a_named_users_consents(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict, ada: str
) -> None:
    _, key = organisation(contexts)
    partner = organisation_token(gql, key)
    body = update(gql, partner, consent("MARKETING_POST", "REJECTED"), user_number=customer["user_id"])
    assert answered(body) == {"MARKETING_POST": "REJECTED"}
    # KT-CT-5421: a user number that names nobody, or is not one at all
    unknown = "00000000-0000-4000-8000-000000000000"
    refused_with(update(gql, partner, consent("MARKETING_POST"), user_number=unknown), "KT-CT-5421")
    refused_with(update(gql, partner, consent("MARKETING_POST"), user_number="U-1234"), "KT-CT-5421")
    # KT-CT-1605: an organisation has no consents of its own
    refused_with(update(gql, partner, consent("MARKETING_POST")), "KT-CT-1605")


def test_a_user_naming_someone_else_is_refused(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict, ada: str
) -> None:
    other = register(contexts, "grace@example.com", "Grace Hopper", customer["account_number"])
    refused_with(update(gql, ada, consent("MARKETING_POST"), user_number=other), "KT-CT-1605")


def test_a_consent_without_a_value_is_invalid(gql: GraphQL, ada: str) -> None:
    refused_with(update(gql, ada, consent("MARKETING_POST", None)), "KT-CT-5422")


def test_the_same_type_twice_and_an_unknown_type_are_refused(gql: GraphQL, ada: str) -> None:
    refused_with(update(gql, ada, consent("MARKETING_POST"), consent("MARKETING_POST", "REJECTED")), "KT-CT-9014")
    refused_with(update(gql, ada, consent("CARRIER_PIGEON")), "KT-CT-9017")


def test_switched_off_consent_management_refuses(settings: Settings, clock: FrozenClock, ada: str) -> None:
    with served(settings, clock, consent_management=False) as off:
        refused_with(update(off, ada, consent("MARKETING_POST")), "KT-CT-9016")
