"""The AccountUserProfile aggregate: what the accounts context holds about one identity user.

Keyed by the identity user's id: their comms preferences and their Priority Services Register
records. Each event carries the complete state it leaves (the whole preferences set, the whole
active PSR set), never a diff.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate, event

from domain.accounts.errors import CommsPreferencesInvalid, PsrRecordTypeInvalid, PsrRecordUpdateFailed
from domain.accounts.psr import PSR_NEEDS
from domain.shared.personal_data import personal

_PROFILES = uuid5(NAMESPACE_URL, "https://kraken-es/accounts/account-user-profile/")

EMAIL_FORMATS = ("HTML", "TEXT")
FONT_SIZE_MULTIPLIERS = (0.5, 3.0)


@dataclass(frozen=True, slots=True)
class CommsPreferences:
    """A user's comms preferences; the defaults are what a user who never chose anything has.

    Like Kraken's: service messages (recommended, updates, meter-reading confirmations) on,
    marketing (offers, the client group's, third parties') and SMS off until the user opts in.
    """

    is_opted_in_to_client_messages: bool = False
    is_opted_in_to_offer_messages: bool = False
    is_opted_in_to_recommended_messages: bool = True
    is_opted_in_to_update_messages: bool = True
    is_opted_in_to_third_party_messages: bool = False
    email_format: str = "HTML"
    is_using_inverted_email_colours: bool = False
    font_size_multiplier: float = 1.0
    is_opted_in_meter_reading_confirmations: bool = True
    is_opted_in_to_sms_messages: bool = False
    preferred_hold_music: str = "NO_SONG_PREFERRED"


@dataclass(frozen=True, slots=True)
class PsrRecord:
    """One active special circumstance; `id` stays the same while the need stays recorded."""

    id: str
    code: str
    expiry_date: date | None = None


class AccountUserProfile(Aggregate):
    """Lives at an id derived from the user's id, so a user has one profile."""

    @staticmethod
    def id_for(user_id: UUID) -> UUID:
        return uuid5(_PROFILES, str(user_id))

    @classmethod
    def start(cls, user_id: UUID, at: datetime) -> AccountUserProfile:
        return cls._create(cls.Started, id=cls.id_for(user_id), user_id=user_id, at=at)

    class Started(Aggregate.Created):
        user_id: UUID
        at: datetime

    @event(Started)
    def __init__(self, user_id: UUID, at: datetime) -> None:
        self.user_id = user_id
        self.comms = CommsPreferences()
        self.psr_records: tuple[PsrRecord, ...] = ()

    # Comms preferences ------------------------------------------------------------------------

    def set_comms_preferences(self, changes: dict[str, Any], has_mobile: bool, at: datetime) -> CommsPreferences:
        """Applies the preferences given (the others keep their value); KT-GB-5414 for an invalid one."""
        unknown = set(changes) - set(CommsPreferences.__dataclass_fields__)
        if unknown:
            raise CommsPreferencesInvalid(f"Unknown preferences: {', '.join(sorted(unknown))}.")
        preferences = replace(self.comms, **changes)
        low, high = FONT_SIZE_MULTIPLIERS
        size = preferences.font_size_multiplier
        if not (isinstance(size, int | float) and math.isfinite(size) and low <= size <= high):
            raise CommsPreferencesInvalid(f"fontSizeMultiplier must be between {low} and {high}.")
        if preferences.email_format not in EMAIL_FORMATS:
            raise CommsPreferencesInvalid(f"emailFormat must be one of {', '.join(EMAIL_FORMATS)}.")
        if changes.get("is_opted_in_to_sms_messages") and not has_mobile:
            raise CommsPreferencesInvalid("SMS messages need a mobile number on the user's profile.")
        if preferences != self.comms:
            self._set_comms_preferences(preferences=preferences, at=at, user_id=self.user_id)
        return self.comms

    class CommsPreferencesSet(Aggregate.Event):
        # None once the user is erased (the field is sealed under their key): the defaults again.
        preferences: CommsPreferences | None
        at: datetime
        # Whose preferences: the profile's id is derived from the user's and cannot be read back.
        # Events recorded before it was stored have none, and are not sealed.
        user_id: UUID | None = None

    @event(CommsPreferencesSet)
    def _set_comms_preferences(self, preferences: CommsPreferences | None, at: datetime, user_id: UUID | None) -> None:
        self.comms = preferences or CommsPreferences()

    # Priority Services Register -------------------------------------------------------------

    def active_psr_records(self, today: date) -> tuple[PsrRecord, ...]:
        """The records still in force: a temporary one stops applying after its expiry date, with no event."""
        return tuple(r for r in self.psr_records if r.expiry_date is None or r.expiry_date >= today)

    def replace_psr_records(self, wanted: Sequence[tuple[str, date | None]], at: datetime) -> tuple[PsrRecord, ...]:
        """Makes `wanted` (code, expiry date) the whole active set; KT-GB-5415 for an unknown code,
        KT-GB-5411 for a set that cannot be saved as given."""
        today = at.date()
        for code, _ in wanted:
            if code not in PSR_NEEDS:
                raise PsrRecordTypeInvalid(f"{code!r} is not a special circumstance type.")
        codes = [code for code, _ in wanted]
        if len(set(codes)) != len(codes):
            raise PsrRecordUpdateFailed("A special circumstance is given more than once.")
        for code, expiry in wanted:
            if PSR_NEEDS[code].temporary and expiry is None:
                raise PsrRecordUpdateFailed(f"{code} is temporary: it needs an expiry date.")
            if not PSR_NEEDS[code].temporary and expiry is not None:
                raise PsrRecordUpdateFailed(f"{code} is permanent: it takes no expiry date.")
            if expiry is not None and expiry < today:
                raise PsrRecordUpdateFailed(f"The expiry date of {code} is in the past.")
        active = {record.code: record for record in self.active_psr_records(today)}
        records = tuple(
            PsrRecord(id=active[code].id if code in active else str(uuid4()), code=code, expiry_date=expiry)
            for code, expiry in wanted
        )
        deactivated = tuple(code for code in active if code not in codes)
        if records != tuple(active.values()) or deactivated:
            self._replace_psr_records(records=records, deactivated=deactivated, at=at, user_id=self.user_id)
        return self.active_psr_records(today)

    class PsrRecordsReplaced(Aggregate.Event):
        records: tuple[PsrRecord, ...]
        deactivated: tuple[str, ...]
        at: datetime
        # Whose records (as for CommsPreferencesSet): None in events recorded before it was stored.
        user_id: UUID | None = None

    @event(PsrRecordsReplaced)
    def _replace_psr_records(
        self, records: tuple[PsrRecord, ...], deactivated: tuple[str, ...], at: datetime, user_id: UUID | None
    ) -> None:
        self.psr_records = records


# Special circumstances are sensitive (health, disability, age) and preferences are the person's own
# choices: both sealed under the user's key, so erasing the user blanks them (README, "Erasure").
personal(AccountUserProfile.CommsPreferencesSet, "preferences", subject="user_id")
personal(AccountUserProfile.PsrRecordsReplaced, "records", "deactivated", subject="user_id")
