"""Identity commands about acting for others: support staff masquerading, organisations and live secret keys.

Who may act for whom:
- an account user's token acts as that user, on that user's accounts only;
- an organisation's token (obtainKrakenToken with organizationSecretKey) acts on any account, but
  is not an account user: what needs a user refuses it;
- a masquerade token (masqueradeAuthentication) acts as one user for 15 minutes and names the
  staff member in its `act` claim, so every event written with it records who really acted.
"""

from __future__ import annotations

import secrets as random_secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.identity import commands, secrets
from domain.identity.indexes import normalise_email
from domain.identity.lookups import IdentityLookups
from domain.identity.masquerade_grant import MasqueradeGrant
from domain.identity.organisation import SUBJECT_PREFIX as ORGANISATION_PREFIX
from domain.identity.organisation import Organisation, OrganisationKey
from domain.identity.principal import Principal
from domain.identity.staff_member import StaffMember
from domain.identity.tokens import IssuedToken
from domain.identity.user import User
from domain.shared.catalogue import InvalidCredentials, Unauthorized
from domain.shared.digests import digest

# The support site's token only bridges to masqueradeAuthentication: minutes, not hours.
MASQUERADE_TOKEN_TTL = timedelta(minutes=5)
# A masquerade session is short (a support call), and it cannot be renewed: no refresh token.
MASQUERADE_SESSION_TTL = timedelta(minutes=15)
_STAFF_ACTOR_PREFIX = "kraken|staff:"


# Operator-only conditions: only the ops CLI registers, deactivates and speaks for staff members (no
# mutation does), so no client can meet these; they carry no KT code, and only ops/ catches them.
class UnknownStaffMember(Exception):
    """An operator named a staff member who was never registered."""


class StaffMemberExists(Exception):
    """An operator tried to register a staff email twice."""


class AccessCommands(IdentityLookups):
    """Joined into the Identity application (domain/identity/application.py)."""

    if TYPE_CHECKING:
        # Defined by the joined Identity application; declared here only for the type checker.
        def issue_secret_key(self, user_id: UUID) -> str: ...

        def session_of(self, claims: dict[str, Any]) -> tuple[User, str | None]: ...

    # Operators' commands (the ops CLI) ----------------------------------------------------------

    def register_staff_member(self, command: commands.RegisterStaffMember) -> UUID:
        def decide() -> tuple[UUID, list[Any]]:
            if self.find(StaffMember.id_for(command.email)) is not None:
                raise StaffMemberExists(command.email)
            staff = StaffMember.register(command.email, at=self.clock.now())
            return staff.id, [staff]

        return self.decide(decide)

    def deactivate_staff_member(self, email: str) -> None:
        def decide() -> tuple[None, list[Any]]:
            staff = self._staff_member(email)
            staff.deactivate(at=self.clock.now())
            return None, [staff]

        self.decide(decide)

    def issue_masquerade_token(self, command: commands.IssueMasqueradeToken) -> str:
        """A one-time masquerade token for the user; the clear token is returned once and never stored."""
        token = "mq_" + random_secrets.token_urlsafe(32)
        token_digest = digest(token)

        def decide() -> tuple[str, list[Any]]:
            staff = self._staff_member(command.staff_email)
            if not staff.active:
                raise UnknownStaffMember(f"{command.staff_email} is deactivated")
            if not isinstance(self.find(command.user_id), User):
                raise ValueError(f"no account user {command.user_id}")
            expires_at = self.clock.now() + MASQUERADE_TOKEN_TTL
            grant = MasqueradeGrant.issue(token_digest, staff.id, command.user_id, expires_at)
            return token, [grant]

        return self.decide(decide)

    def register_organisation(self, command: commands.RegisterOrganisation) -> tuple[UUID, str]:
        """The new organisation's id and live secret key; the clear key is returned once and never stored."""
        key = _new_organisation_key()
        key_digest = digest(key)

        def decide() -> tuple[tuple[UUID, str], list[Any]]:
            organisation = Organisation(name=command.name, key_digest=key_digest, registered_at=self.clock.now())
            return (organisation.id, key), [organisation, OrganisationKey.claim(key_digest, organisation.id)]

        return self.decide(decide)

    def rotate_organisation_key(self, organisation_id: UUID) -> str:
        """A new key for the organisation: the old key and every token issued with it stop working."""
        key = _new_organisation_key()
        key_digest = digest(key)

        def decide() -> tuple[str, list[Any]]:
            organisation = self.find(organisation_id)
            if not isinstance(organisation, Organisation):
                raise ValueError(f"no organisation {organisation_id}")
            organisation.rotate_key(key_digest, at=self.clock.now())
            return key, [organisation, OrganisationKey.claim(key_digest, organisation.id)]

        return self.decide(decide)

    # Mutations ---------------------------------------------------------------------------------

    def regenerate_secret_key(self, command: commands.RegenerateSecretKey) -> str:
        # A key outlives the masquerade session: staff must not leave a standing credential behind.
        if command.masquerading_staff_id is not None:
            raise Unauthorized("A masquerade session cannot regenerate the user's secret key.")
        # Only the user's current digest logs in, so the previous key stops working at once.
        return self.issue_secret_key(command.user_id)

    def masquerade_authentication(self, command: commands.MasqueradeAuthentication) -> IssuedToken | None:
        """A 15-minute token as the user, naming the staff member; None when refused.

        The seed lists no error codes: a refusal is answered in the payload's `errors` list.
        """
        keys = [f"masquerade-client:{command.client}"]
        self._check_throttle(keys)
        token_digest = digest(command.masquerade_token)
        try:
            user_id = UUID(command.user_id)
        except ValueError:
            user_id = None

        def decide() -> tuple[IssuedToken | None, list[Any]]:
            grant: MasqueradeGrant | None = self.find(MasqueradeGrant.id_for(token_digest))
            if grant is None or user_id is None or not secrets.same_digest(grant.token_digest, token_digest):
                return None, []
            if grant.refusal(user_id, self.clock.now()) is not None:
                return None, []
            staff: StaffMember | None = self.find(grant.staff_id)
            user: User | None = self.find(grant.user_id)
            if staff is None or not staff.active or user is None or user.erased_at is not None:
                return None, []
            # Used in the same save as the checks: of two exchanges racing with one token, the
            # second one's save conflicts, its retry sees the grant used, and it is refused.
            grant.use(at=self.clock.now())
            issued = self.tokens.issue(
                subject=user.subject,
                email=user.email,
                grant="MASQUERADE",
                epoch=user.token_epoch,
                actor=f"{_STAFF_ACTOR_PREFIX}{staff.id}",
                lifetime=MASQUERADE_SESSION_TTL,
            )
            return issued, [grant]

        issued = self.decide(decide)
        if issued is None:
            self.throttle.record_failure(keys, self.limits.window_seconds)
        return issued

    # Authentication of requests ----------------------------------------------------------------

    def principal(self, token: str) -> Principal:
        """Who the access token speaks for; KT-CT-1124 when expired, KT-CT-1111 when not valid."""
        known = self.recent_principal(token)
        if known is not None:
            return known
        ticket = self.principals.ticket()
        claims = self.tokens.read_access(token)
        subject = claims["sub"]
        if isinstance(subject, str) and subject.startswith(ORGANISATION_PREFIX):
            organisation = self._organisation_of(subject, claims["rev"])
            principal, ids = Principal(organisation), {organisation.id}
        else:
            user, scope = self.session_of(claims)
            staff_id = self._masquerading_staff(claims)
            principal = Principal(user, scope, staff_id)
            ids = {user.id} if staff_id is None else {user.id, staff_id}
        self.principals.keep(token, principal, ids, claims["exp"], ticket)
        return principal

    def recent_principal(self, token: str) -> Principal | None:
        """The principal of a token verified lately, if it still holds (cheap: no signature, no store)."""
        return self.principals.get(token, self.clock.now())

    def _log_in_with_organisation_key(self, key: str, client: str) -> IssuedToken:
        keys = [f"client:{client}"]
        self._check_throttle(keys)
        key_digest = digest(key)
        index: OrganisationKey | None = self.find(OrganisationKey.id_for(key_digest))
        organisation: Organisation | None = self.find(index.organisation_id) if index else None
        # A rotated key leaves its old index behind: only the organisation's current digest counts.
        if organisation is None or not secrets.same_digest(organisation.key_digest, key_digest):
            self.throttle.record_failure(keys, self.limits.window_seconds)
            raise InvalidCredentials("The organisation secret key is not valid.")
        return self.tokens.issue(
            subject=organisation.subject, email="", grant="ORGANIZATION-SECRET-KEY", epoch=organisation.token_epoch
        )

    # -------------------------------------------------------------------------------------------

    def _staff_member(self, email: str) -> StaffMember:
        staff: StaffMember | None = self.find(StaffMember.id_for(email))
        if staff is None:
            raise UnknownStaffMember(normalise_email(email))
        return staff

    def _organisation_of(self, subject: str, epoch: Any) -> Organisation:
        try:
            organisation_id = UUID(subject.removeprefix(ORGANISATION_PREFIX))
        except ValueError:
            raise Unauthorized("The token's organisation is not valid.") from None
        organisation = self.find(organisation_id)
        if not isinstance(organisation, Organisation) or epoch != organisation.token_epoch:
            raise Unauthorized("This organisation token has been revoked; obtain a new one.")
        return organisation

    def _masquerading_staff(self, claims: dict[str, Any]) -> UUID | None:
        act = claims.get("act")
        if act is None:
            return None
        # A signed token names its staff member; one deactivated since loses the session at once.
        subject = act.get("sub") if isinstance(act, dict) else None
        staff: StaffMember | None = None
        if isinstance(subject, str) and subject.startswith(_STAFF_ACTOR_PREFIX):
            try:
                staff = self.find(UUID(subject.removeprefix(_STAFF_ACTOR_PREFIX)))
            except ValueError:
                staff = None
        if not isinstance(staff, StaffMember) or not staff.active:
            raise Unauthorized("The staff member behind this masquerade token may no longer act.")
        return staff.id


def _new_organisation_key() -> str:
    return "sk_live_org_" + random_secrets.token_urlsafe(32)
