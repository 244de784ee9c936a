"""Every mutation an operator switches off (KRAKEN_DISABLED_MUTATIONS) answers KT-CT-1113; the others still work."""

from __future__ import annotations

import msgspec
from graphql import is_non_null_type
from litestar.testing import TestClient

from api.mutation import MUTATIONS
from domain.identity import commands
from domain.shared.clock import FrozenClock
from ops import runtime
from ops.runtime import create_app
from settings import Settings
from tests.api.sample_operations import EVERY, PATHS, SCHEMAS, SEED, operation
from tests.helpers import GraphQL, error_codes


def test_every_seed_mutation_is_declared_with_its_gate() -> None:
    assert len(SEED) == 90
    # and this project's own beyond the seed: the staff's eraseAccountUser
    assert set(MUTATIONS) == {m["mutation"] for m in SEED} | {"eraseAccountUser"}


def test_every_mutation_an_operator_disables_answers_kt_ct_1113(settings: Settings, clock: FrozenClock) -> None:
    # given a server with all 90 mutations disabled, and type-valid operations built from the live schema,
    # sent without an Authorization header
    disabled = msgspec.structs.replace(settings, disabled_mutations=",".join(name for name, _ in EVERY))
    contexts = runtime.build(disabled, clock)
    try:
        with TestClient(create_app(disabled, contexts)) as client:
            answers = {}
            for name, server in EVERY:
                field = SCHEMAS[server].mutation_type.fields[name]
                query, variables = operation(name, field)
                answers[name] = (field, GraphQL(client, PATHS[server])(query, variables))
    finally:
        contexts.close()

    # then each answers KT-CT-1113 before it asks who is calling, and a non-null payload field nulls
    # the whole `data`, as GraphQL requires
    for name, (field, body) in answers.items():
        assert body["data"] == (None if is_non_null_type(field.type) else {name: None}), name
        assert len(body["errors"]) == 1, name
        error = body["errors"][0]
        assert error["path"] == [name]
        assert set(error["extensions"]) == {"errorType", "errorCode", "errorDescription"}
        assert error["extensions"]["errorType"] == "SERVICE_AVAILABILITY"
        assert error["extensions"]["errorCode"] == "KT-CT-1113", (name, error)
        assert "disabled on this server" in error["extensions"]["errorDescription"]


LOGIN = """
mutation Login($input: ObtainJSONWebTokenInput!) {
  obtainKrakenToken(input: $input) { token }
}
"""
FORCE_REAUTHENTICATION = """
mutation Force($input: ForceReauthenticationInput!) {
  forceReauthentication(input: $input) { tokensInvalidated }
}
"""


def test_an_operator_can_disable_an_implemented_mutation_and_leave_the_others_working(
    settings: Settings, clock: FrozenClock, customer: dict[str, str]
) -> None:
    # given a server configured with obtainKrakenToken disabled
    disabled = msgspec.structs.replace(settings, disabled_mutations="obtainKrakenToken")
    contexts = runtime.build(disabled, clock)
    try:
        token = contexts.identity.obtain_kraken_token(
            commands.ObtainKrakenToken(client="test", email=customer["email"], password=customer["password"])
        ).token
        with TestClient(create_app(disabled, contexts)) as client:
            gql = GraphQL(client)

            # when
            login = gql(LOGIN, {"input": {"email": customer["email"], "password": customer["password"]}})
            force = gql(FORCE_REAUTHENTICATION, {"input": {"includeThirdParties": False}}, token=token)
    finally:
        contexts.close()

    # then
    assert login["data"] == {"obtainKrakenToken": None}
    assert error_codes(login) == ["KT-CT-1113"]
    assert login["errors"][0]["extensions"]["errorType"] == "SERVICE_AVAILABILITY"
    assert "errors" not in force
    assert force["data"] == {"forceReauthentication": {"tokensInvalidated": True}}
