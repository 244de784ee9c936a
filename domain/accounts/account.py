"""The Account aggregate: a customer's account with the supplier, known by its number."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.accounts.billing_address import BillingAddress
from domain.accounts.errors import (
    AccountReferenceNamespaceInvalid,
    AccountReferenceValueInvalid,
    CommsEmailAddressMissing,
    StructuredAddressRequired,
)
from domain.identity.lookups import WELL_FORMED_EMAIL
from domain.shared.actor import acting_for
from domain.shared.catalogue import EmailInvalid
from domain.shared.personal_data import USER_ACTOR, personal

_NUMBERS = uuid5(NAMESPACE_URL, "https://kraken-es/accounts/number/")
# Kraken account numbers look like A-1B2C3D4E: no 0/O or 1/I, so they survive being read aloud.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# Kraken's UpdateAccountBillingEmailInput: "The billing_email which can be up to 512 characters."
BILLING_EMAIL_LENGTH = 512
# Kraken's CommsDeliveryPreference is EMAIL or POSTAL_MAIL; EMAIL needs a billing email to send to (KT-CT-4136).
EMAIL_DELIVERY = "EMAIL"
# The group's brands: an account belongs to one, and referrals only work within one (KT-CT-6713).
DEFAULT_BRAND = "SEVERN_TRENT"
BRANDS = ("SEVERN_TRENT", "HAFREN_DYFRDWY")


def new_account_number() -> str:
    return "A-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))


@dataclass(frozen=True, slots=True)
class AccountReference:
    """An external system's identifier for the account: `value` within that system's `namespace`."""

    namespace: str
    value: str
    created_at: datetime
    updated_at: datetime


# Never changed in place: each change assigns a new mapping, so this shared default stays empty.
NO_REFERENCES: Mapping[str, AccountReference] = {}


class Account(Aggregate):
    """Lives at an id derived from its number, so two accounts can never share a number."""

    @staticmethod
    def id_for(number: str) -> UUID:
        return uuid5(_NUMBERS, number)

    @classmethod
    def open(
        cls,
        number: str,
        billing_name: str,
        opened_at: datetime,
        brand: str = DEFAULT_BRAND,
        holder_user_id: UUID | None = None,
    ) -> Account:
        return cls._create(
            cls.Opened,
            id=cls.id_for(number),
            number=number,
            billing_name=billing_name,
            opened_at=opened_at,
            brand=brand,
            holder_user_id=holder_user_id,
        )

    class Opened(Aggregate.Created):
        number: str
        billing_name: str
        opened_at: datetime
        # Accounts opened before brands were recorded are the default brand's.
        brand: str = DEFAULT_BRAND
        # The account user whose sign-up opened the account, its billing name being theirs; None for
        # an account an operator or an organisation opened (and for those opened before it was kept).
        holder_user_id: UUID | None = None

    @event(Opened)
    def __init__(
        self,
        number: str,
        billing_name: str,
        opened_at: datetime,
        brand: str = DEFAULT_BRAND,
        holder_user_id: UUID | None = None,
    ) -> None:
        self.number = number
        self.billing_name = billing_name
        self.opened_at = opened_at
        self.brand = brand
        self.holder_user_id = holder_user_id

    def change_brand(self, brand: str, changed_at: datetime) -> None:
        """An operator's move of the account to another of the group's brands."""
        if brand != self.brand:
            self._change_brand(number=self.number, brand=brand, changed_at=changed_at)

    class BrandChanged(Aggregate.Event):
        number: str
        brand: str
        changed_at: datetime

    @event(BrandChanged)
    def _change_brand(self, number: str, brand: str, changed_at: datetime) -> None:
        self.brand = brand

    # Billing: where bills go (address, email) and how documents reach the customer. -----------

    # An account opened before any of these was chosen has none.
    billing_address: BillingAddress | None = None
    billing_email: str | None = None
    comms_delivery_preference: str | None = None

    def change_billing_address(self, address: BillingAddress, changed_by: str, changed_at: datetime) -> None:
        # Free text cannot hold what a structured address knows (KT-CT-4411).
        if self.billing_address is not None and self.billing_address.structured and not address.structured:
            raise StructuredAddressRequired(f"Account {self.number} has a structured billing address.")
        self._change_billing_address(
            address=address,
            structured=address.structured,
            changed_by=changed_by,
            changed_at=changed_at,
            holder_user_id=self.holder_user_id,
        )

    class BillingAddressChanged(Aggregate.Event):
        # None once the holder who gave it is erased (sealed under their key).
        address: BillingAddress | None
        structured: bool
        changed_by: str
        changed_at: datetime
        # The account's holder, when there is one: the address is theirs if they gave it (`changed_by`).
        holder_user_id: UUID | None = None

    @event(BillingAddressChanged)
    def _change_billing_address(
        self,
        address: BillingAddress | None,
        structured: bool,
        changed_by: str,
        changed_at: datetime,
        holder_user_id: UUID | None,
    ) -> None:
        self.billing_address = address

    def change_billing_email(self, billing_email: str | None, changed_by: str, changed_at: datetime) -> None:
        """None clears it; an EMAIL comms preference stays, and comms fall back to the user's login email."""
        if billing_email is not None and (
            len(billing_email) > BILLING_EMAIL_LENGTH or not WELL_FORMED_EMAIL.fullmatch(billing_email)
        ):
            raise EmailInvalid(f"Not a billing email of at most {BILLING_EMAIL_LENGTH} characters.")
        self._change_billing_email(
            billing_email=billing_email,
            changed_by=changed_by,
            changed_at=changed_at,
            holder_user_id=self.holder_user_id,
        )

    class BillingEmailChanged(Aggregate.Event):
        billing_email: str | None
        changed_by: str
        changed_at: datetime
        # As for BillingAddressChanged: the email is the holder's if they gave it.
        holder_user_id: UUID | None = None

    @event(BillingEmailChanged)
    def _change_billing_email(
        self, billing_email: str | None, changed_by: str, changed_at: datetime, holder_user_id: UUID | None
    ) -> None:
        self.billing_email = billing_email

    def choose_comms_delivery_preference(self, preference: str, chosen_by: str, chosen_at: datetime) -> None:
        if preference == EMAIL_DELIVERY and self.billing_email is None:
            raise CommsEmailAddressMissing(f"Account {self.number} has no billing email.")
        self._choose_comms_delivery_preference(preference=preference, chosen_by=chosen_by, chosen_at=chosen_at)

    class CommsDeliveryPreferenceChosen(Aggregate.Event):
        preference: str
        chosen_by: str
        chosen_at: datetime

    @event(CommsDeliveryPreferenceChosen)
    def _choose_comms_delivery_preference(self, preference: str, chosen_by: str, chosen_at: datetime) -> None:
        self.comms_delivery_preference = preference

    # References: external systems' identifiers (a CRM id, a billing system's number) ---------------

    # A namespace names an external system: a letter, then letters, digits, "_", "-", "." or ":".
    REFERENCE_NAMESPACE: ClassVar[re.Pattern[str]] = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]{0,63}")
    # A value is what that system calls the account: printable, no surrounding blanks.
    REFERENCE_VALUE_LENGTH: ClassVar[int] = 128
    # A class default, so that accounts opened before references existed read as having none.
    references = NO_REFERENCES

    @classmethod
    def check_reference(cls, namespace: str, value: str) -> None:
        """KT-CT-8310 for a namespace outside the pattern; KT-CT-8311 for an empty, long or unprintable value."""
        if not cls.REFERENCE_NAMESPACE.fullmatch(namespace):
            raise AccountReferenceNamespaceInvalid(
                "The namespace must start with a letter and hold at most 64 letters, digits, '_', '-', '.' or ':'."
            )
        if not value or value != value.strip() or not value.isprintable() or len(value) > cls.REFERENCE_VALUE_LENGTH:
            raise AccountReferenceValueInvalid(
                f"The value must be 1 to {cls.REFERENCE_VALUE_LENGTH} printable characters, with no blanks around them."
            )

    def attach_reference(self, namespace: str, value: str, at: datetime) -> AccountReference:
        self.check_reference(namespace, value)
        if namespace in self.references:
            raise AccountReferenceValueInvalid(f"Account {self.number} already has a reference in {namespace}.")
        self._attach_reference(account_number=self.number, namespace=namespace, value=value, at=at)
        return self.references[namespace]

    class ReferenceAttached(Aggregate.Event):
        account_number: str
        namespace: str
        value: str
        at: datetime

    @event(ReferenceAttached)
    def _attach_reference(self, account_number: str, namespace: str, value: str, at: datetime) -> None:
        reference = AccountReference(namespace, value, created_at=at, updated_at=at)
        self.references = {**self.references, namespace: reference}

    def change_reference(self, namespace: str, value: str, at: datetime) -> AccountReference:
        """Changes the value in `namespace`; the same value again changes nothing."""
        self.check_reference(namespace, value)
        current = self.references.get(namespace)
        if current is None:
            raise AccountReferenceValueInvalid(f"Account {self.number} has no reference in {namespace}.")
        if current.value != value:
            self._change_reference(
                account_number=self.number, namespace=namespace, old_value=current.value, value=value, at=at
            )
        return self.references[namespace]

    class ReferenceChanged(Aggregate.Event):
        account_number: str
        namespace: str
        old_value: str
        value: str
        at: datetime

    @event(ReferenceChanged)
    def _change_reference(self, account_number: str, namespace: str, old_value: str, value: str, at: datetime) -> None:
        created_at = self.references[namespace].created_at
        reference = AccountReference(namespace, value, created_at=created_at, updated_at=at)
        self.references = {**self.references, namespace: reference}


def _holders_own(state: Mapping[str, Any]) -> UUID | None:
    """The holder, when they gave the billing detail themselves (or a staff member on their behalf).

    A detail another user, an organisation or an operator gave stays under the store's cipher only:
    it is not known to be the holder's, and sealing it under their key would blank it, for everyone
    still on the account, when the holder is erased.
    """
    holder = state.get("holder_user_id")
    if holder is None:
        return None
    acting = acting_for(str(state.get("changed_by", "")))
    return holder if acting == f"{USER_ACTOR}{holder}" else None


# The billing name of an account its holder's sign-up opened is their name; their billing email and
# address are theirs when they gave them. Each is sealed under the holder's key (README, "Erasure").
personal(Account.Opened, "billing_name", subject="holder_user_id")
personal(Account.BillingAddressChanged, "address", subject=_holders_own)
personal(Account.BillingEmailChanged, "billing_email", subject=_holders_own)
