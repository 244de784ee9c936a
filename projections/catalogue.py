"""Every read model, the views that query them, and the followers that keep them up to date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from projections.accounts.accounts import AccountsProjection, AccountsView
from projections.identity.account_users import AccountUsersProjection, AccountUsersView
from projections.loyalty.points import LoyaltyPointsProjection, LoyaltyPointsView
from projections.payments.ledgers import LedgersProjection, LedgersView
from projections.payments.payments import PaymentsProjection, PaymentsView
from projections.payments.repayments import RepaymentsProjection, RepaymentsView
from projections.payments.schedules import SchedulesProjection, SchedulesView
from projections.projection import Follower, Projection, ReactionFollower, ViewFollower
from projections.store import ReadStore

if TYPE_CHECKING:
    from ops.runtime import Contexts

PROJECTIONS: tuple[type[Projection], ...] = (
    AccountsProjection,
    AccountUsersProjection,
    LoyaltyPointsProjection,
    LedgersProjection,
    RepaymentsProjection,
    PaymentsProjection,
    SchedulesProjection,
)


@dataclass(frozen=True)
class ReadModels:
    """What queries read: never the event store."""

    store: ReadStore
    accounts: AccountsView
    account_users: AccountUsersView
    loyalty_points: LoyaltyPointsView
    ledgers: LedgersView
    repayments: RepaymentsView
    payments: PaymentsView
    schedules: SchedulesView

    @classmethod
    def on(cls, store: ReadStore) -> ReadModels:
        """The views over `store`, whose tables are created here if they do not exist yet."""
        with store.transaction() as cursor:
            for projection in PROJECTIONS:
                projection().create(cursor)
        return cls(
            store,
            AccountsView(store),
            AccountUsersView(store),
            LoyaltyPointsView(store),
            LedgersView(store),
            RepaymentsView(store),
            PaymentsView(store),
            SchedulesView(store),
        )

    def close(self) -> None:
        self.store.close()


def view_followers(contexts: Contexts) -> list[ViewFollower]:
    return [
        ViewFollower(projection(), getattr(contexts, projection.upstream), contexts.read.store)
        for projection in PROJECTIONS
    ]


def reaction_followers(contexts: Contexts) -> list[Follower]:
    """Process applications fed by other contexts (exactly once, tracked in their own store)."""
    return [
        ReactionFollower(contexts.payments, contexts.accounts),
        ReactionFollower(contexts.payments, contexts.loyalty),
    ]
