"""The GoodsPurchase aggregate: goods an account buys, charged to its main ledger.

A purchase lives at an id derived from its number, its integer id. One made from a quote takes the
quote's number, so however often a quote is accepted, and however many accept it at once, there is
one purchase: the purchase and the quote's acceptance are saved together. Its code is "GP-" and the
number; updateActivePurchase takes either.

Goods records what is owed; payments moves the money, reacting to Made (one CHARGE of the amount
due) and to ItemsReplaced (a CREDIT reversing the previous amount and a CHARGE of the new one): each
event carries the amounts, so payments never reads this aggregate.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.goods.catalogue import GOODS
from domain.goods.pricing import GrantLine, PricedLine, amount_due

PREFIX = "GP-"


class PurchaseStatus(StrEnum):
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"


def purchase_code(number: int) -> str:
    return f"{PREFIX}{number}"


def parse_purchase_id(text: object) -> int | None:
    """The number a purchase's id or code names (a client may send either); None if neither."""
    spelled = str(text).strip().upper().removeprefix(PREFIX)
    if not spelled.isdigit() or len(spelled) > 10:
        return None
    return int(spelled)


class GoodsPurchase(Aggregate):
    @staticmethod
    def id_for(number: int) -> UUID:
        return uuid5(GOODS, f"purchase:{number}")

    @classmethod
    def make(
        cls,
        number: int,
        account_number: str,
        ledger_number: str,
        quote_number: int | None,
        items: tuple[PricedLine, ...],
        grants: tuple[GrantLine, ...],
        client_params: str | None,
        market_params: str | None,
        made_at: datetime,
    ) -> GoodsPurchase:
        return cls._create(
            cls.Made,
            id=cls.id_for(number),
            number=number,
            code=purchase_code(number),
            account_number=account_number,
            ledger_number=ledger_number,
            quote_number=quote_number,
            items=items,
            grants=grants,
            amount_due=amount_due(items, grants),
            currency=items[0].currency,
            client_params=client_params,
            market_params=market_params,
            made_at=made_at,
        )

    class Made(Aggregate.Created):
        number: int
        code: str
        account_number: str
        ledger_number: str
        quote_number: int | None
        items: tuple[PricedLine, ...]
        grants: tuple[GrantLine, ...]
        amount_due: int
        currency: str
        client_params: str | None
        market_params: str | None
        made_at: datetime

    @event(Made)
    def __init__(
        self,
        number: int,
        code: str,
        account_number: str,
        ledger_number: str,
        quote_number: int | None,
        items: tuple[PricedLine, ...],
        grants: tuple[GrantLine, ...],
        amount_due: int,
        currency: str,
        client_params: str | None,
        market_params: str | None,
        made_at: datetime,
    ) -> None:
        self.number, self.code, self.account_number, self.ledger_number = number, code, account_number, ledger_number
        self.quote_number, self.items, self.grants = quote_number, items, grants
        self.amount_due, self.currency, self.made_at = amount_due, currency, made_at
        self.client_params, self.market_params = client_params, market_params
        self.status = PurchaseStatus.ACTIVE
        # How many times the items were replaced: each change's ledger entries are named by it.
        self.revision = 0
        self.confirmation_sent = False

    @property
    def active(self) -> bool:
        return self.status is PurchaseStatus.ACTIVE

    def replace_items(
        self,
        items: tuple[PricedLine, ...],
        grants: tuple[GrantLine, ...],
        client_params: str | None,
        market_params: str | None,
        at: datetime,
    ) -> None:
        self._replace_items(
            code=self.code,
            account_number=self.account_number,
            revision=self.revision + 1,
            items=items,
            grants=grants,
            previous_amount_due=self.amount_due,
            amount_due=amount_due(items, grants),
            currency=items[0].currency,
            client_params=client_params,
            market_params=market_params,
            replaced_at=at,
        )

    class ItemsReplaced(Aggregate.Event):
        code: str
        account_number: str
        revision: int
        items: tuple[PricedLine, ...]
        grants: tuple[GrantLine, ...]
        previous_amount_due: int
        amount_due: int
        currency: str
        client_params: str | None
        market_params: str | None
        replaced_at: datetime

    @event(ItemsReplaced)
    def _replace_items(
        self,
        code: str,
        account_number: str,
        revision: int,
        items: tuple[PricedLine, ...],
        grants: tuple[GrantLine, ...],
        previous_amount_due: int,
        amount_due: int,
        currency: str,
        client_params: str | None,
        market_params: str | None,
        replaced_at: datetime,
    ) -> None:
        self.revision, self.items, self.grants, self.amount_due = revision, items, grants, amount_due
        self.currency, self.client_params, self.market_params = currency, client_params, market_params

    def complete(self, at: datetime) -> bool:
        """Fulfilled: its items can no longer change (KT-CT-8226). False if it already was."""
        if not self.active:
            return False
        self._complete(completed_at=at)
        return True

    class Completed(Aggregate.Event):
        completed_at: datetime

    @event(Completed)
    def _complete(self, completed_at: datetime) -> None:
        self.status = PurchaseStatus.COMPLETED

    def record_confirmation_sent(self, at: datetime) -> bool:
        if self.confirmation_sent:
            return False
        self._record_confirmation_sent(sent_at=at)
        return True

    class ConfirmationSent(Aggregate.Event):
        sent_at: datetime

    @event(ConfirmationSent)
    def _record_confirmation_sent(self, sent_at: datetime) -> None:
        self.confirmation_sent = True


class AccountGrants(Aggregate):
    """The grant units each purchase of an account holds, so that a grant's cap per account holds
    across purchases: saved with every purchase that holds or held a grant, so two purchases taking
    the last units at once conflict and the retry sees the first."""

    @staticmethod
    def id_for(account_number: str) -> UUID:
        return uuid5(GOODS, f"account-grants:{account_number}")

    @classmethod
    def start(cls, account_number: str) -> AccountGrants:
        return cls._create(cls.Started, id=cls.id_for(account_number), account_number=account_number)

    class Started(Aggregate.Created):
        account_number: str

    @event(Started)
    def __init__(self, account_number: str) -> None:
        self.account_number = account_number
        # purchase code -> grant code -> units
        self.held: dict[str, dict[str, int]] = {}

    def room(self, max_units: dict[str, int], excluding: str | None = None) -> dict[str, int]:
        """Units of each grant the account may still be granted, not counting purchase `excluding`."""
        used: dict[str, int] = {}
        for code, units_by_grant in self.held.items():
            if code == excluding:
                continue
            for grant, units in units_by_grant.items():
                used[grant] = used.get(grant, 0) + units
        return {grant: cap - used.get(grant, 0) for grant, cap in max_units.items()}

    def hold(self, purchase_code: str, units_by_grant: dict[str, int]) -> None:
        if self.held.get(purchase_code, {}) == units_by_grant:
            return
        self._hold(purchase_code=purchase_code, units_by_grant=units_by_grant)

    class Held(Aggregate.Event):
        purchase_code: str
        units_by_grant: dict[str, int]

    @event(Held)
    def _hold(self, purchase_code: str, units_by_grant: dict[str, int]) -> None:
        if units_by_grant:
            self.held[purchase_code] = dict(units_by_grant)
        else:
            self.held.pop(purchase_code, None)
