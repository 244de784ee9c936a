"""The Loyalty application: enrolment, points users and moving points, on a real event store."""

from __future__ import annotations

import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.identity import commands as identity
from domain.loyalty import commands
from domain.loyalty.ledger import LoyaltyLedger
from domain.shared.clock import FrozenClock
from domain.shared.errors import KrakenError
from projections.contexts import Contexts
from tests.conftest import PASSWORD
from tests.helpers import refused


@pytest.fixture
def ada(customer: dict[str, str]) -> UUID:
    return UUID(customer["user_id"])


@pytest.fixture
def account(customer: dict[str, str]) -> str:
    return customer["account_number"]


@pytest.fixture
def grace(contexts: Contexts, account: str) -> UUID:
    """A second user of Ada's account."""
    return contexts.identity.register_user(
        identity.RegisterUser(
            email="grace@example.com",
            password=PASSWORD,
            given_name="Grace",
            family_name="Hopper",
            account_numbers=(account,),
        )
    )


@pytest.fixture
def stranger(contexts: Contexts) -> UUID:
    """A user of another customer's account."""
    other = contexts.accounts.open_account("Charles Babbage")
    return contexts.identity.register_user(
        identity.RegisterUser(
            email="charles@example.com",
            password=PASSWORD,
            given_name="Charles",
            family_name="Babbage",
            account_numbers=(other.number,),
        )
    )


def award(contexts: Contexts, user_id: UUID, account: str, points: int) -> int:
    return contexts.loyalty.award_points(
        commands.AwardPoints(user_id=user_id, account_number=account, points=points, reason_code="SIGN_UP_BONUS")
    )


def events_of(contexts: Contexts, aggregate_id: UUID) -> list[Any]:
    return list(contexts.loyalty.repository.event_store.get(aggregate_id))


def enroll(ada: UUID, account: str, user: str | None = None) -> commands.EnrollAccountInLoyaltyProgram:
    return commands.EnrollAccountInLoyaltyProgram(viewer_id=ada, account_number=account, account_user_id=user)


def redeem(ada: UUID, account: str, points: int) -> commands.RedeemLoyaltyPointsForAccountCredit:
    return commands.RedeemLoyaltyPointsForAccountCredit(viewer_id=ada, account_number=account, points=points)


def transfer(ada: UUID, account: str, to: UUID | str, points: int) -> commands.TransferLoyaltyPointsBetweenUsers:
    return commands.TransferLoyaltyPointsBetweenUsers(
        viewer_id=ada, account_number=account, receiving_user_id=str(to), points=points
    )


def set_user(account: str, user: UUID | str) -> commands.SetLoyaltyPointsUser:
    return commands.SetLoyaltyPointsUser(account_number=account, new_loyalty_points_user_id=str(user))


# enrollAccountInLoyaltyProgram ----------------------------------------------------------------------


def test_enrolling_makes_the_viewer_the_points_user_and_opens_their_ledger(
    backend: str, contexts: Contexts, ada: UUID, account: str
) -> None:
    # when
    enrolled = contexts.loyalty.enroll_account_in_loyalty_program(enroll(ada, account))
    # then
    assert enrolled is True
    loyalty_account = contexts.loyalty.account(account)
    assert loyalty_account is not None and loyalty_account.points_user_id == ada
    ledger = contexts.loyalty.ledger(ada)
    assert ledger is not None and (ledger.balance, ledger.account_number) == (0, account)


def test_enrolling_can_name_another_user_of_the_account(
    contexts: Contexts, ada: UUID, grace: UUID, account: str
) -> None:
    contexts.loyalty.enroll_account_in_loyalty_program(enroll(ada, account, str(grace)))
    loyalty_account = contexts.loyalty.account(account)
    assert loyalty_account is not None and loyalty_account.points_user_id == grace
    assert contexts.loyalty.ledger(grace) is not None
    assert contexts.loyalty.ledger(ada) is None


def test_enrolling_keeps_a_ledger_the_user_already_has(
    contexts: Contexts, ada: UUID, grace: UUID, account: str
) -> None:
    # given Grace already holds points
    award(contexts, grace, account, 40)
    # when
    contexts.loyalty.enroll_account_in_loyalty_program(enroll(grace, account))
    # then
    ledger = contexts.loyalty.ledger(grace)
    assert ledger is not None and ledger.balance == 40
    assert [type(e).__name__ for e in events_of(contexts, ledger.id)] == ["Opened", "PointsEarned"]


@pytest.mark.parametrize("user", ["stranger", "not-a-uuid", "00000000-0000-4000-8000-0000000000ff"])
def test_enrolling_a_user_who_is_not_on_the_account_is_kt_ct_9213(
    contexts: Contexts, ada: UUID, account: str, stranger: UUID, user: str
) -> None:
    named = str(stranger) if user == "stranger" else user
    refused("KT-CT-9213", contexts.loyalty.enroll_account_in_loyalty_program, enroll(ada, account, named))
    assert contexts.loyalty.account(account) is None


def test_an_account_is_enrolled_only_once_kt_ct_9213(contexts: Contexts, ada: UUID, grace: UUID, account: str) -> None:
    # given
    contexts.loyalty.enroll_account_in_loyalty_program(enroll(ada, account))
    # when / then
    refused("KT-CT-9213", contexts.loyalty.enroll_account_in_loyalty_program, enroll(ada, account, str(grace)))
    loyalty_account = contexts.loyalty.account(account)
    assert loyalty_account is not None and loyalty_account.points_user_id == ada


# redeemLoyaltyPointsForAccountCredit ----------------------------------------------------------------


def test_redeeming_records_the_credit_for_the_account_in_minor_units(
    backend: str, contexts: Contexts, ada: UUID, account: str
) -> None:
    # given
    award(contexts, ada, account, 100)
    # when
    redeemed = contexts.loyalty.redeem_loyalty_points_for_account_credit(redeem(ada, account, 80))
    # then
    assert redeemed == 80
    last = events_of(contexts, LoyaltyLedger.id_for(ada))[-1]
    assert isinstance(last, LoyaltyLedger.PointsRedeemed)
    assert (last.points, last.amount, last.account_number, last.balance_carried_forward) == (80, 10, account, 20)


def test_redeeming_without_a_ledger_is_kt_ct_9201(contexts: Contexts, ada: UUID, account: str) -> None:
    refused("KT-CT-9201", contexts.loyalty.redeem_loyalty_points_for_account_credit, redeem(ada, account, 8))


@pytest.mark.parametrize("points_per_unit", [0, -1])
def test_redeeming_without_a_configured_conversion_is_kt_ct_9202(
    contexts: Contexts, ada: UUID, account: str, points_per_unit: int
) -> None:
    # given
    award(contexts, ada, account, 100)
    contexts.loyalty.points_per_unit = points_per_unit
    # when / then
    refused("KT-CT-9202", contexts.loyalty.redeem_loyalty_points_for_account_credit, redeem(ada, account, 80))
    ledger = contexts.loyalty.ledger(ada)
    assert ledger is not None and ledger.balance == 100


def test_redeeming_from_an_enrolled_but_empty_ledger_is_kt_ct_9203(contexts: Contexts, ada: UUID, account: str) -> None:
    contexts.loyalty.enroll_account_in_loyalty_program(enroll(ada, account))
    refused("KT-CT-9203", contexts.loyalty.redeem_loyalty_points_for_account_credit, redeem(ada, account, 8))


@pytest.mark.parametrize(("points", "code"), [(0, "KT-CT-9204"), (104, "KT-CT-9205"), (12, "KT-CT-9206")])
def test_redemption_rules(contexts: Contexts, ada: UUID, account: str, points: int, code: str) -> None:
    award(contexts, ada, account, 100)
    refused(code, contexts.loyalty.redeem_loyalty_points_for_account_credit, redeem(ada, account, points))


def test_an_award_clawed_back_below_zero_blocks_redemption_kt_ct_9209(
    contexts: Contexts, ada: UUID, account: str
) -> None:
    # given
    award(contexts, ada, account, 16)
    contexts.loyalty.redeem_loyalty_points_for_account_credit(redeem(ada, account, 16))
    balance = contexts.loyalty.reverse_award(commands.ReverseAward(user_id=ada, points=16, reason_code="FRAUD"))
    award(contexts, ada, account, 8)
    # when / then
    assert balance == -16
    refused("KT-CT-9209", contexts.loyalty.redeem_loyalty_points_for_account_credit, redeem(ada, account, 8))


def test_an_entry_from_a_clock_running_ahead_makes_an_earlier_one_kt_ct_9208(
    contexts: Contexts, clock: FrozenClock, ada: UUID, account: str
) -> None:
    # given points posted by a process whose clock is an hour ahead
    clock.advance(timedelta(hours=1))
    award(contexts, ada, account, 100)
    clock.advance(timedelta(hours=-1))
    # when / then
    refused("KT-CT-9208", contexts.loyalty.redeem_loyalty_points_for_account_credit, redeem(ada, account, 80))


# transferLoyaltyPointsBetweenUsers ------------------------------------------------------------------


def test_a_transfer_opens_the_receiver_s_ledger_and_moves_the_points_in_one_save(
    backend: str, contexts: Contexts, ada: UUID, grace: UUID, account: str
) -> None:
    # given
    award(contexts, ada, account, 50)
    position = contexts.loyalty.recorder.max_notification_id() or 0
    # when
    transferred = contexts.loyalty.transfer_loyalty_points_between_users(transfer(ada, account, grace, 30))
    # then
    assert transferred == 30
    sender, receiver = contexts.loyalty.ledger(ada), contexts.loyalty.ledger(grace)
    assert sender is not None and receiver is not None
    assert (sender.balance, receiver.balance) == (20, 30)
    written = contexts.loyalty.recorder.select_notifications(start=position + 1, limit=10)
    assert [n.topic.rsplit(".", 1)[-1] for n in written] == ["PointsTransferredOut", "Opened", "PointsTransferredIn"]


def test_transferring_to_a_user_who_is_not_on_the_account_is_kt_ct_1111(
    contexts: Contexts, ada: UUID, stranger: UUID, account: str
) -> None:
    award(contexts, ada, account, 50)
    for receiver in (str(stranger), "not-a-uuid"):
        refused(
            "KT-CT-1111", contexts.loyalty.transfer_loyalty_points_between_users, transfer(ada, account, receiver, 5)
        )
    assert contexts.loyalty.ledger(stranger) is None


def test_transferring_to_oneself_is_kt_ct_1111(contexts: Contexts, ada: UUID, account: str) -> None:
    award(contexts, ada, account, 50)
    refused("KT-CT-1111", contexts.loyalty.transfer_loyalty_points_between_users, transfer(ada, account, ada, 5))


@pytest.mark.parametrize(("points", "code"), [(0, "KT-CT-9204"), (-5, "KT-CT-9204"), (5, "KT-CT-9205")])
def test_a_user_without_a_ledger_has_no_points_to_transfer(
    contexts: Contexts, ada: UUID, grace: UUID, account: str, points: int, code: str
) -> None:
    refused(code, contexts.loyalty.transfer_loyalty_points_between_users, transfer(ada, account, grace, points))


@pytest.mark.parametrize(("points", "code"), [(0, "KT-CT-9204"), (51, "KT-CT-9205")])
def test_transfer_rules(contexts: Contexts, ada: UUID, grace: UUID, account: str, points: int, code: str) -> None:
    award(contexts, ada, account, 50)
    refused(code, contexts.loyalty.transfer_loyalty_points_between_users, transfer(ada, account, grace, points))
    assert contexts.loyalty.ledger(grace) is None


def test_a_negative_ledger_cannot_transfer_out_kt_ct_9209(
    contexts: Contexts, ada: UUID, grace: UUID, account: str
) -> None:
    award(contexts, ada, account, 10)
    contexts.loyalty.reverse_award(commands.ReverseAward(user_id=ada, points=20, reason_code="FRAUD"))
    refused("KT-CT-9209", contexts.loyalty.transfer_loyalty_points_between_users, transfer(ada, account, grace, 1))


def test_a_receiver_whose_latest_entry_is_later_refuses_the_transfer_kt_ct_9208_and_nothing_moves(
    contexts: Contexts, clock: FrozenClock, ada: UUID, grace: UUID, account: str
) -> None:
    # given
    award(contexts, ada, account, 50)
    clock.advance(timedelta(hours=1))
    award(contexts, grace, account, 10)
    clock.advance(timedelta(hours=-1))
    # when / then
    refused("KT-CT-9208", contexts.loyalty.transfer_loyalty_points_between_users, transfer(ada, account, grace, 5))
    sender, receiver = contexts.loyalty.ledger(ada), contexts.loyalty.ledger(grace)
    assert sender is not None and receiver is not None
    assert (sender.balance, receiver.balance) == (50, 10)


# setLoyaltyPointsUser --------------------------------------------------------------------------------


def test_setting_the_points_user_records_the_change_and_opens_their_ledger(
    backend: str, contexts: Contexts, ada: UUID, grace: UUID, account: str
) -> None:
    # given
    contexts.loyalty.enroll_account_in_loyalty_program(enroll(ada, account))
    # when
    new_user = contexts.loyalty.set_loyalty_points_user(set_user(account, grace))
    # then
    assert new_user == grace
    loyalty_account = contexts.loyalty.account(account)
    assert loyalty_account is not None and loyalty_account.points_user_id == grace
    changed = events_of(contexts, loyalty_account.id)[-1]
    assert (type(changed).__name__, changed.previous_user_id, changed.new_user_id) == ("PointsUserChanged", ada, grace)
    assert contexts.loyalty.ledger(grace) is not None


def test_setting_the_points_user_of_an_account_not_enrolled_is_kt_ct_9214(
    contexts: Contexts, grace: UUID, account: str
) -> None:
    refused("KT-CT-9214", contexts.loyalty.set_loyalty_points_user, set_user(account, grace))
    assert contexts.loyalty.ledger(grace) is None


def test_setting_a_points_user_who_is_not_on_the_account_is_kt_ct_9214(
    contexts: Contexts, ada: UUID, stranger: UUID, account: str
) -> None:
    contexts.loyalty.enroll_account_in_loyalty_program(enroll(ada, account))
    for user in (str(stranger), "not-a-uuid"):
        refused("KT-CT-9214", contexts.loyalty.set_loyalty_points_user, set_user(account, user))


# Operators ---------------------------------------------------------------------------------------------


def test_an_award_opens_the_ledger_and_credits_it(contexts: Contexts, ada: UUID, account: str) -> None:
    assert award(contexts, ada, account, 30) == 30
    assert award(contexts, ada, account, 12) == 42
    ledger = contexts.loyalty.ledger(ada)
    assert ledger is not None and ledger.entry_count == 2
    assert ledger.last_entry is not None and ledger.last_entry.reason_code == "SIGN_UP_BONUS"


def test_an_award_of_no_points_is_kt_ct_9204_and_opens_nothing(contexts: Contexts, ada: UUID, account: str) -> None:
    refused("KT-CT-9204", award, contexts, ada, account, 0)
    assert contexts.loyalty.ledger(ada) is None


def test_reversing_an_award_of_a_user_without_a_ledger_is_kt_ct_9201(contexts: Contexts, ada: UUID) -> None:
    command = commands.ReverseAward(user_id=ada, points=5, reason_code="FRAUD")
    refused("KT-CT-9201", contexts.loyalty.reverse_award, command)


# Unexpected failures -------------------------------------------------------------------------------------


def test_any_other_failure_is_kt_ct_9210_and_is_logged_with_its_traceback(
    contexts: Contexts, ada: UUID, grace: UUID, account: str, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    # given an event store that fails
    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("the event store went away")

    monkeypatch.setattr(contexts.loyalty.repository, "get", broken)
    loyalty = contexts.loyalty
    attempts = [
        (loyalty.enroll_account_in_loyalty_program, enroll(ada, account)),
        (loyalty.redeem_loyalty_points_for_account_credit, redeem(ada, account, 8)),
        (loyalty.transfer_loyalty_points_between_users, transfer(ada, account, grace, 8)),
        (loyalty.set_loyalty_points_user, set_user(account, grace)),
        (loyalty.award_points, commands.AwardPoints(user_id=ada, account_number=account, points=8, reason_code="X")),
        (loyalty.reverse_award, commands.ReverseAward(user_id=ada, points=8, reason_code="X")),
    ]
    for command, argument in attempts:
        caplog.clear()
        # when
        with caplog.at_level(logging.ERROR, logger="kraken.loyalty"), pytest.raises(KrakenError) as raised:
            command(argument)
        # then
        assert raised.value.code == "KT-CT-9210"
        assert isinstance(raised.value.__cause__, RuntimeError)
        [record] = caplog.records
        assert record.name == "kraken.loyalty" and command.__name__ in record.getMessage()
        assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)


# Concurrency -----------------------------------------------------------------------------------------------

AWARDED = 800
EACH = 40
COMMANDS = 30  # asks for 1200 points in all: 20 succeed, 10 find the balance spent


def test_concurrent_redemptions_and_transfers_never_overdraw_and_lose_nothing(
    backend: str, contexts: Contexts, ada: UUID, grace: UUID, account: str
) -> None:
    # given
    award(contexts, ada, account, AWARDED)
    spends = [redeem(ada, account, EACH) if n % 2 else transfer(ada, account, grace, EACH) for n in range(COMMANDS)]

    def run(command: Any) -> str:
        try:
            if isinstance(command, commands.RedeemLoyaltyPointsForAccountCredit):
                contexts.loyalty.redeem_loyalty_points_for_account_credit(command)
                return "redeemed"
            contexts.loyalty.transfer_loyalty_points_between_users(command)
            return "transferred"
        except KrakenError as error:
            return error.code

    # when
    with ThreadPoolExecutor(4) as pool:
        outcomes = Counter(pool.map(run, spends))

    # then every point is either still held, redeemed or moved, and no spend decided on a stale balance
    assert outcomes["redeemed"] + outcomes["transferred"] == AWARDED // EACH
    assert outcomes["KT-CT-9205"] == COMMANDS - AWARDED // EACH
    sender, receiver = contexts.loyalty.ledger(ada), contexts.loyalty.ledger(grace)
    assert sender is not None and receiver is not None
    assert sender.balance == 0
    assert receiver.balance == outcomes["transferred"] * EACH
    balances = [e.balance_carried_forward for e in events_of(contexts, sender.id)[1:]]
    assert balances == [AWARDED - EACH * n for n in range(len(balances))]
    assert min(balances) == 0
    redeemed = [e for e in events_of(contexts, sender.id) if isinstance(e, LoyaltyLedger.PointsRedeemed)]
    assert sum(e.amount for e in redeemed) == outcomes["redeemed"] * EACH // contexts.loyalty.points_per_unit
