"""Read models: up to date after catching up, applied exactly once, rebuildable to the same rows."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest

from domain.identity import commands as identity
from domain.loyalty import commands as loyalty
from ops.following import runner
from ops.runtime import Contexts
from ops.settings import Settings
from projections.catalogue import PROJECTIONS
from projections.projection import ViewFollower


@pytest.fixture
def story(contexts: Contexts, customer: dict) -> dict:
    """Ada enrols, earns 800 points, redeems 160 (20p of credit) and gives 100 to Bob."""
    ada = UUID(customer["user_id"])
    number = customer["account_number"]
    bob = contexts.identity.register_user(
        identity.RegisterUser(
            email="bob@example.com",
            password="another long passphrase",
            given_name="Bob",
            family_name="Lovelace",
            account_numbers=(number,),
        )
    )
    contexts.loyalty.enroll_account_in_loyalty_program(
        loyalty.EnrollAccountInLoyaltyProgram(viewer_id=ada, account_number=number)
    )
    contexts.loyalty.award_points(
        loyalty.AwardPoints(user_id=ada, account_number=number, points=800, reason_code="WELCOME")
    )
    contexts.loyalty.redeem_loyalty_points_for_account_credit(
        loyalty.RedeemLoyaltyPointsForAccountCredit(viewer_id=ada, account_number=number, points=160)
    )
    contexts.loyalty.transfer_loyalty_points_between_users(
        loyalty.TransferLoyaltyPointsBetweenUsers(
            viewer_id=ada, account_number=number, receiving_user_id=str(bob), points=100
        )
    )
    return {"ada": str(ada), "bob": str(bob), "number": number}


def snapshot(contexts: Contexts, story: dict) -> dict:
    read = contexts.read
    return {
        "ada": read.loyalty_points.balance(story["ada"]),
        "bob": read.loyalty_points.balance(story["bob"]),
        "ada entries": read.loyalty_points.entries(story["ada"]),
        "ledgers": read.ledgers.of_account(story["number"]),
        "account": read.accounts.account(story["number"]),
        "users of account": sorted(
            u for u in (story["ada"], story["bob"]) if story["number"] in read.account_users.account_numbers(u)
        ),
    }


def test_the_read_models_answer_after_catching_up(
    backend: str, contexts: Contexts, story: dict, catch_up: Callable[[], int]
) -> None:
    # when
    catch_up()
    # then
    now = snapshot(contexts, story)
    assert (now["ada"], now["bob"]) == (540, 100)
    assert [(e["ledger_type"], e["value"], e["balance_carried_forward"]) for e in now["ada entries"]] == [
        ("CREDIT", 800, 800),
        ("CHARGE", 160, 640),
        ("CHARGE", 100, 540),
    ]
    assert [(ledger["number"], ledger["balance"]) for ledger in now["ledgers"]] == [
        ("L-" + story["number"].removeprefix("A-"), 20)
    ]
    entries = contexts.read.ledgers.entries(now["ledgers"][0]["number"])
    assert [(e["kind"], e["amount"], e["reason_code"], e["balance_carried_forward"]) for e in entries] == [
        ("CREDIT", 20, "LOYALTY_POINTS_REDEMPTION", 20)
    ]
    assert now["account"]["billing_name"] == "Ada Lovelace"
    assert now["users of account"] == sorted([story["ada"], story["bob"]])


def test_catching_up_again_changes_nothing(contexts: Contexts, story: dict, catch_up: Callable[[], int]) -> None:
    catch_up()
    before = snapshot(contexts, story)
    assert catch_up() == 0
    assert snapshot(contexts, story) == before


def test_a_second_runner_started_by_mistake_applies_nothing_twice(
    backend: str, settings: Settings, contexts: Contexts, story: dict, catch_up: Callable[[], int]
) -> None:
    # given two runners over the same stores, interleaved batch by batch
    second = runner(settings, contexts)
    for follower in second.followers:
        follower.run_once(limit=1)
    # when both catch up
    catch_up()
    second.catch_up()
    second.wakeup.close()
    # then every event counted once: the credit is 20p, not 40p, and balances are not doubled
    now = snapshot(contexts, story)
    assert (now["ada"], now["bob"], now["ledgers"][0]["balance"]) == (540, 100, 20)
    assert contexts.payments.ledger_of(story["number"]).balance == 20


@pytest.mark.parametrize("projection", PROJECTIONS, ids=lambda p: p.name)
def test_a_rebuilt_read_model_has_the_same_rows(
    backend: str, contexts: Contexts, story: dict, catch_up: Callable[[], int], projection: type
) -> None:
    # given
    catch_up()
    before = snapshot(contexts, story)
    follower = ViewFollower(projection(), getattr(contexts, projection.upstream), contexts.read.store)
    positions: list[int] = []
    # when
    replayed = follower.rebuild(positions.append)
    # then
    assert (
        replayed > 0 and positions and positions[-1] == contexts.read.store.position(projection.name, follower.app.name)
    )
    assert snapshot(contexts, story) == before


def test_account_users_follow_name_and_email_changes(
    contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given a user renamed and given a new email after registering
    user = contexts.identity.load(UUID(customer["user_id"]))
    user.change_name("given_name", "Augusta", at=contexts.identity.clock.now())
    user.change_email("augusta@example.com", at=contexts.identity.clock.now())
    contexts.identity.save(user)
    # when
    catch_up()
    # then
    assert contexts.read.account_users.user(customer["user_id"]) == {
        "id": customer["user_id"],
        "email": "augusta@example.com",
        "given_name": "Augusta",
        "family_name": "Lovelace",
    }
