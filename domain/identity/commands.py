"""Identity commands: one per mutation, named after it."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec


class ObtainKrakenToken(msgspec.Struct, frozen=True, kw_only=True):
    """Exactly one way of logging in is given; `client` names the caller for rate limiting."""

    client: str
    email: str | None = None
    password: str | None = None
    api_key: str | None = None
    refresh_token: str | None = None
    pre_signed_key: str | None = None
    organization_secret_key: str | None = None
    # The second factor, required with email and password once the user has an enabled MFA device.
    mfa_token: str | None = None


class ForceReauthentication(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    include_third_parties: bool = False


class RegisterUser(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: how operators (and the demo seed) create account users."""

    email: str
    password: str
    given_name: str
    family_name: str
    account_numbers: tuple[str, ...]
    # A process that must not register two users for one request draws the id first: registering
    # again under it answers the user it already registered (the email is claimed for that id).
    user_id: UUID | None = None


class SendPreSignedTokenEmail(msgspec.Struct, frozen=True, kw_only=True):
    """Email a one-time login key with this scope to `email`, if it is a user's; `client` is rate limited."""

    client: str
    email: str
    scope: str


class InvalidatePreSignedToken(msgspec.Struct, frozen=True, kw_only=True):
    """Possession of the key is the proof: whoever holds it may make it unusable."""

    token: str


class CreateMfaDevice(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    mfa_method: str


class ValidateMfaDevice(msgspec.Struct, frozen=True, kw_only=True):
    """`client` names the caller: code attempts are rate limited per user and per client."""

    user_id: UUID
    mfa_method: str
    token: str
    client: str


class DeleteMfaDevice(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    mfa_method: str


class RegenerateSecretKey(msgspec.Struct, frozen=True, kw_only=True):
    """`masquerading_staff_id` is set when support staff hold the viewer's token: they may not mint keys."""

    user_id: UUID
    masquerading_staff_id: UUID | None = None


class MasqueradeAuthentication(msgspec.Struct, frozen=True, kw_only=True):
    """Exchange a one-time masquerade token for a short-lived token as `user_id`; `client` is rate limited."""

    client: str
    masquerade_token: str
    user_id: str


class RegisterStaffMember(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: operators create support staff with `kraken staff create`."""

    email: str


class IssueMasqueradeToken(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: the support site's step (`kraken staff masquerade`)."""

    staff_email: str
    user_id: UUID


class RegisterOrganisation(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: operators create organisations with `kraken org create`."""

    name: str


class VerifyIdentity(msgspec.Struct, frozen=True, kw_only=True):
    """The caller's details, checked against an account's user; `client` is rate limited."""

    client: str
    account_number: str
    full_name: str
    first_line_of_address: str
    postcode: str


class VerifyIdentityFallback(msgspec.Struct, frozen=True, kw_only=True):
    """For a caller without an account number: family name, first line of address and postcode."""

    client: str
    family_name: str
    first_line_of_address: str
    postcode: str


class RegisterEmail(msgspec.Struct, frozen=True, kw_only=True):
    """Replace the viewer's placeholder (blackhole) email, naming one of the viewer's accounts."""

    client: str
    user_id: UUID
    account_number: str
    email: str


class UpdateBlackholeEmail(msgspec.Struct, frozen=True, kw_only=True):
    """Replace the viewer's placeholder (blackhole) email."""

    client: str
    user_id: UUID
    email: str


class UpdateUser(msgspec.Struct, frozen=True, kw_only=True):
    """None leaves a detail as it is; for mobile and landline "" clears it (Kraken's rule)."""

    user_id: UUID
    given_name: str | None = None
    family_name: str | None = None
    pronouns: str | None = None
    email: str | None = None
    mobile: str | None = None
    landline: str | None = None
    date_of_birth: date | None = None
    title: str | None = None


class UpdateUserDetails(UpdateUser, frozen=True, kw_only=True):
    """The deprecated updateUserDetails: the same details under the same rules as updateUser."""


class LinkUserToLine(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    link_token: str


class UnlinkUserFromLine(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID


class CreateBlackholeUser(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: operators create a user who has no email yet (a placeholder stands in)."""

    account_number: str
    given_name: str
    family_name: str
    first_line_of_address: str
    postcode: str
    date_of_birth: date | None = None


class RequestPasswordReset(msgspec.Struct, frozen=True, kw_only=True):
    """Email a reset link to `email` if it is a user's; `client` names the caller for rate limiting."""

    client: str
    email: str


class ResetUserPassword(msgspec.Struct, frozen=True, kw_only=True):
    """`user_id` is the link's base64 user id, `token` its reset token; both come from the email."""

    client: str
    user_id: str
    token: str
    new_password: str


class UpdatePassword(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    client: str
    old_password: str
    new_password: str
    new_password_confirmed: str


class UpdateEmailAndPassword(msgspec.Struct, frozen=True, kw_only=True):
    """The current password proves that whoever holds the token is the user (ASVS 2.1.6)."""

    user_id: UUID
    client: str
    current_password: str
    email: str
    password: str


class EraseUser(msgspec.Struct, frozen=True, kw_only=True):
    """Erase an account user's personal data (eraseAccountUser, `kraken user erase`); who erases is the actor."""

    user_id: UUID
    reason: str = ""


class IssueStaffToken(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: an operator mints a staff member's token for the staff mutations."""

    staff_email: str
