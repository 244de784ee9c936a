"""updateUser and its deprecated updateUserDetails: their input as the command, and their fields by value."""

from __future__ import annotations

from typing import Any

import strawberry

from api.identity.input_paths import InputPaths
from domain.identity import commands

# The input field each of the command's values comes from.
DETAIL_FIELDS = {
    "given_name": "givenName",
    "family_name": "familyName",
    "pronouns": "pronouns",
    "email": "email",
    "mobile": "mobile",
    "landline": "landline",
    "date_of_birth": "dateOfBirth",
    "title": "title",
}
DETAIL_PATHS: InputPaths = {value: ("input", field) for value, field in DETAIL_FIELDS.items()}


def given(value: Any) -> Any:
    """An omitted input field (UNSET) and null both leave the detail as it is."""
    return None if value is strawberry.UNSET else value


def update_user_command(kind: type[commands.UpdateUser], user_id: Any, input: Any) -> commands.UpdateUser:
    return kind(
        user_id=user_id,
        given_name=given(input.given_name),
        family_name=given(input.family_name),
        pronouns=given(input.pronouns),
        email=given(input.email),
        mobile=given(input.mobile),
        landline=given(input.landline),
        date_of_birth=given(input.date_of_birth),
        title=given(getattr(input, "title", None)),
    )
