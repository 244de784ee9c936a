"""The Authorization header: the raw token, `JWT <token>`, and what a bad one answers."""

from __future__ import annotations

import jwt
import pytest

from api.mutation import MUTATIONS
from tests.api.sample_operations import EVERY, PATHS, SCHEMAS, operation
from tests.helpers import GraphQL, error_codes

FORCE = "mutation { forceReauthentication(input: {includeThirdParties: false}) { tokensInvalidated } }"
OBTAIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"


@pytest.fixture
def token(gql: GraphQL, customer: dict) -> str:
    body = gql(OBTAIN, {"input": {"email": customer["email"], "password": customer["password"]}})
    return str(body["data"]["obtainKrakenToken"]["token"])


@pytest.mark.parametrize("form", ["{}", "JWT {}"], ids=["raw", "JWT prefix"])
def test_the_token_is_accepted_raw_or_with_the_jwt_prefix(gql: GraphQL, token: str, form: str) -> None:
    body = gql(FORCE, token=form.format(token))
    assert body["data"]["forceReauthentication"] == {"tokensInvalidated": True}


def test_a_tampered_token_is_kt_ct_1111(gql: GraphQL, token: str) -> None:
    head, body, signature = token.split(".")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    assert error_codes(gql(FORCE, token=f"{head}.{body}.{flipped}")) == ["KT-CT-1111"]


def test_an_unsigned_token_is_kt_ct_1111(gql: GraphQL, token: str) -> None:
    claims = jwt.decode(token, options={"verify_signature": False})
    assert error_codes(gql(FORCE, token=jwt.encode(claims, None, algorithm="none"))) == ["KT-CT-1111"]


def test_an_empty_header_is_kt_ct_1112(gql: GraphQL) -> None:
    assert error_codes(gql(FORCE, token="JWT ")) == ["KT-CT-1112"]


def test_every_mutation_that_needs_a_viewer_answers_kt_ct_1111_to_a_bad_token(gql: GraphQL, token: str) -> None:
    # given a tampered token, and a type-valid operation for each mutation that needs a viewer
    head, body, signature = token.split(".")
    tampered = f"{head}.{body}.{signature[:-2] + ('AA' if signature[-2:] != 'AA' else 'BB')}"
    needing = [(name, server) for name, server in EVERY if MUTATIONS[name].auth]
    assert len(needing) > 60
    # when each is called with it, then each answers KT-CT-1111, before it looks at its input
    for name, server in needing:
        query, variables = operation(name, SCHEMAS[server].mutation_type.fields[name])
        answer = GraphQL(gql.client, PATHS[server])(query, variables, token=tampered)
        assert error_codes(answer) == ["KT-CT-1111"], (name, answer)
