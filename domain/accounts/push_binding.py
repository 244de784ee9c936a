"""The PushBinding aggregate: one device token bound to one user for one app's push notifications.

A binding lives at an id derived from the token's digest, so a token is bound to at most one user:
registering it again by its user renews it, and registering it by another user moves it to them (a
device that changed hands, or a new login on the same app install, notifies its new user only). The
token itself is kept in the events, sealed under its user's key (domain/shared/personal_data.py);
the digest is what identifies it everywhere else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.accounts.errors import PushNotificationBindingNotFound
from domain.shared.personal_data import personal

_BINDINGS = uuid5(NAMESPACE_URL, "https://kraken-es/accounts/push-binding/")

SERVICES = ("GCM", "APNS", "APNS_SANDBOX")


@dataclass(frozen=True, slots=True)
class NotifiableApplication:
    """An app whose installs may register for push notifications, and the service that delivers them."""

    name: str
    bundle_id: str
    service: str


@dataclass(frozen=True, slots=True)
class PushPolicy:
    """The apps known to the supplier and how long a registration lasts unless renewed."""

    applications: tuple[NotifiableApplication, ...]
    lifetime: timedelta

    def application(self, bundle_id: str) -> NotifiableApplication | None:
        return next((app for app in self.applications if app.bundle_id == bundle_id), None)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PushBinding(Aggregate):
    @staticmethod
    def id_for(token: str) -> UUID:
        return uuid5(_BINDINGS, token_digest(token))

    @classmethod
    def register(
        cls, token: str, user_id: UUID, bundle_id: str, registered_at: datetime, expires_at: datetime
    ) -> PushBinding:
        return cls._create(
            cls.Registered,
            id=cls.id_for(token),
            token_digest=token_digest(token),
            device_token=token,
            user_id=user_id,
            bundle_id=bundle_id,
            registered_at=registered_at,
            expires_at=expires_at,
        )

    class Registered(Aggregate.Created):
        token_digest: str
        device_token: str
        user_id: UUID
        bundle_id: str
        registered_at: datetime
        expires_at: datetime

    @event(Registered)
    def __init__(
        self,
        token_digest: str,
        device_token: str,
        user_id: UUID,
        bundle_id: str,
        registered_at: datetime,
        expires_at: datetime,
    ) -> None:
        self.token_digest, self.token = token_digest, device_token
        self.user_id: UUID | None = user_id
        self.bundle_id, self.registered_at, self.expires_at = bundle_id, registered_at, expires_at

    def register_again(self, token: str, user_id: UUID, bundle_id: str, at: datetime, expires_at: datetime) -> None:
        """Renews the user's own binding (idempotent: only its expiry moves); binds a removed one, or
        another user's, to this user afresh."""
        if self.user_id == user_id and self.bundle_id == bundle_id:
            self._renew(expires_at=expires_at, at=at)
        else:
            self._bind(
                device_token=token,
                user_id=user_id,
                previous_user_id=self.user_id,
                bundle_id=bundle_id,
                registered_at=at,
                expires_at=expires_at,
            )

    class Renewed(Aggregate.Event):
        expires_at: datetime
        at: datetime

    @event(Renewed)
    def _renew(self, expires_at: datetime, at: datetime) -> None:
        self.expires_at = expires_at

    class Rebound(Aggregate.Event):
        user_id: UUID
        previous_user_id: UUID | None
        bundle_id: str
        registered_at: datetime
        expires_at: datetime
        # The token again, under its new user's key: the previous user's erasure must not take it
        # from them (events from before it have none).
        device_token: str = ""

    @event(Rebound)
    def _bind(
        self,
        device_token: str,
        user_id: UUID,
        previous_user_id: UUID | None,
        bundle_id: str,
        registered_at: datetime,
        expires_at: datetime,
    ) -> None:
        if device_token:
            self.token = device_token
        self.user_id, self.bundle_id, self.registered_at, self.expires_at = (
            user_id,
            bundle_id,
            registered_at,
            expires_at,
        )

    def remove(self, user_id: UUID, at: datetime) -> None:
        """KT-CT-5411 unless the token is bound to this user."""
        if self.user_id != user_id:
            raise PushNotificationBindingNotFound()
        self._remove(token_digest=self.token_digest, user_id=user_id, at=at)

    class Removed(Aggregate.Event):
        token_digest: str
        user_id: UUID
        at: datetime

    @event(Removed)
    def _remove(self, token_digest: str, user_id: UUID, at: datetime) -> None:
        self.user_id = None


# The device token reaches the person's phone: theirs, under their key, like their phone number.
personal(PushBinding.Registered, "device_token", subject="user_id")
personal(PushBinding.Rebound, "device_token", subject="user_id")
