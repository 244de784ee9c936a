"""The User aggregate: who can log in, with which secrets, and to which accounts they belong."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate, event


class User(Aggregate):
    """A person who logs in. Secrets are held only as hashes or digests."""

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
