"""Accounts commands about consents: consent types, an account's and a user's consents, double opt-in.

Consent management can be switched off for a deployment (KT-CT-9016 on every consent command). A
double opt-in records the consent as PENDING and leaves the message to the worker
(workers/accounts/consents.py), which asks `double_opt_in_message` for the clear token: it is
computed again from the request id, never stored, and the confirmation looks it up by its digest.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from domain.accounts import commands
from domain.accounts.account import Account
from domain.accounts.consent_types import VALUES, ConsentType
from domain.accounts.consents import (
    EMAIL,
    SMS,
    Consents,
    ConsentToken,
    DoubleOptInTokens,
    account_holder,
    consent_id,
    user_holder,
)
from domain.accounts.errors import (
    AccountUserConsentsInvalid,
    ConsentAccountNotFound,
    ConsentManagementDisabled,
    ConsentTokenNotFound,
    ConsentTypeNotFound,
    DoubleOptInRequestInvalid,
    DuplicateConsent,
)
from domain.identity.lookups import WELL_FORMED_EMAIL
from domain.shared.application import ContextApplication
from domain.shared.digests import digest
from domain.shared.personal_data import ERASED

_MOBILE = re.compile(r"\+?[0-9]{7,15}")


@dataclass(frozen=True, slots=True)
class ConsentSettings:
    """How a deployment runs consents. Without a key from the signing secret (ops/runtime.py), tokens
    only hold within this process: enough for the domain's own tests."""

    enabled: bool = True
    token_key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    double_opt_in_ttl: timedelta = timedelta(hours=48)


@dataclass(frozen=True, slots=True)
class Consent:
    """One consent as the mutations answer it, with its type."""

    id: int
    code: str
    value: str
    type: ConsentType


@dataclass(frozen=True, slots=True)
class DoubleOptInMessage:
    """What the worker needs to send one confirmation link; `token` is the clear token, never stored."""

    consents_id: UUID
    token_digest: str
    channel: str
    address: str
    type_name: str
    token: str = field(repr=False)
    expires_at: datetime


class ConsentCommands(ContextApplication):
    """Joined into the Accounts application (domain/accounts/application.py), which sets both."""

    consent_settings: ConsentSettings
    double_opt_in_tokens: DoubleOptInTokens

    # Operators' commands -----------------------------------------------------------------------

    def define_consent_type(self, command: commands.DefineConsentType) -> bool:
        """Defines or redefines a consent type; False when it already reads so."""
        if command.default_value not in VALUES:
            raise ValueError(f"The default value must be one of {', '.join(VALUES)}.")

        def decide() -> tuple[bool, list[Any]]:
            at = self.clock.now()
            found: ConsentType | None = self.find(ConsentType.id_for(command.code))
            if found is None:
                defined = ConsentType.define(command.code, command.name, command.description, command.default_value, at)
                return True, [defined]
            return found.redefine(command.name, command.description, command.default_value, at), [found]

        return self.decide(decide)

    # Mutations ---------------------------------------------------------------------------------

    def update_account_consents(self, command: commands.UpdateAccountConsents) -> list[Consent]:
        """Records each consent that changes; returns every consent of the account afterwards."""
        self._check_enabled()
        types = self._types_of(command.consents)
        holder = self._account_holder(command.account_number)
        return self._record_choices(holder, command.consents, command.recorded_by, types)

    def update_account_user_consents(self, command: commands.UpdateAccountUserConsents) -> list[Consent]:
        """Records each of the user's consents that changes; returns every consent of the user afterwards."""
        self._check_enabled()
        types = self._types_of(command.consents)
        for choice in command.consents:
            if choice.value is None:
                raise AccountUserConsentsInvalid(f"The consent {choice.code} has no value.")
        return self._record_choices(user_holder(command.user_id), command.consents, command.recorded_by, types)

    def request_double_opt_in(self, command: commands.RequestDoubleOptIn) -> Consent:
        """Records the consent as PENDING with a new token for the worker to send; an ACCEPTED one is
        returned as it is, and nothing is sent."""
        self._check_enabled()
        channel, address = _reach(command.email, command.mobile)
        consent_type = self._consent_type(command.code)
        if command.account_number is not None:
            holder = self._account_holder(command.account_number)
        elif command.user_id is not None:
            holder = user_holder(command.user_id)
        else:
            raise DoubleOptInRequestInvalid("The request names neither an account nor a user.")

        def decide() -> tuple[Consent, list[Any]]:
            consents = self._consents(holder)
            request_id = uuid4()
            token_digest = digest(self.double_opt_in_tokens.token_for(request_id))
            at = self.clock.now()
            requested = consents.request_double_opt_in(
                command.code,
                request_id,
                token_digest,
                channel,
                address,
                ip=command.ip,
                requested_by=command.requested_by,
                at=at,
                expires_at=at + self.consent_settings.double_opt_in_ttl,
            )
            answer = _consent(consents, command.code, consent_type)
            if not requested:
                return answer, []
            return answer, [consents, ConsentToken.issue(token_digest, holder)]

        return self.decide(decide)

    def confirm_double_opt_in(self, command: commands.ConfirmDoubleOptIn) -> Consent:
        """Accepts the consent the token was sent for, keeping the IP address as evidence."""
        self._check_enabled()
        token_digest = digest(command.token)
        claim: ConsentToken | None = self.find(ConsentToken.id_for(token_digest))
        if claim is None:
            raise ConsentTokenNotFound()

        def decide() -> tuple[Consent, list[Any]]:
            consents: Consents = self.load(Consents.id_for(claim.holder))
            code = consents.confirm_double_opt_in(token_digest, command.ip, at=self.clock.now())
            return _consent(consents, code, self.load(ConsentType.id_for(code))), [consents]

        return self.decide(decide)

    # The worker's commands and queries ---------------------------------------------------------

    def double_opt_in_message(self, consents_id: UUID, token_digest: str) -> DoubleOptInMessage | None:
        """The message still to send for this opt-in; None once sent, or when its link can no longer be used."""
        consents: Consents = self.load(consents_id)
        opt_in = consents.opt_ins[token_digest]
        if opt_in.sent_at is not None or consents.refusal(token_digest, self.clock.now()) is not None:
            return None
        if opt_in.address == ERASED:
            # The person it was for is erased: there is no address left to write to.
            return None
        consent_type: ConsentType = self.load(ConsentType.id_for(opt_in.code))
        return DoubleOptInMessage(
            consents_id=consents_id,
            token_digest=token_digest,
            channel=opt_in.channel,
            address=opt_in.address,
            type_name=consent_type.name,
            token=self.double_opt_in_tokens.token_for(opt_in.request_id),
            expires_at=opt_in.expires_at,
        )

    def record_double_opt_in_sent(self, consents_id: UUID, token_digest: str) -> bool:
        """Records that the opt-in's message went out; False if that was already recorded."""

        def decide() -> tuple[bool, list[Any]]:
            consents: Consents = self.load(consents_id)
            return consents.record_message_sent(token_digest, at=self.clock.now()), [consents]

        return self.decide(decide)

    # -------------------------------------------------------------------------------------------

    def _check_enabled(self) -> None:
        if not self.consent_settings.enabled:
            raise ConsentManagementDisabled()

    def _types_of(self, choices: tuple[commands.ConsentChoice, ...]) -> dict[str, ConsentType]:
        """The type of each consent asked for: each at most once (KT-CT-9014), each defined (KT-CT-9017)."""
        codes = [choice.code for choice in choices]
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            raise DuplicateConsent(f"Consent types given more than once: {', '.join(repeated)}.")
        return {code: self._consent_type(code) for code in codes}

    def _consent_type(self, code: str) -> ConsentType:
        found: ConsentType | None = self.find(ConsentType.id_for(code))
        if found is None:
            raise ConsentTypeNotFound(f"No consent type has the code {code!r}.")
        return found

    def _account_holder(self, number: str) -> str:
        """The holder an account's consents are kept under, once the account is known to exist (KT-CT-9018)."""
        if self.find(Account.id_for(number)) is None:
            raise ConsentAccountNotFound(f"No account has the number {number}.")
        return account_holder(number)

    def _consents(self, holder: str) -> Consents:
        found: Consents | None = self.find(Consents.id_for(holder))
        return found or Consents.open(holder)

    def _record_choices(
        self, holder: str, choices: tuple[commands.ConsentChoice, ...], recorded_by: str, types: dict[str, ConsentType]
    ) -> list[Consent]:
        def decide() -> tuple[list[Consent], list[Any]]:
            consents = self._consents(holder)
            at = self.clock.now()
            changed = [
                consents.record(choice.code, choice.value, choice.source, recorded_by, at)
                for choice in choices
                if choice.value is not None
            ]
            every = {code: types.get(code) or self.load(ConsentType.id_for(code)) for code in sorted(consents.values)}
            answer = [_consent(consents, code, consent_type) for code, consent_type in every.items()]
            return answer, [consents] if any(changed) else []

        return self.decide(decide)


def _consent(consents: Consents, code: str, consent_type: ConsentType) -> Consent:
    return Consent(consent_id(consents.holder, code), code, consents.values[code], consent_type)


def _reach(email: str, mobile: str) -> tuple[str, str]:
    """The channel and address of the confirmation: the email when one is given, else the mobile (KT-CT-9019)."""
    email, mobile = email.strip(), "".join(mobile.split())
    if email and not WELL_FORMED_EMAIL.fullmatch(email):
        raise DoubleOptInRequestInvalid("The email address is not a well-formed email address.")
    if mobile and not _MOBILE.fullmatch(mobile):
        raise DoubleOptInRequestInvalid("The mobile number is not a well-formed phone number.")
    if email:
        return EMAIL, email
    if mobile:
        return SMS, mobile
    raise DoubleOptInRequestInvalid("Give an email address or a mobile number to send the confirmation to.")
