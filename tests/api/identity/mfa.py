"""Shared steps of the MFA API tests: logging in, enrolling devices, reading the codes the worker sent."""

from __future__ import annotations

import re
from collections.abc import Callable
from email import message_from_bytes, policy
from pathlib import Path

import msgspec
import pyotp
from litestar.testing import TestClient

from domain.shared.clock import FrozenClock
from ops import runtime
from ops.runtime import create_app
from settings import Settings
from tests.helpers import GraphQL

LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token refreshToken } }"
CREATE = """
mutation CreateMfaDevice($input: CreateMfaDeviceInputType!) {
  createMfaDevice(input: $input) { deviceEmail devicePhone totpSecret }
}
"""
VALIDATE = """
mutation ValidateMfaDevice($input: ValidateMfaDeviceInputType!) {
  validateMfaDevice(input: $input) { deviceIsValid }
}
"""
DELETE = """
mutation DeleteMfaDevice($input: DeleteMfaDeviceInputType!) {
  deleteMfaDevice(input: $input) { deviceDeleted }
}
"""


def login(gql: GraphQL, customer: dict) -> str:
    body = gql(LOGIN, {"input": {"email": customer["email"], "password": customer["password"]}})
    return str(body["data"]["obtainKrakenToken"]["token"])


def emailed_codes(settings: Settings) -> list[str]:
    """The codes in the mailbox (the embedded mailer's folder), oldest first."""
    codes = []
    for path in sorted((Path(settings.data_dir) / "mailbox").glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        match = re.search(r"verification code is (\d{6})", body)
        assert match, body
        codes.append(match.group(1))
    return codes


def enable_email(auth_gql: GraphQL, token: str, settings: Settings, catch_up: Callable[[], int]) -> None:
    auth_gql(CREATE, {"input": {"mfaMethod": "EMAIL"}}, token=token)
    catch_up()
    code = emailed_codes(settings)[-1]
    body = auth_gql(VALIDATE, {"input": {"mfaMethod": "EMAIL", "token": code}}, token=token)
    assert body["data"]["validateMfaDevice"] == {"deviceIsValid": True}, body


def enable_totp(auth_gql: GraphQL, token: str, clock: FrozenClock) -> pyotp.TOTP:
    secret = auth_gql(CREATE, {"input": {"mfaMethod": "TOTP"}}, token=token)["data"]["createMfaDevice"]["totpSecret"]
    totp = pyotp.TOTP(secret)
    body = auth_gql(VALIDATE, {"input": {"mfaMethod": "TOTP", "token": totp.at(clock.now())}}, token=token)
    assert body["data"]["validateMfaDevice"] == {"deviceIsValid": True}, body
    return totp


def call_disabled(
    settings: Settings, contexts: runtime.Contexts, customer: dict, name: str, document: str, variables: dict
) -> dict:
    """Calls `document` on a server whose operator disabled the mutation `name`."""
    disabled = msgspec.structs.replace(settings, disabled_mutations=name)
    with TestClient(create_app(disabled, contexts, follow=False)) as client:
        token = login(GraphQL(client), customer)
        return GraphQL(client, "/graphql/")(document, variables, token=token)
