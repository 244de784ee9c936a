"""What the consent tests share: the documents, and the read side's answer."""

from __future__ import annotations

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
