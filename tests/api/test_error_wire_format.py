"""How a Kraken error looks on the wire, including KT-CT-5450's validationErrors."""

from __future__ import annotations

from graphql import GraphQLError

from api.errors import to_wire
from domain.shared.catalogue import PasswordInvalid
from domain.shared.errors import FieldProblem


def test_a_kraken_error_carries_type_code_description_and_its_field_problems() -> None:
    # given a password rejected for two reasons, as the seed's resetUserPassword example shows
    error = PasswordInvalid(
        problems=[
            FieldProblem("password_too_short", "This password is too short.", ("input", "password")),
            FieldProblem("password_too_common", "This password is too common.", ("input", "password")),
        ]
    )
    # when
    wire = to_wire(GraphQLError(str(error), path=["resetUserPassword"], original_error=error))
    # then
    assert wire == {
        "message": "Password is invalid.",
        "path": ["resetUserPassword"],
        "extensions": {
            "errorType": "VALIDATION",
            "errorCode": "KT-CT-5450",
            "errorDescription": "Given password fails password policy requirements.",
            "validationErrors": [
                {
                    "code": "password_too_short",
                    "message": "This password is too short.",
                    "inputPath": ["input", "password"],
                },
                {
                    "code": "password_too_common",
                    "message": "This password is too common.",
                    "inputPath": ["input", "password"],
                },
            ],
        },
    }


def test_an_error_without_problems_has_no_validation_errors_key() -> None:
    wire = to_wire(GraphQLError("x", path=["resetUserPassword"], original_error=PasswordInvalid("Too short.")))
    assert wire["extensions"]["errorDescription"] == "Too short."
    assert "validationErrors" not in wire["extensions"]
