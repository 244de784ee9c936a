"""Every read model: the one list of the views that queries read, each naming the projection that keeps it."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, get_type_hints

from projections.accounts.accounts import AccountsView
from projections.accounts.feedback_requests import FeedbackRequestsView
from projections.identity.account_users import AccountUsersView
from projections.identity.mfa_devices import MfaDevicesView
from projections.loyalty.points import LoyaltyPointsView
from projections.payments.bills import BillsView
from projections.payments.credit_transfer_permissions import CreditTransferPermissionsView
from projections.payments.instructions import InstructionsView
from projections.payments.ledgers import LedgersView
from projections.payments.payments import PaymentsView
from projections.payments.repayments import RepaymentsView
from projections.payments.schedules import SchedulesView
from projections.projection import Projection
from projections.store import ReadStore


@dataclass(frozen=True)
class ReadModels:
    """What queries read: never the event store. A read model is registered by its field here."""

    store: ReadStore
    accounts: AccountsView
    feedback_requests: FeedbackRequestsView
    account_users: AccountUsersView
    mfa_devices: MfaDevicesView
    loyalty_points: LoyaltyPointsView
    ledgers: LedgersView
    repayments: RepaymentsView
    payments: PaymentsView
    schedules: SchedulesView
    instructions: InstructionsView
    bills: BillsView
    credit_transfer_permissions: CreditTransferPermissionsView

    @classmethod
    def on(cls, store: ReadStore) -> ReadModels:
        """The views over `store`, whose tables are created here if they do not exist yet."""
        with store.transaction() as cursor:
            for projection in PROJECTIONS:
                projection().create(cursor)
        return cls(store, **{name: view(store) for name, view in _VIEWS.items()})

    def close(self) -> None:
        self.store.close()


_VIEWS: dict[str, Any] = {
    field.name: get_type_hints(ReadModels)[field.name] for field in fields(ReadModels) if field.name != "store"
}
PROJECTIONS: tuple[type[Projection], ...] = tuple(view.projection for view in _VIEWS.values())
