"""The PSR records read model: each user's latest set, only the records in force on the day asked about."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.accounts import commands
from domain.accounts.account_user_profile import PsrRecord
from projections.accounts.special_circumstances import SpecialCircumstancesProjection
from projections.contexts import Contexts
from projections.projection import ViewFollower

ADA, GRACE = uuid4(), uuid4()
# The test clock's day is 2026-01-15.
TODAY, LATER = date(2026, 1, 15), date(2026, 2, 1)


def _replace(contexts: Contexts, user_id: UUID, *records: tuple[str, date | None]) -> tuple[PsrRecord, ...]:
    command = commands.InsertUserPsrRecords(user_id=user_id, records=records)
    return contexts.accounts.insert_user_psr_records(command)


def test_each_user_has_their_latest_set_while_in_force(
    backend: str, contexts: Contexts, catch_up: Callable[[], int]
) -> None:
    # given
    _replace(contexts, ADA, ("blind", None), ("dementia", None))
    ada = _replace(contexts, ADA, ("temporaryLifeChanges", TODAY), ("blind", None))
    grace = _replace(contexts, GRACE, ("oxygenUse", None))
    # when
    catch_up()
    # then
    view = contexts.read.special_circumstances
    assert view.active_records(TODAY, [str(ADA), str(GRACE), str(uuid4())]) == [list(ada), list(grace), []]
    # the temporary need no longer applies the day after its expiry date
    assert view.active_records(LATER, [str(ADA)]) == [[ada[1]]]
    assert view.active_records(TODAY, []) == []


@pytest.mark.parametrize("batch", [1, 2, 10_000])
def test_any_batching_of_the_events_gives_the_same_rows(
    contexts: Contexts, catch_up: Callable[[], int], batch: int
) -> None:
    # given
    _replace(contexts, ADA, ("blind", None))
    _replace(contexts, GRACE, ("nebuliser", None), ("stairLift", None))
    _replace(contexts, ADA, ("dementia", None))
    _replace(contexts, GRACE)
    catch_up()
    followed = contexts.read.special_circumstances.active_records(TODAY, [str(ADA), str(GRACE)])

    class Batched(ViewFollower):
        def run_once(self, limit: int = batch) -> int:
            return super().run_once(limit)

    # when
    assert Batched(SpecialCircumstancesProjection(), contexts.accounts, contexts.read.store).rebuild() == 4
    # then
    assert contexts.read.special_circumstances.active_records(TODAY, [str(ADA), str(GRACE)]) == followed
    assert [[r.code for r in records] for records in followed] == [["dementia"], []]
