"""Identity commands about the account user's own details: identity checks, emails, names and LINE links.

Users without an email (a placeholder "blackhole" address in the `.invalid` top-level domain, which
RFC 2606 reserves so that it can never be delivered to) are created by operators with the facts an
identity check compares: names, first line of address and postcode (and the date of birth, when
known). verifyIdentity and its fallback compare the caller's details with them and answer a
60-minute access token limited to the UPDATE_BLACKHOLE_EMAIL scope, with which registerEmail or
updateBlackholeEmail replaces the placeholder.
"""

from __future__ import annotations

import hmac
import re
import secrets as random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

from domain.identity import commands, secrets
from domain.identity.errors import (
    BlackholeEmailUpdateInvalid,
    IdentityDetailsMismatch,
    PasswordResetEmailNotSent,
    RegistrationAccountNotFound,
    UserAlreadyHasEmail,
    UserDetailsInvalid,
)
from domain.identity.indexes import normalise_email
from domain.identity.line_link import (
    LINK_TOKEN_TTL,
    LineAccount,
    LineLinkToken,
    link_token_for,
    link_token_id_of,
)
from domain.identity.lookups import WELL_FORMED_EMAIL, IdentityLookups
from domain.identity.residents import Residents, normalise_postcode
from domain.identity.user import User
from domain.shared.catalogue import TooManyRequests
from domain.shared.digests import digest
from domain.shared.errors import FieldProblem

BLACKHOLE_DOMAIN = "blackhole.invalid"
VERIFIED_SCOPE = "UPDATE_BLACKHOLE_EMAIL"
# Kraken's rule for updateUser: one name field per day, except for customers in their first 31 days.
NAME_CHANGE_PERIOD = timedelta(days=1)
NEW_CUSTOMER_PERIOD = timedelta(days=31)
LINE_ACCOUNT_LINK_URL = "https://access.line.me/dialog/bot/accountLink"

_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,22}")
_OLDEST_BIRTH = date(1900, 1, 1)


def has_blackhole_email(user: User) -> bool:
    return user.email.endswith("@" + BLACKHOLE_DOMAIN)


def _comparable(text: str) -> bytes:
    """Case, accents, punctuation and spacing do not count when a person types their details."""
    folded = unicodedata.normalize("NFKD", text).casefold()
    kept = "".join(c if c.isalnum() else " " for c in folded if not unicodedata.combining(c))
    return " ".join(kept.split()).encode()


def _same(given: str, recorded: str) -> bool:
    # Constant-time, so that timing does not tell how much of a detail was right.
    return bool(recorded) and hmac.compare_digest(_comparable(given), _comparable(recorded))


@dataclass(frozen=True, slots=True)
class LineLinkOutcome:
    """linkUserToLine's answer: a redirect to LINE, or why not (Kraken's LineLinkErrorType)."""

    redirect_url: str | None = None
    refusal: str | None = None


class ProfileCommands(IdentityLookups):
    """Joined into the Identity application (domain/identity/application.py)."""

    # Operators' commands ------------------------------------------------------------------------

    def create_blackhole_user(self, command: commands.CreateBlackholeUser) -> UUID:
        """A user of the account with a placeholder email and no password anyone knows."""
        user_id = uuid4()
        # Nobody is told this password: the user logs in only once they have an email and set one.
        password_hash = secrets.hash_password(random.token_urlsafe(32))
        now = self.clock.now()

        def decide() -> tuple[UUID, list[Any]]:
            user = User(
                email=f"{user_id.hex}@{BLACKHOLE_DOMAIN}",
                password_hash=password_hash,
                given_name=command.given_name.strip(),
                family_name=command.family_name.strip(),
                account_numbers=(command.account_number,),
                registered_at=now,
            )
            user.record_address(command.first_line_of_address.strip(), normalise_postcode(command.postcode), at=now)
            if command.date_of_birth is not None:
                user.record_date_of_birth(command.date_of_birth)
            residents: Residents | None = self.find(Residents.id_for(command.postcode))
            if residents is None:
                residents = Residents.start(command.postcode, user.id)
            else:
                residents.add(user.id)
            return user.id, [user, residents]

        return self.decide(decide)

    def issue_line_link_token(self, line_user_id: str) -> str:
        """A one-time link token for a LINE user (the LINE webhook side asks for it); shown once."""
        if not line_user_id.strip():
            raise ValueError("a LINE user id is required")
        token_id = uuid4()
        expires_at = self.clock.now() + LINK_TOKEN_TTL

        def decide() -> tuple[str, list[Any]]:
            token = LineLinkToken.issue(token_id, line_user_id, expires_at)
            return link_token_for(self.pre_signed_keys, token.id), [token]

        return self.decide(decide)

    # Mutations ----------------------------------------------------------------------------------

    def verify_identity(self, command: commands.VerifyIdentity) -> str:
        def matches(user: User) -> bool:
            full_name = f"{user.given_name} {user.family_name}"
            # Every comparison runs, so that the time taken does not say which detail was wrong.
            checks = [
                user.belongs_to(command.account_number),
                _same(command.full_name, full_name),
                _same(command.first_line_of_address, user.first_line_of_address),
            ]
            return all(checks)

        return self._verify(f"verify-identity:{command.account_number.strip().upper()}", command, matches)

    def verify_identity_fallback(self, command: commands.VerifyIdentityFallback) -> str:
        def matches(user: User) -> bool:
            checks = [
                _same(command.family_name, user.family_name),
                _same(command.first_line_of_address, user.first_line_of_address),
            ]
            return all(checks)

        subject = f"verify-identity-postcode:{normalise_postcode(command.postcode)}"
        return self._verify(subject, command, matches)

    def register_email(self, command: commands.RegisterEmail) -> User:
        return self._replace_blackhole_email(command.client, command.user_id, command.email, command.account_number)

    def update_blackhole_email(self, command: commands.UpdateBlackholeEmail) -> User:
        return self._replace_blackhole_email(command.client, command.user_id, command.email, None)

    def update_user(self, command: commands.UpdateUser) -> User:
        email = None if command.email is None else normalise_email(command.email)
        self._check_details(command, email)

        def decide() -> tuple[User, list[Any]]:
            user: User = self.load(command.user_id)
            now = self.clock.now()
            changed: list[Any] = [user]
            names = {
                field: name.strip()
                for field, name in (("given_name", command.given_name), ("family_name", command.family_name))
                if name is not None and name.strip() != getattr(user, field)
            }
            if names and now - user.registered_at >= NEW_CUSTOMER_PERIOD:
                if len(names) > 1:
                    raise _invalid("Only one name field can be updated per day.", "given_name")
                (field,) = names
                recent = user.name_changed_at is not None and now - user.name_changed_at < NAME_CHANGE_PERIOD
                if recent and user.name_field_changed != field:
                    raise _invalid("Only one name field can be updated per day.", field)
            for field, name in names.items():
                user.change_name(field, name, at=now)
            if email is not None and email != user.email:
                changed += self._move_email(user, email)
                user.change_email(email, at=now)
            mobile = user.mobile if command.mobile is None else command.mobile.strip()
            landline = user.landline if command.landline is None else command.landline.strip()
            if (mobile, landline) != (user.mobile, user.landline):
                user.change_phone_numbers(mobile, landline)
            if command.pronouns is not None and command.pronouns.strip() != user.pronouns:
                user.change_pronouns(command.pronouns.strip())
            if command.title is not None and command.title.strip() != user.title:
                user.change_title(command.title.strip())
            if command.date_of_birth is not None and command.date_of_birth != user.date_of_birth:
                user.record_date_of_birth(command.date_of_birth)
            return user, changed

        return self.decide(decide)

    def update_user_details(self, command: commands.UpdateUserDetails) -> User:
        return self.update_user(command)

    def link_user_to_line(self, command: commands.LinkUserToLine) -> LineLinkOutcome:
        token_id = link_token_id_of(self.pre_signed_keys, command.link_token)
        if token_id is None:
            return LineLinkOutcome(refusal="NO_MATCHING_LINE_LINK")
        nonce = random.token_urlsafe(16)  # 128 bits, LINE's minimum for an account-link nonce

        def decide() -> tuple[LineLinkOutcome, list[Any]]:
            now = self.clock.now()
            token: LineLinkToken | None = self.find(token_id)
            if not isinstance(token, LineLinkToken) or not token.is_usable(now):
                return LineLinkOutcome(refusal="NO_MATCHING_LINE_LINK"), []
            user: User = self.load(command.user_id)
            line_account: LineAccount | None = self.find(LineAccount.id_for(token.line_user_id))
            taken = line_account is not None and line_account.user_id not in (None, user.id)
            if user.line_user_id is not None or taken:
                return LineLinkOutcome(refusal="ALREADY_LINKED"), []
            # The token, the user and the LINE user's claim are saved together: of two links racing
            # for one token or one LINE user, the loser's save conflicts and its retry is refused.
            token.consume(user.id, digest(nonce), at=now)
            user.link_line(token.line_user_id, token.id, at=now)
            if line_account is None:
                line_account = LineAccount.link(token.line_user_id, user.id)
            else:
                line_account.relink(user.id)
            query = f"linkToken={command.link_token}&nonce={nonce}"
            return LineLinkOutcome(redirect_url=f"{LINE_ACCOUNT_LINK_URL}?{query}"), [token, user, line_account]

        return self.decide(decide)

    def unlink_user_from_line(self, command: commands.UnlinkUserFromLine) -> bool:
        """Unlinks the viewer from their LINE user; False if they had none."""

        def decide() -> tuple[bool, list[Any]]:
            user: User = self.load(command.user_id)
            if user.line_user_id is None:
                return False, []
            changed: list[Any] = [user]
            line_account: LineAccount | None = self.find(LineAccount.id_for(user.line_user_id))
            if line_account is not None and line_account.user_id == user.id:
                line_account.unlink()
                changed.append(line_account)
            user.unlink_line(at=self.clock.now())
            return True, changed

        return self.decide(decide)

    # --------------------------------------------------------------------------------------------

    def _verify(
        self, subject: str, command: commands.VerifyIdentity | commands.VerifyIdentityFallback, matches: Any
    ) -> str:
        keys = [subject, f"verify-identity-client:{command.client}"]
        failures = self.throttle.failures(keys, self.limits.window_seconds)
        if failures.get(subject, 0) >= self.limits.per_email or failures.get(keys[1], 0) >= self.limits.per_client:
            raise TooManyRequests("Too many identity checks; try again later.")
        postcode = normalise_postcode(command.postcode)
        residents: Residents | None = self.find(Residents.id_for(postcode)) if postcode else None
        candidates = [self.find(user_id) for user_id in (residents.user_ids if residents else ())]
        found = [user for user in candidates if isinstance(user, User) and user.postcode == postcode and matches(user)]
        # Two people matching the fallback's details cannot be told apart: neither is verified.
        if len(found) != 1:
            self.throttle.record_failure(keys, self.limits.window_seconds)
            raise IdentityDetailsMismatch()
        user = found[0]
        issued = self.tokens.issue(
            subject=user.subject,
            email=user.email,
            grant="VERIFY-IDENTITY",
            epoch=user.token_epoch,
            scope=VERIFIED_SCOPE,
        )
        return issued.token

    def _replace_blackhole_email(self, client: str, user_id: UUID, given: str, account_number: str | None) -> User:
        # Every attempt counts: each may send an email, and a refused one tells whether an address
        # is registered. Past the allowance no email is requested, which is KT-CT-1133.
        keys = [f"blackhole-email:{user_id}", f"blackhole-email-client:{client}"]
        failures = self.throttle.failures(keys, self.limits.window_seconds)
        if failures.get(keys[0], 0) >= self.limits.per_email or failures.get(keys[1], 0) >= self.limits.per_client:
            raise PasswordResetEmailNotSent("Too many email registrations requested; try again later.")
        self.throttle.record_failure(keys, self.limits.window_seconds)
        email = normalise_email(given)
        if not _deliverable(email):
            raise BlackholeEmailUpdateInvalid("The email address is not a well-formed, deliverable address.")

        def decide() -> tuple[User, list[Any]]:
            user: User = self.load(user_id)
            if account_number is not None and not user.belongs_to(account_number):
                raise RegistrationAccountNotFound()
            if not has_blackhole_email(user):
                raise UserAlreadyHasEmail()
            changed: list[Any] = [user, *self._move_email(user, email)]
            user.replace_blackhole_email(email, at=self.clock.now())
            return user, changed

        return self.decide(decide)

    def _check_details(self, command: commands.UpdateUser, email: str | None) -> None:
        for field in ("given_name", "family_name"):
            name = getattr(command, field)
            if name is not None and not _is_name(name):
                raise _invalid("A name must be 1 to 150 printable characters.", field)
        if email is not None and not _deliverable(email):
            raise _invalid("The email address is not well formed.", "email")
        for field in ("mobile", "landline"):
            number = getattr(command, field)
            if number and not (_PHONE.fullmatch(number.strip()) and 7 <= sum(c.isdigit() for c in number) <= 15):
                raise _invalid("A phone number has 7 to 15 digits, optionally after a +.", field)
        for field, longest in (("pronouns", 50), ("title", 20)):
            value = getattr(command, field)
            if value is not None and (len(value) > longest or not value.isprintable()):
                raise _invalid(f"At most {longest} printable characters.", field)
        born = command.date_of_birth
        if born is not None and not _OLDEST_BIRTH <= born <= self.clock.now().date():
            raise _invalid("The date of birth must be a past date after 1900.", "date_of_birth")


def _deliverable(email: str) -> bool:
    # A placeholder domain can never be given as a real address, or the user would stay "blackhole".
    return bool(WELL_FORMED_EMAIL.fullmatch(email)) and not email.endswith(".invalid")


def _is_name(name: str) -> bool:
    return 0 < len(name.strip()) <= 150 and name.isprintable()


def _invalid(detail: str, value: str) -> UserDetailsInvalid:
    """KT-CT-5413 about one of the command's values (e.g. `given_name`); the mutation names its input field."""
    return UserDetailsInvalid(detail, problems=[FieldProblem("KT-CT-5413", detail, (value,))])
