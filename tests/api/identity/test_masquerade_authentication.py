"""masqueradeAuthentication: support staff exchange a one-time masquerade token for a 15-minute token as a user."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from uuid import UUID, uuid4

import jwt
import msgspec
from litestar.testing import TestClient

from domain.identity.masquerade_grant import MasqueradeGrant
from domain.identity.staff_member import StaffMember
from domain.shared.clock import FrozenClock
from domain.shared.encoding import actor_of
from ops import runtime
from ops.runtime import create_app
from settings import Settings
from tests.api.identity.acting_for_others import (
    STAFF_EMAIL,
    login,
    masquerade,
    masquerade_session,
    masquerade_token,
)
from tests.helpers import GraphQL, error_codes

VIEWER = "query { viewer { id email } }"
FORCE = "mutation { forceReauthentication(input: {includeThirdParties: false}) { tokensInvalidated } }"
REFUSED = {
    "token": None,
    "errors": [
        {
            "field": "masqueradeToken",
            "messages": ["The masquerade token is invalid, has expired, was already used, or is not for this user."],
        }
    ],
}


def grant_events(contexts: runtime.Contexts, token: str) -> list[str]:
    grant_id = MasqueradeGrant.id_for(hashlib.sha256(token.encode()).hexdigest())
    return [type(e).__name__ for e in contexts.identity.repository.event_store.get(grant_id)]


def test_staff_get_a_15_minute_token_as_the_user_that_names_them(
    backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts, clock: FrozenClock, catch_up
) -> None:
    # given the support site's one-time token
    catch_up()
    token = masquerade_token(contexts, customer["user_id"])
    # when
    body = masquerade(gql, token, customer["user_id"])
    # then
    answer = body["data"]["masqueradeAuthentication"]
    assert answer["errors"] == []
    claims = jwt.decode(answer["token"], options={"verify_signature": False})
    assert claims["sub"] == f"kraken|account-user:{customer['user_id']}"
    assert claims["gty"] == "MASQUERADE"
    assert claims["act"] == {"sub": f"kraken|staff:{StaffMember.id_for(STAFF_EMAIL)}"}
    assert claims["exp"] - claims["iat"] == 15 * 60
    assert gql(VIEWER, token=answer["token"])["data"]["viewer"] == {
        "id": customer["user_id"],
        "email": customer["email"],
    }
    # and the session ends after 15 minutes
    clock.advance(timedelta(minutes=15))
    assert error_codes(gql(VIEWER, token=answer["token"])) == ["KT-CT-1124"]


def test_the_masquerade_token_is_stored_only_as_a_digest(customer: dict, contexts: runtime.Contexts) -> None:
    token = masquerade_token(contexts, customer["user_id"])
    grant_id = MasqueradeGrant.id_for(hashlib.sha256(token.encode()).hexdigest())
    (issued,) = contexts.identity.repository.event_store.get(grant_id)
    assert issued.token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(vars(issued))


def test_a_masquerade_token_works_once(backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts) -> None:
    # given
    token = masquerade_token(contexts, customer["user_id"])
    assert masquerade(gql, token, customer["user_id"])["data"]["masqueradeAuthentication"]["token"]
    # when
    body = masquerade(gql, token, customer["user_id"])
    # then
    assert body["data"]["masqueradeAuthentication"] == REFUSED
    assert grant_events(contexts, token) == ["Issued", "Used"]


def test_an_expired_masquerade_token_is_refused(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    token = masquerade_token(contexts, customer["user_id"])
    clock.advance(timedelta(minutes=5))
    assert masquerade(gql, token, customer["user_id"])["data"]["masqueradeAuthentication"] == REFUSED
    assert grant_events(contexts, token) == ["Issued"]


def test_a_masquerade_token_serves_only_its_user(gql: GraphQL, customer: dict, contexts: runtime.Contexts) -> None:
    # given
    token = masquerade_token(contexts, customer["user_id"])
    # when it is presented for another user, or a malformed id
    for other in (str(uuid4()), "not-a-user-id"):
        assert masquerade(gql, token, other)["data"]["masqueradeAuthentication"] == REFUSED
    # then it is not spent, and still serves its own user
    assert grant_events(contexts, token) == ["Issued"]
    assert masquerade(gql, token, customer["user_id"])["data"]["masqueradeAuthentication"]["token"]


def test_an_unknown_masquerade_token_is_refused(gql: GraphQL, customer: dict) -> None:
    body = masquerade(gql, "mq_" + "x" * 43, customer["user_id"])
    assert body["data"]["masqueradeAuthentication"] == REFUSED


def test_a_deactivated_staff_member_can_neither_start_nor_continue(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    # given a session under way and a fresh token
    session = masquerade_session(gql, contexts, customer["user_id"])
    token = masquerade_token(contexts, customer["user_id"])
    # when the staff member is deactivated
    contexts.identity.deactivate_staff_member(STAFF_EMAIL)
    # then
    assert error_codes(gql(VIEWER, token=session)) == ["KT-CT-1111"]
    assert masquerade(gql, token, customer["user_id"])["data"]["masqueradeAuthentication"] == REFUSED


def test_the_user_forcing_reauthentication_ends_masquerade_sessions(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    session = masquerade_session(gql, contexts, customer["user_id"])
    gql(FORCE, token=login(gql, customer))
    assert error_codes(gql(VIEWER, token=session)) == ["KT-CT-1111"]


def test_events_written_under_masquerade_record_the_staff_member(
    backend: str, gql: GraphQL, customer: dict, contexts: runtime.Contexts
) -> None:
    # given
    session = masquerade_session(gql, contexts, customer["user_id"])
    # when
    assert gql(FORCE, token=session)["data"]["forceReauthentication"]["tokensInvalidated"] is True
    # then
    forced = list(contexts.identity.repository.event_store.get(UUID(customer["user_id"])))[-1]
    assert type(forced).__name__ == "ReauthenticationForced"
    staff_id = StaffMember.id_for(STAFF_EMAIL)
    assert actor_of(forced) == f"staff:{staff_id} as user:{customer['user_id']}"


def test_attempts_are_rate_limited_per_client_kt_ct_1199(
    gql: GraphQL, customer: dict, contexts: runtime.Contexts, settings: Settings
) -> None:
    # given a client that has used up its failures guessing
    token = masquerade_token(contexts, customer["user_id"])
    for n in range(settings.client_login_attempts):
        assert masquerade(gql, f"mq_guess{n}", customer["user_id"])["data"]["masqueradeAuthentication"] == REFUSED
    # when it presents even a real token
    body = masquerade(gql, token, customer["user_id"])
    # then
    assert body["data"] == {"masqueradeAuthentication": None}
    assert error_codes(body) == ["KT-CT-1199"]
    assert grant_events(contexts, token) == ["Issued"]


def test_aliases_cannot_multiply_attempts_kt_ct_1191(gql: GraphQL, customer: dict) -> None:
    user = customer["user_id"]
    doc = f"""mutation {{
      a: masqueradeAuthentication(masqueradeToken: "one", userId: "{user}") {{ token }}
      b: masqueradeAuthentication(masqueradeToken: "two", userId: "{user}") {{ token }}
    }}"""
    body = gql(doc)
    assert body["data"] is None
    assert error_codes(body) == ["KT-CT-1191"]


def test_an_operator_can_disable_it_kt_ct_1113(settings: Settings, clock: FrozenClock, customer: dict) -> None:
    disabled = msgspec.structs.replace(settings, disabled_mutations="masqueradeAuthentication")
    contexts = runtime.build(disabled, clock)
    try:
        token = masquerade_token(contexts, customer["user_id"])
        with TestClient(create_app(disabled, contexts, follow=False)) as client:
            body = masquerade(GraphQL(client), token, customer["user_id"])
        assert grant_events(contexts, token) == ["Issued"]
    finally:
        contexts.close()
    assert body["data"] == {"masqueradeAuthentication": None}
    assert error_codes(body) == ["KT-CT-1113"]
