"""What the consent tests share: the documents, and the read side's answer."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from ops import runtime
from settings import Settings
from tests.api.loyalty.conftest import token_for
from tests.api.pages.visiting import emails, link_in
from tests.helpers import GraphQL

CONSENT_FIELDS = "id code value type { code name description defaultValue }"

UPDATE_ACCOUNT_CONSENTS = f"""
mutation($accountNumber: String!, $consents: [ConsentInput]!) {{
  updateAccountConsents(accountNumber: $accountNumber, consents: $consents) {{ consents {{ {CONSENT_FIELDS} }} }}
}}"""

UPDATE_USER_CONSENTS = f"""
mutation($consents: [ConsentTypeInput], $userNumber: String) {{
  updateAccountUserConsents(consents: $consents, userNumber: $userNumber) {{
    accountUserConsents {{ consents {{ {CONSENT_FIELDS} }} }}
  }}
}}"""

REQUEST_DOUBLE_OPT_IN = f"""
mutation($input: DoubleOptInInput) {{ requestDoubleOptIn(input: $input) {{ consent {{ {CONSENT_FIELDS} }} }} }}"""

CONFIRM_DOUBLE_OPT_IN = f"""
mutation($input: ConfirmDoubleOptInInput) {{
  confirmDoubleOptIn(input: $input) {{ consent {{ {CONSENT_FIELDS} }} }}
}}"""

ACCOUNT_CONSENTS = f"""
query($accountNumber: String!) {{ account(accountNumber: $accountNumber) {{ consents {{ {CONSENT_FIELDS} }} }} }}"""

VIEWER_CONSENTS = f"query {{ viewer {{ consents {{ {CONSENT_FIELDS} }} }} }}"


def values(consents: list[dict]) -> dict[str, str]:
    return {consent["code"]: consent["value"] for consent in consents}


def account_consents(gql: GraphQL, token: str, account_number: str) -> dict[str, str]:
    body = gql(ACCOUNT_CONSENTS, {"accountNumber": account_number}, token=token)
    assert "errors" not in body, body
    return values(body["data"]["account"]["consents"])


def viewer_consents(gql: GraphQL, token: str) -> dict[str, str]:
    body = gql(VIEWER_CONSENTS, token=token)
    assert "errors" not in body, body
    return values(body["data"]["viewer"]["consents"])


def request_opt_in(gql: GraphQL, token: str, code: str = "MARKETING_EMAIL", **given: str) -> dict:
    """requestDoubleOptIn, by default for the viewer's own consent and to ada@example.com."""
    given = {"consentTypeCode": code, "ipAddress": "192.0.2.10"} | ({"emailAddress": "ada@example.com"} | given)
    return gql(REQUEST_DOUBLE_OPT_IN, {"input": {k: v for k, v in given.items() if v}}, token=token)


def emailed_link(settings: Settings) -> str:
    """The path and query of the confirmation link in the last email of the embedded mailbox."""
    return link_in(emails(settings)[-1], settings)


def emailed_token(settings: Settings) -> str:
    return parse_qs(urlsplit(emailed_link(settings)).query)["token"][0]


@pytest.fixture
def ada(contexts: runtime.Contexts, customer: dict[str, str], consent_types: list[str]) -> str:
    """The customer's Kraken Token, with the demo's consent types defined."""
    return token_for(contexts, customer["email"])
