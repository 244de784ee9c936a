"""A holder's consents: an account's, or an account user's (keyed by the identity user id).

One Consents aggregate per holder keeps the value of each consent type the holder was ever asked
about, and the double opt-ins under way. A double opt-in's token is never stored: the event keeps
the id it is computed from (an HMAC under a key derived from the signing secret, as password reset
tokens are) and the SHA-256 digest it is looked up by (ConsentToken, at an id derived from the
digest). A copy of the event store therefore confirms nobody's consent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.accounts.consent_types import ACCEPTED, PENDING
from domain.accounts.errors import ConsentAlreadyAccepted, ConsentTokenInvalid
from domain.shared.actor import acting_for
from domain.shared.personal_data import USER_ACTOR, personal

_HOLDERS = uuid5(NAMESPACE_URL, "https://kraken-es/accounts/consents/")
_TOKENS = uuid5(NAMESPACE_URL, "https://kraken-es/accounts/consent-token/")
_IDS = uuid5(NAMESPACE_URL, "https://kraken-es/accounts/consent-id/")

EMAIL, SMS = "EMAIL", "SMS"


def account_holder(number: str) -> str:
    return f"account:{number}"


def user_holder(user_id: UUID) -> str:
    return f"user:{user_id}"


def consent_id(holder: str, code: str) -> int:
    """Kraken's consent id (a BigInt): stable for a holder and a type, and within JavaScript's safe integers."""
    return int.from_bytes(uuid5(_IDS, f"{holder}/{code}").bytes[:6], "big")


class DoubleOptInTokens:
    """Computes a double opt-in's token from its request id; pure (no I/O, no clock, no randomness)."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def token_for(self, request_id: UUID) -> str:
        mac = hmac.new(self._key, request_id.bytes, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


@dataclass(frozen=True, slots=True)
class OptIn:
    """One double opt-in request, as the holder's aggregate keeps it."""

    code: str
    request_id: UUID
    channel: str
    address: str
    expires_at: datetime
    sent_at: datetime | None = None
    confirmed_at: datetime | None = None


class Consents(Aggregate):
    """Every consent of one holder; an event only for a value that changes."""

    @staticmethod
    def id_for(holder: str) -> UUID:
        return uuid5(_HOLDERS, holder)

    class Opened(Aggregate.Created):
        holder: str

    @classmethod
    def open(cls, holder: str) -> Consents:
        return cls._create(cls.Opened, id=cls.id_for(holder), holder=holder)

    @event(Opened)
    def __init__(self, holder: str) -> None:
        self.holder = holder
        self.values: dict[str, str] = {}
        self.opt_ins: dict[str, OptIn] = {}
        # The one opt-in of each type that can still be confirmed: a new request replaces the last.
        self.latest_opt_in: dict[str, str] = {}

    def record(self, code: str, value: str, source: str, recorded_by: str, at: datetime) -> bool:
        """Sets one consent; False (and nothing recorded) when it already has that value."""
        if self.values.get(code) == value:
            return False
        self._record(code=code, value=value, source=source, recorded_by=recorded_by, recorded_at=at)
        return True

    class ConsentRecorded(Aggregate.Event):
        code: str
        value: str
        source: str
        recorded_by: str
        recorded_at: datetime

    @event(ConsentRecorded)
    def _record(self, code: str, value: str, source: str, recorded_by: str, recorded_at: datetime) -> None:
        self.values[code] = value
        self.latest_opt_in.pop(code, None)

    def request_double_opt_in(
        self,
        code: str,
        request_id: UUID,
        token_digest: str,
        channel: str,
        address: str,
        ip: str,
        requested_by: str,
        at: datetime,
        expires_at: datetime,
    ) -> bool:
        """The consent becomes PENDING until the token is used; False for one already ACCEPTED."""
        if self.values.get(code) == ACCEPTED:
            return False
        self._request_double_opt_in(
            holder=self.holder,
            code=code,
            request_id=request_id,
            token_digest=token_digest,
            channel=channel,
            address=address,
            ip=ip,
            requested_by=requested_by,
            requested_at=at,
            expires_at=expires_at,
        )
        return True

    class DoubleOptInRequested(Aggregate.Event):
        """The consent is PENDING; the token is the HMAC of `request_id`, looked up by `token_digest`."""

        code: str
        request_id: UUID
        token_digest: str
        channel: str
        address: str
        ip: str
        requested_by: str
        requested_at: datetime
        expires_at: datetime
        # Whose personal data the address and the IP address are (events from before it name nobody).
        holder: str = ""

    @event(DoubleOptInRequested)
    def _request_double_opt_in(
        self,
        holder: str,
        code: str,
        request_id: UUID,
        token_digest: str,
        channel: str,
        address: str,
        ip: str,
        requested_by: str,
        requested_at: datetime,
        expires_at: datetime,
    ) -> None:
        self.values[code] = PENDING
        self.opt_ins[token_digest] = OptIn(code, request_id, channel, address, expires_at)
        self.latest_opt_in[code] = token_digest

    def refusal(self, token_digest: str, at: datetime) -> str | None:
        """Why the opt-in cannot be confirmed or its message sent at `at`, or None if it can."""
        opt_in = self.opt_ins[token_digest]
        if opt_in.confirmed_at is not None or self.latest_opt_in.get(opt_in.code) != token_digest:
            return "This confirmation link has already been used, or a newer one was sent."
        if at >= opt_in.expires_at:
            return "This confirmation link has expired."
        return None

    def record_message_sent(self, token_digest: str, at: datetime) -> bool:
        """Records the first successful send only; a redelivered message records nothing."""
        if self.opt_ins[token_digest].sent_at is not None:
            return False
        self._record_message_sent(token_digest=token_digest, sent_at=at)
        return True

    class DoubleOptInMessageSent(Aggregate.Event):
        token_digest: str
        sent_at: datetime

    @event(DoubleOptInMessageSent)
    def _record_message_sent(self, token_digest: str, sent_at: datetime) -> None:
        self.opt_ins[token_digest] = replace(self.opt_ins[token_digest], sent_at=sent_at)

    def confirm_double_opt_in(self, token_digest: str, ip: str, at: datetime) -> str:
        """Accepts the consent the token was sent for; returns its code. Refused once accepted (KT-CT-9022),
        then if the token expired, was used or replaced (KT-CT-9020)."""
        code = self.opt_ins[token_digest].code
        if self.values.get(code) == ACCEPTED:
            raise ConsentAlreadyAccepted(f"The consent {code} has already been accepted.")
        refusal = self.refusal(token_digest, at)
        if refusal is not None:
            raise ConsentTokenInvalid(refusal)
        self._confirm_double_opt_in(holder=self.holder, code=code, token_digest=token_digest, ip=ip, confirmed_at=at)
        return code

    class DoubleOptInConfirmed(Aggregate.Event):
        """The consent is ACCEPTED; `ip` is the evidence of who confirmed it."""

        code: str
        token_digest: str
        ip: str
        confirmed_at: datetime
        holder: str = ""

    @event(DoubleOptInConfirmed)
    def _confirm_double_opt_in(
        self, holder: str, code: str, token_digest: str, ip: str, confirmed_at: datetime
    ) -> None:
        self.values[code] = ACCEPTED
        self.opt_ins[token_digest] = replace(self.opt_ins[token_digest], confirmed_at=confirmed_at)
        self.latest_opt_in.pop(code, None)


def _requester(state: Mapping[str, Any]) -> str:
    """A user's own consent is theirs; an account's, the user's who asked for it (an organisation's is nobody's)."""
    holder: str = state["holder"]
    # A staff member acting as a user asks as that user.
    return holder if holder.startswith(USER_ACTOR) else acting_for(str(state["requested_by"]))


personal(Consents.DoubleOptInRequested, "address", "ip", subject=_requester)
# Whoever opened the link: evidence of an account user's consent when the consent is theirs.
personal(Consents.DoubleOptInConfirmed, "ip", subject="holder")


class ConsentToken(Aggregate):
    """Which holder a double opt-in token's digest belongs to: the lookup a confirmation starts from."""

    @staticmethod
    def id_for(token_digest: str) -> UUID:
        return uuid5(_TOKENS, token_digest)

    class Issued(Aggregate.Created):
        holder: str

    @classmethod
    def issue(cls, token_digest: str, holder: str) -> ConsentToken:
        return cls._create(cls.Issued, id=cls.id_for(token_digest), holder=holder)

    @event(Issued)
    def __init__(self, holder: str) -> None:
        self.holder = holder
