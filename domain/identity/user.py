"""The User aggregate: who can log in, with which secrets, and to which accounts they belong."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.shared.personal_data import ERASED, personal


class User(Aggregate):
    """A person who logs in. Secrets are held only as hashes or digests."""

    # The account user's own details (profile_commands.py). Class-level defaults, so that users registered
    # before these facts existed, and snapshots taken then, read as "not given".
    first_line_of_address = ""
    postcode = ""
    mobile = ""
    landline = ""
    pronouns = ""
    title = ""
    date_of_birth: date | None = None
    name_changed_at: datetime | None = None
    name_field_changed: str | None = None
    line_user_id: str | None = None

    class Registered(Aggregate.Created):
        email: str
        password_hash: str
        given_name: str
        family_name: str
        account_numbers: tuple[str, ...]
        registered_at: datetime

    @event(Registered)
    def __init__(
        self,
        email: str,
        password_hash: str,
        given_name: str,
        family_name: str,
        account_numbers: tuple[str, ...],
        registered_at: datetime,
    ) -> None:
        self.email = email
        self.password_hash = password_hash
        self.given_name = given_name
        self.family_name = family_name
        self.account_numbers = account_numbers
        self.registered_at = registered_at
        self.secret_key_digest: str | None = None
        self.token_epoch = 0
        self.reauthenticated_at: datetime | None = None

    @property
    def subject(self) -> str:
        """Kraken's `sub` claim for an account user."""
        return f"kraken|account-user:{self.id}"

    def belongs_to(self, account_number: str) -> bool:
        return account_number in self.account_numbers

    def issue_secret_key(self, key_digest: str, at: datetime) -> None:
        self._issue_secret_key(key_digest=key_digest, issued_at=at)

    @event("SecretKeyIssued")
    def _issue_secret_key(self, key_digest: str, issued_at: datetime) -> None:
        self.secret_key_digest = key_digest

    def force_reauthentication(self, at: datetime, include_third_parties: bool) -> None:
        # Tokens carry the epoch they were issued in; moving it on refuses every earlier token.
        self._force_reauthentication(
            token_epoch=self.token_epoch + 1, forced_at=at, include_third_parties=include_third_parties
        )

    @event("ReauthenticationForced")
    def _force_reauthentication(self, token_epoch: int, forced_at: datetime, include_third_parties: bool) -> None:
        self.token_epoch = token_epoch
        self.reauthenticated_at = forced_at

    def rehash_password(self, password_hash: str) -> None:
        self._rehash_password(password_hash=password_hash)

    @event("PasswordRehashed")
    def _rehash_password(self, password_hash: str) -> None:
        self.password_hash = password_hash

    # Changing the password (domain/identity/password_commands.py decides; these only record) ----------------

    # Class defaults, so that users registered before password changes existed read as "never changed".
    password_changed_at: datetime | None = None
    previous_password_hashes: tuple[str, ...] = ()

    def change_password(
        self, password_hash: str, remembered: int, at: datetime, via: str, reset_id: UUID | None = None
    ) -> None:
        """`via` is RESET (a reset link) or UPDATE (the user, knowing the current password).

        A new password ends every session: tokens issued before it carry an older epoch and are
        refused, as after forceReauthentication (whoever knew the old password may hold one).
        """
        self._change_password(
            password_hash=password_hash,
            previous_password_hashes=(self.password_hash, *self.previous_password_hashes)[:remembered],
            token_epoch=self.token_epoch + 1,
            changed_at=at,
            via=via,
            reset_id=reset_id,
        )

    @event("PasswordChanged")
    def _change_password(
        self,
        password_hash: str,
        previous_password_hashes: tuple[str, ...],
        token_epoch: int,
        changed_at: datetime,
        via: str,
        reset_id: UUID | None,
    ) -> None:
        self.password_hash = password_hash
        self.previous_password_hashes = previous_password_hashes
        self.token_epoch = token_epoch
        self.password_changed_at = changed_at

    # The account user's own details (domain/identity/profile_commands.py decides; these only record) ------

    def record_address(self, first_line_of_address: str, postcode: str, at: datetime) -> None:
        self._record_address(first_line_of_address=first_line_of_address, postcode=postcode, recorded_at=at)

    @event("AddressRecorded")
    def _record_address(self, first_line_of_address: str, postcode: str, recorded_at: datetime) -> None:
        self.first_line_of_address = first_line_of_address
        self.postcode = postcode

    def change_name(self, field: str, name: str, at: datetime) -> None:
        if field not in ("given_name", "family_name"):
            raise ValueError(f"not a name field: {field!r}")
        self._change_name(field=field, name=name, changed_at=at)

    @event("NameChanged")
    def _change_name(self, field: str, name: str, changed_at: datetime) -> None:
        setattr(self, field, name)
        self.name_changed_at = changed_at
        self.name_field_changed = field

    def change_email(self, email: str, at: datetime) -> None:
        self._change_email(email=email, changed_at=at)

    @event("EmailChanged")
    def _change_email(self, email: str, changed_at: datetime) -> None:
        self.email = email

    def replace_blackhole_email(self, email: str, at: datetime) -> None:
        self._replace_blackhole_email(placeholder=self.email, email=email, replaced_at=at)

    @event("BlackholeEmailReplaced")
    def _replace_blackhole_email(self, placeholder: str, email: str, replaced_at: datetime) -> None:
        self.email = email

    def change_phone_numbers(self, mobile: str, landline: str) -> None:
        self._change_phone_numbers(mobile=mobile, landline=landline)

    @event("PhoneNumbersChanged")
    def _change_phone_numbers(self, mobile: str, landline: str) -> None:
        self.mobile = mobile
        self.landline = landline

    def change_pronouns(self, pronouns: str) -> None:
        self._change_pronouns(pronouns=pronouns)

    @event("PronounsChanged")
    def _change_pronouns(self, pronouns: str) -> None:
        self.pronouns = pronouns

    def change_title(self, title: str) -> None:
        self._change_title(title=title)

    @event("TitleChanged")
    def _change_title(self, title: str) -> None:
        self.title = title

    def record_date_of_birth(self, date_of_birth: date) -> None:
        self._record_date_of_birth(date_of_birth=date_of_birth)

    # Optional in the event: an erased person's date of birth reads back as None.
    @event("DateOfBirthRecorded")
    def _record_date_of_birth(self, date_of_birth: date | None) -> None:
        self.date_of_birth = date_of_birth

    def link_line(self, line_user_id: str, link_token_id: UUID, at: datetime) -> None:
        self._link_line(line_user_id=line_user_id, link_token_id=link_token_id, linked_at=at)

    @event("LineLinked")
    def _link_line(self, line_user_id: str, link_token_id: UUID, linked_at: datetime) -> None:
        self.line_user_id = line_user_id

    def unlink_line(self, at: datetime) -> None:
        self._unlink_line(line_user_id=self.line_user_id, unlinked_at=at)

    @event("LineUnlinked")
    def _unlink_line(self, line_user_id: str | None, unlinked_at: datetime) -> None:
        self.line_user_id = None

    # Erasure (domain/identity/erasure.py decides; this only records) --------------------------------

    # A class default, so that users recorded before erasure existed read as not erased.
    erased_at: datetime | None = None

    def erase(self, reason: str, at: datetime) -> None:
        """The person's data is gone: their key is destroyed next, and every token they hold is revoked.

        The event carries nothing personal (the reason is the operator's, bounded, and must name
        no personal data); who erased them is its actor.
        """
        self._erase(token_epoch=self.token_epoch + 1, reason=reason, erased_at=at)

    @event("Erased")
    def _erase(self, token_epoch: int, reason: str, erased_at: datetime) -> None:
        self.token_epoch = token_epoch
        self.erased_at = erased_at
        # A copy of the user cached in any process is blanked as soon as it is brought up to date,
        # before that process learns that the key is gone.
        for name in ("email", "given_name", "family_name", "first_line_of_address", "postcode"):
            setattr(self, name, ERASED)
        self.mobile = self.landline = self.pronouns = self.title = ERASED
        self.date_of_birth = None
        self.line_user_id = None


# Which of the user's events carry their personal data: each sealed under their own key.
personal(User.Registered, "email", "given_name", "family_name")
personal(User.AddressRecorded, "first_line_of_address", "postcode")  # type: ignore[attr-defined]
personal(User.NameChanged, "name")  # type: ignore[attr-defined]
personal(User.EmailChanged, "email")  # type: ignore[attr-defined]
personal(User.BlackholeEmailReplaced, "placeholder", "email")  # type: ignore[attr-defined]
personal(User.PhoneNumbersChanged, "mobile", "landline")  # type: ignore[attr-defined]
personal(User.PronounsChanged, "pronouns")  # type: ignore[attr-defined]
personal(User.TitleChanged, "title")  # type: ignore[attr-defined]
personal(User.DateOfBirthRecorded, "date_of_birth")  # type: ignore[attr-defined]
personal(User.LineLinked, "line_user_id")  # type: ignore[attr-defined]
personal(User.LineUnlinked, "line_user_id")  # type: ignore[attr-defined]
