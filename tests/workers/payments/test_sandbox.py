"""The sandbox payment provider: idempotent, asynchronous, deterministic outcomes by amount, durable."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import pytest

from domain.shared.clock import FrozenClock
from ops.runtime import provider_for
from projections.contexts import Contexts
from settings import Settings
from workers import runtime as workers_runtime
from workers.payments.provider import (
    IdempotencyMismatch,
    Outcome,
    ProviderResult,
    ProviderUnavailable,
    UnknownReference,
)
from workers.payments.sandbox import (
    DECLINED,
    DECLINED_CARD,
    DECLINED_ENDING,
    DUPLICATE,
    EXPIRED_CARD,
    INVALID_ACCOUNT,
    INVALID_CVC,
    INVALID_NUMBER,
    NEVER_SETTLES_ENDING,
    SUCCEEDING_CARD,
    UNAVAILABLE,
    UNAVAILABLE_ONCE_ENDING,
    SandboxProvider,
)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))


@pytest.fixture
def sandbox(tmp_path: Path, clock: FrozenClock) -> SandboxProvider:
    return SandboxProvider(tmp_path / "sandbox.sqlite3", clock=clock)


def collect(sandbox: SandboxProvider, key: str = "payment:1", amount: int = 2500, **changes: str) -> ProviderResult:
    request = {"currency": "GBP", "instruction_type": "DIRECT_DEBIT", "vendor_reference": "DD-1"} | changes
    return sandbox.collect(idempotency_key=key, amount=amount, **request)


def pay_out(sandbox: SandboxProvider, key: str = "repayment:1", amount: int = 2500, **changes: str) -> ProviderResult:
    request = {"currency": "GBP", "method": "BANK_TRANSFER", "payee": "Ada Lovelace", "destination": "12345678/112233"}
    return sandbox.pay_out(idempotency_key=key, amount=amount, **(request | changes))


def test_a_collection_is_accepted_pending_and_succeeds_from_the_first_status_query(sandbox: SandboxProvider) -> None:
    # when
    accepted = collect(sandbox)

    # then
    assert accepted.status is Outcome.PENDING
    assert accepted.reference.startswith("sbx_ch_")
    assert sandbox.collection(accepted.reference) == ProviderResult(accepted.reference, Outcome.SUCCEEDED)


def test_a_payout_is_accepted_pending_and_succeeds_from_the_first_status_query(sandbox: SandboxProvider) -> None:
    accepted = pay_out(sandbox)

    assert accepted.status is Outcome.PENDING
    assert accepted.reference.startswith("sbx_po_")
    assert sandbox.payout(accepted.reference) == ProviderResult(accepted.reference, Outcome.SUCCEEDED)


def test_the_same_key_returns_the_first_charge_and_never_a_second(sandbox: SandboxProvider) -> None:
    # given
    first = collect(sandbox)
    sandbox.collection(first.reference)

    # when
    again = collect(sandbox)

    # then
    assert again.reference == first.reference
    assert sandbox.charges("payment:1") == 1
    assert sandbox.collection(again.reference).status is Outcome.SUCCEEDED


def test_the_same_key_returns_the_first_payout(sandbox: SandboxProvider) -> None:
    first = pay_out(sandbox)

    assert pay_out(sandbox).reference == first.reference
    assert sandbox.charges("repayment:1") == 1


def test_different_keys_make_different_charges(sandbox: SandboxProvider) -> None:
    first, second = collect(sandbox, "payment:1"), collect(sandbox, "payment:2")

    assert first.reference != second.reference
    assert (sandbox.charges("payment:1"), sandbox.charges("payment:2")) == (1, 1)


def test_two_threads_racing_with_one_key_make_one_charge(sandbox: SandboxProvider) -> None:
    # given
    start = threading.Barrier(8)
    references: list[str] = []

    def race() -> None:
        start.wait()
        references.append(collect(sandbox, "payment:race").reference)

    threads = [threading.Thread(target=race) for _ in range(8)]

    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert len(references) == 8
    assert len(set(references)) == 1
    assert sandbox.charges("payment:race") == 1


@pytest.mark.parametrize(
    "change", [{"currency": "EUR"}, {"instruction_type": "CARD"}, {"vendor_reference": "DD-2"}], ids=str
)
def test_the_same_key_with_another_collection_is_refused(sandbox: SandboxProvider, change: dict[str, str]) -> None:
    # given
    collect(sandbox)

    # when / then
    with pytest.raises(IdempotencyMismatch):
        collect(sandbox, **change)
    with pytest.raises(IdempotencyMismatch):
        collect(sandbox, amount=2600)
    assert sandbox.charges("payment:1") == 1


def test_the_same_key_with_another_destination_is_refused(sandbox: SandboxProvider) -> None:
    pay_out(sandbox)

    with pytest.raises(IdempotencyMismatch):
        pay_out(sandbox, destination="87654321/332211")
    assert sandbox.charges("repayment:1") == 1


def test_a_collection_key_reused_for_a_payout_is_refused(sandbox: SandboxProvider) -> None:
    collect(sandbox, "shared-key")

    with pytest.raises(IdempotencyMismatch):
        pay_out(sandbox, "shared-key")
    assert sandbox.charges("shared-key") == 1


@pytest.mark.parametrize("status_of", ["collection", "payout"])
def test_an_amount_ending_in_402_is_declined(sandbox: SandboxProvider, status_of: str) -> None:
    # given
    amount = 12_000 + DECLINED_ENDING
    accepted = collect(sandbox, amount=amount) if status_of == "collection" else pay_out(sandbox, amount=amount)

    # when
    settled = getattr(sandbox, status_of)(accepted.reference)

    # then
    assert accepted.status is Outcome.PENDING
    assert settled == ProviderResult(accepted.reference, Outcome.FAILED, "declined")


@pytest.mark.parametrize("status_of", ["collection", "payout"])
def test_an_amount_ending_in_408_never_settles(sandbox: SandboxProvider, clock: FrozenClock, status_of: str) -> None:
    amount = 3000 + NEVER_SETTLES_ENDING
    accepted = collect(sandbox, amount=amount) if status_of == "collection" else pay_out(sandbox, amount=amount)
    clock.advance(timedelta(days=30))

    assert getattr(sandbox, status_of)(accepted.reference).status is Outcome.PENDING


@pytest.mark.parametrize("request_", [collect, pay_out], ids=["collect", "pay_out"])
def test_an_amount_ending_in_503_is_unavailable_once_per_key_and_then_works(
    sandbox: SandboxProvider, request_: Callable[..., ProviderResult]
) -> None:
    amount = 1000 + UNAVAILABLE_ONCE_ENDING

    # when: the first call fails before anything is recorded
    with pytest.raises(ProviderUnavailable):
        request_(sandbox, "key:503", amount=amount)
    assert sandbox.charges("key:503") == 0

    # then: the retry with the same key goes through, once
    retried = request_(sandbox, "key:503", amount=amount)
    assert request_(sandbox, "key:503", amount=amount).reference == retried.reference
    assert sandbox.charges("key:503") == 1
    status_of = sandbox.collection if request_ is collect else sandbox.payout
    assert status_of(retried.reference).status is Outcome.SUCCEEDED
    # Another key has its own one-off outage.
    with pytest.raises(ProviderUnavailable):
        request_(sandbox, "key:503-other", amount=amount)


def test_with_a_settle_delay_the_outcome_comes_once_the_delay_has_passed(tmp_path: Path, clock: FrozenClock) -> None:
    # given
    sandbox = SandboxProvider(tmp_path / "sandbox.sqlite3", settle_seconds=60, clock=clock)
    accepted = collect(sandbox)
    declined = collect(sandbox, "payment:2", amount=DECLINED_ENDING)

    # when: before the delay
    clock.advance(timedelta(seconds=59))

    # then
    assert sandbox.collection(accepted.reference).status is Outcome.PENDING
    assert sandbox.collection(declined.reference).status is Outcome.PENDING

    # when: once it has passed
    clock.advance(timedelta(seconds=1))

    # then
    assert sandbox.collection(accepted.reference).status is Outcome.SUCCEEDED
    assert sandbox.collection(declined.reference).failure_code == "declined"


def test_a_settled_outcome_never_changes(tmp_path: Path, clock: FrozenClock) -> None:
    # given: settled once under a short delay
    path = tmp_path / "sandbox.sqlite3"
    accepted = collect(SandboxProvider(path, settle_seconds=0, clock=clock))
    assert SandboxProvider(path, clock=clock).collection(accepted.reference).status is Outcome.SUCCEEDED

    # when: a provider with a longer delay looks again
    later = SandboxProvider(path, settle_seconds=3600, clock=clock)

    # then
    assert later.collection(accepted.reference).status is Outcome.SUCCEEDED


def test_state_survives_a_new_provider_over_the_same_file(tmp_path: Path, clock: FrozenClock) -> None:
    # given: a worker made a charge, then died
    path = tmp_path / "sandbox.sqlite3"
    first = collect(SandboxProvider(path, clock=clock))

    # when: its replacement retries with the same key
    replacement = SandboxProvider(path, clock=clock)
    again = collect(replacement)

    # then
    assert again.reference == first.reference
    assert replacement.charges("payment:1") == 1
    assert replacement.collection(first.reference).status is Outcome.SUCCEEDED


def test_an_unknown_reference_is_refused(sandbox: SandboxProvider) -> None:
    payout = pay_out(sandbox)

    with pytest.raises(UnknownReference):
        sandbox.collection("sbx_ch_nothing")
    with pytest.raises(UnknownReference):
        sandbox.collection(payout.reference)


@pytest.mark.parametrize("amount", [0, -100])
def test_an_amount_that_is_not_positive_is_refused(sandbox: SandboxProvider, amount: int) -> None:
    with pytest.raises(ValueError):
        collect(sandbox, amount=amount)
    assert sandbox.charges("payment:1") == 0


def test_the_configured_provider_is_the_sandbox_under_the_data_dir(settings: Settings) -> None:
    provider = provider_for(settings)

    assert isinstance(provider, SandboxProvider)
    assert provider.path == Path(settings.data_dir) / "payment-sandbox.sqlite3"


def test_the_sandbox_path_and_delay_come_from_the_settings(settings: Settings, tmp_path: Path) -> None:
    configured = msgspec.structs.replace(
        settings, payment_sandbox_path=str(tmp_path / "elsewhere.sqlite3"), payment_sandbox_settle_seconds=30
    )

    provider = provider_for(configured)

    assert isinstance(provider, SandboxProvider)
    assert (provider.path, provider.settle) == (tmp_path / "elsewhere.sqlite3", timedelta(seconds=30))


def test_the_actors_provider_is_built_once_from_their_settings_and_can_be_replaced(
    settings: Settings, sandbox: SandboxProvider
) -> None:
    workers_runtime.reset()
    try:
        workers_runtime.use(settings=settings)
        built = workers_runtime.provider()
        assert isinstance(built, SandboxProvider)
        assert workers_runtime.provider() is built

        workers_runtime.use(provider=sandbox)
        assert workers_runtime.provider() is sandbox
    finally:
        workers_runtime.reset()


def test_the_actors_provider_settles_on_the_installed_applications_clock(
    settings: Settings, contexts: Contexts, clock: FrozenClock
) -> None:
    # given the actors run on the test's applications (and their frozen clock), with a settle delay
    workers_runtime.reset()
    try:
        workers_runtime.use(
            settings=msgspec.structs.replace(settings, payment_sandbox_settle_seconds=60), contexts=contexts
        )
        accepted = workers_runtime.provider().collect(
            idempotency_key="payment:1", amount=2500, currency="GBP", instruction_type="CARD", vendor_reference="c"
        )

        # when that clock passes the delay
        clock.advance(timedelta(seconds=60))

        # then
        assert workers_runtime.provider().collection(accepted.reference).status is Outcome.SUCCEEDED
    finally:
        workers_runtime.reset()


# The hosted pages' calls ------------------------------------------------------------------------------------


def pay_by_card(sandbox: SandboxProvider, key: str = "payment:1", amount: int = 2500, **card: object) -> ProviderResult:
    given: dict[str, object] = {"card_number": SUCCEEDING_CARD, "expiry_month": 12, "expiry_year": 2030, "cvc": "123"}
    return sandbox.pay_by_card(idempotency_key=key, amount=amount, currency="GBP", **(given | card))  # type: ignore[arg-type]


def test_a_card_payment_is_charged_once_per_key_and_settles_by_the_amount(sandbox: SandboxProvider) -> None:
    # when the card is charged twice under one key (the number typed with spaces the second time)
    charged = pay_by_card(sandbox)
    again = pay_by_card(sandbox, card_number="4242 4242 4242 4242")
    # then there is one charge, accepted and then settled as any collection
    assert charged.status is Outcome.PENDING and charged.reference.startswith("sbx_ch_")
    assert again == charged and sandbox.charges("payment:1") == 1
    assert sandbox.collection(charged.reference).status is Outcome.SUCCEEDED
    # and an amount ending in 402 is declined when it settles, as any collection's
    declined = pay_by_card(sandbox, key="payment:2", amount=1000 + DECLINED_ENDING)
    assert sandbox.collection(declined.reference) == ProviderResult(declined.reference, Outcome.FAILED, DECLINED)


@pytest.mark.parametrize(
    ("card", "code"),
    [
        ({"card_number": DECLINED_CARD}, DECLINED),
        ({"card_number": "4242424242424241"}, INVALID_NUMBER),
        ({"card_number": "4242"}, INVALID_NUMBER),
        ({"card_number": "4242x4242"}, INVALID_NUMBER),
        ({"expiry_month": 2, "expiry_year": 2026}, EXPIRED_CARD),
        ({"expiry_month": 13, "expiry_year": 2030}, EXPIRED_CARD),
        ({"cvc": "12"}, INVALID_CVC),
    ],
)
def test_a_refused_card_charges_nothing(sandbox: SandboxProvider, card: dict[str, object], code: str) -> None:
    assert pay_by_card(sandbox, **card) == ProviderResult("", Outcome.FAILED, code)
    assert sandbox.charges("payment:1") == 0
    # and the key is still free for a card that is taken
    assert pay_by_card(sandbox).status is Outcome.PENDING


def test_a_card_expiring_this_month_is_taken(sandbox: SandboxProvider) -> None:
    assert pay_by_card(sandbox, expiry_month=3, expiry_year=2026).status is Outcome.PENDING


def test_a_card_payment_answers_an_outage_or_another_card_under_the_key_as_a_refusal(sandbox: SandboxProvider) -> None:
    # an amount ending in 503 is unavailable once: answered, not raised, and nothing charged
    amount = 1000 + UNAVAILABLE_ONCE_ENDING
    assert pay_by_card(sandbox, amount=amount) == ProviderResult("", Outcome.FAILED, UNAVAILABLE)
    assert pay_by_card(sandbox, amount=amount).status is Outcome.PENDING
    # another card under a key that has charged one already charges nothing
    other = pay_by_card(sandbox, card_number="5555555555554444", amount=amount)
    assert other == ProviderResult("", Outcome.FAILED, DUPLICATE)
    assert sandbox.charges("payment:1") == 1


def test_a_stored_card_is_known_by_a_reference_ending_in_its_last_four_digits(sandbox: SandboxProvider) -> None:
    card = {"card_number": "4242 4242 4242 4242", "expiry_month": 12, "expiry_year": 2030, "cvc": "123"}
    stored = sandbox.store_card(idempotency_key="setup:1", **card)  # type: ignore[arg-type]
    assert stored.status is Outcome.SUCCEEDED
    assert stored.reference.startswith("sbx_pm_") and stored.reference.endswith("_4242")
    assert sandbox.store_card(idempotency_key="setup:1", **card) == stored  # type: ignore[arg-type]
    declined = card | {"card_number": DECLINED_CARD}
    assert sandbox.store_card(idempotency_key="setup:2", **declined) == ProviderResult("", Outcome.FAILED, DECLINED)  # type: ignore[arg-type]
    other = card | {"card_number": "5555555555554444"}
    assert sandbox.store_card(idempotency_key="setup:1", **other) == ProviderResult("", Outcome.FAILED, DUPLICATE)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("account", "code"),
    [
        ({}, None),
        ({"sort_code": "20000"}, INVALID_ACCOUNT),
        ({"account_number": "5577991"}, INVALID_ACCOUNT),
        ({"account_holder": " "}, INVALID_ACCOUNT),
        ({"account_holder": "A" * 19}, INVALID_ACCOUNT),
        ({"account_number": "55779402"}, DECLINED),
    ],
)
def test_a_mandate_is_recorded_on_a_well_formed_account_the_bank_takes(
    sandbox: SandboxProvider, account: dict[str, str], code: str | None
) -> None:
    given = {"account_holder": "Ada Lovelace", "sort_code": "20-00-00", "account_number": "55779911"} | account
    answer = sandbox.store_bank_account(idempotency_key="setup:1", **given)
    if code is None:
        assert answer.status is Outcome.SUCCEEDED and answer.reference.startswith("sbx_md_")
        assert sandbox.store_bank_account(idempotency_key="setup:1", **given) == answer
    else:
        assert answer == ProviderResult("", Outcome.FAILED, code)


def test_the_hosted_pages_keep_no_card_or_account_number(tmp_path: Path, sandbox: SandboxProvider) -> None:
    pay_by_card(sandbox)
    sandbox.store_card(
        idempotency_key="setup:1", card_number=SUCCEEDING_CARD, expiry_month=12, expiry_year=2030, cvc="987"
    )
    sandbox.store_bank_account(
        idempotency_key="setup:2", account_holder="Ada Lovelace", sort_code="200000", account_number="55779911"
    )
    stored = (tmp_path / "sandbox.sqlite3").read_bytes() + b"".join(
        path.read_bytes() for path in tmp_path.glob("sandbox.sqlite3-*")
    )
    # (the security code is never handed on from the check, so it cannot be stored)
    for secret in (SUCCEEDING_CARD, "55779911", "Ada Lovelace"):
        assert secret.encode() not in stored
