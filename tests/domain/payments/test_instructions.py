"""Payment instructions: set-up secrets, direct debits from either form of UK bank details, and refusals.

Given past events (an in-memory store), when a command runs, then these events or this error.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.payments import commands
from domain.payments.application import Payments
from domain.payments.errors import (
    DirectDebitAccountUserNotFound,
    DirectDebitBusinessNotFound,
    DirectDebitInstructionDataInvalid,
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    PaymentAccountAccessDenied,
)
from domain.payments.instruction_commands import SETUP_SECRET_TTL, iban_is_valid
from domain.payments.ledger import Ledger
from domain.payments.payment_instruction import (
    InstructionSetup,
    InstructionType,
    PaymentInstruction,
    SetupFlow,
    SetupUnusable,
)
from domain.shared.clock import FrozenClock
from domain.shared.digests import digest

ACCOUNT = "A-ABCD2345"
LEDGER = "L-ABCD2345"
NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
# The example IBAN of the UK's payment schemes: sort code 60-16-13, account 31926819.
IBAN = "GB29 NWBK 6016 1331 9268 19"


@pytest.fixture
def payments() -> Payments:
    app = Payments({"PERSISTENCE_MODULE": "eventsourcing.popo"}, FrozenClock(NOW))
    app.save(Ledger.open(ACCOUNT, NOW))
    return app


def stored_events(payments: Payments, secret: str) -> list[object]:
    return list(payments.repository.event_store.get(InstructionSetup.id_for(secret)))


# Set-up secrets ------------------------------------------------------------------------------------------


def test_an_embedded_secret_is_recorded_by_its_digest_only(payments: Payments) -> None:
    # when
    command = commands.GetEmbeddedSecretForNewPaymentInstruction(account_number=ACCOUNT, instruction_type="CARD")
    secret = payments.get_embedded_secret_for_new_payment_instruction(command)
    # then
    [issued] = stored_events(payments, secret)
    assert isinstance(issued, InstructionSetup.Issued)
    assert (issued.digest, issued.flow, issued.ledger_number) == (digest(secret), "EMBEDDED", LEDGER)
    assert secret not in repr(vars(issued))
    assert len(secret) > 40
    again = payments.get_embedded_secret_for_new_payment_instruction(command)
    assert again != secret


def test_a_secret_for_another_account_s_ledger_is_kt_ct_3822(payments: Payments) -> None:
    payments.save(Ledger.open("A-ZZZZ2345", NOW))
    command = commands.GetEmbeddedSecretForNewPaymentInstruction(
        account_number=ACCOUNT, instruction_type="CARD", ledger_number="L-ZZZZ2345"
    )
    with pytest.raises(LedgerAccessDenied):
        payments.get_embedded_secret_for_new_payment_instruction(command)


def test_a_secret_for_a_ledger_by_id_and_number_is_kt_ct_3820(payments: Payments) -> None:
    command = commands.GetEmbeddedSecretForNewPaymentInstruction(
        account_number=ACCOUNT, instruction_type="CARD", ledger_id="7", ledger_number=LEDGER
    )
    with pytest.raises(LedgerIdAndNumberBothGiven):
        payments.get_embedded_secret_for_new_payment_instruction(command)


def test_an_instruction_type_this_server_cannot_collect_with_is_kt_ct_4177(payments: Payments) -> None:
    command = commands.GetEmbeddedSecretForNewPaymentInstruction(account_number=ACCOUNT, instruction_type="BPAY")
    with pytest.raises(PaymentAccountAccessDenied):
        payments.get_embedded_secret_for_new_payment_instruction(command)


def test_a_secret_without_an_account_is_tied_to_nothing_and_not_recorded(payments: Payments) -> None:
    # given
    before = payments.recorder.max_notification_id()
    # when
    command = commands.GetEmbeddedSecretForNewPaymentInstructionWithoutAccount(instruction_type="CARD")
    secrets = {payments.get_embedded_secret_for_new_payment_instruction_without_account(command) for _ in range(2)}
    # then
    assert len(secrets) == 2 and all(s.startswith("seti_") for s in secrets)
    assert payments.recorder.max_notification_id() == before


def test_a_hosted_page_token_keeps_where_to_return(payments: Payments) -> None:
    command = commands.GetHostedUrlForNewPaymentInstruction(
        account_number=ACCOUNT,
        ledger_number=LEDGER,
        instruction_type="DIRECT_DEBIT",
        return_url_success="https://app.example/ok",
    )
    token = payments.get_hosted_url_for_new_payment_instruction(command)
    setup = payments.load(InstructionSetup.id_for(token))
    assert setup.flow is SetupFlow.HOSTED
    assert setup.return_urls == {"success": "https://app.example/ok"}


def hosted_token(payments: Payments, instruction_type: str) -> str:
    command = commands.GetHostedUrlForNewPaymentInstruction(
        account_number=ACCOUNT, ledger_number=LEDGER, instruction_type=instruction_type
    )
    return payments.get_hosted_url_for_new_payment_instruction(command)


def complete(payments: Payments, token: str, reference: str, **bank: str) -> PaymentInstruction:
    details = commands.BankDetails(**bank) if bank else None
    command = commands.CompleteHostedInstructionSetup(token=token, vendor_reference=reference, bank_details=details)
    return payments.complete_hosted_instruction_setup(command)


def test_the_hosted_page_stores_a_card_and_uses_up_its_token(payments: Payments) -> None:
    # given
    token = hosted_token(payments, "CARD")
    assert payments.hosted_instruction_setup(token).instruction_type == "CARD"
    # when the provider has recorded the card
    instruction = complete(payments, token, "sbx_pm_1_4242")
    # then it is the ledger's card, and the token is used
    assert (instruction.instruction_type, instruction.vendor_reference, instruction.last_four) == (
        InstructionType.CARD,
        "sbx_pm_1_4242",
        "4242",
    )
    assert payments.instruction_for(payments.ledger(LEDGER), InstructionType.CARD, NOW) == instruction
    *_, completed = stored_events(payments, token)
    assert isinstance(completed, InstructionSetup.Completed) and completed.instruction_number == instruction.number
    with pytest.raises(SetupUnusable, match="already been used") as used:
        payments.hosted_instruction_setup(token)
    assert used.value.known


def test_completing_again_with_the_same_reference_returns_the_first_instruction(payments: Payments) -> None:
    token = hosted_token(payments, "CARD")
    first = complete(payments, token, "sbx_pm_1_4242")
    assert complete(payments, token, "sbx_pm_1_4242") == first
    with pytest.raises(SetupUnusable, match="already been used"):
        complete(payments, token, "sbx_pm_2_1111")


def test_the_hosted_page_stores_a_direct_debit_with_the_provider_s_mandate(payments: Payments) -> None:
    token = hosted_token(payments, "DIRECT_DEBIT")
    instruction = complete(
        payments, token, "sbx_md_1", account_holder="Ada Lovelace", sort_code="20-00-00", account_number="55779911"
    )
    assert (instruction.instruction_type, instruction.vendor_reference) == (InstructionType.DIRECT_DEBIT, "sbx_md_1")
    assert (instruction.sort_code, instruction.bank_account_number, instruction.last_four) == (
        "200000",
        "55779911",
        "9911",
    )


def test_a_direct_debit_without_or_with_bad_bank_details_is_refused_and_leaves_the_token_usable(
    payments: Payments,
) -> None:
    token = hosted_token(payments, "DIRECT_DEBIT")
    with pytest.raises(DirectDebitInstructionDataInvalid):
        complete(payments, token, "sbx_md_1")
    with pytest.raises(DirectDebitInstructionDataInvalid):
        complete(payments, token, "sbx_md_1", account_holder="Ada", sort_code="12", account_number="55779911")
    assert payments.hosted_instruction_setup(token)


def test_an_expired_unknown_or_embedded_token_sets_up_nothing(payments: Payments) -> None:
    # an expired one
    token = hosted_token(payments, "CARD")
    payments.clock.advance(SETUP_SECRET_TTL)  # type: ignore[attr-defined]
    with pytest.raises(SetupUnusable, match="expired") as expired:
        complete(payments, token, "sbx_pm_1_4242")
    assert expired.value.known
    # an unknown one, and an embedded form's client secret
    embedded = payments.get_embedded_secret_for_new_payment_instruction(
        commands.GetEmbeddedSecretForNewPaymentInstruction(account_number=ACCOUNT, instruction_type="CARD")
    )
    for unusable in ("hpi_nothing", embedded):
        with pytest.raises(SetupUnusable, match="not valid") as unknown:
            payments.hosted_instruction_setup(unusable)
        assert not unknown.value.known
    assert payments.ledger(LEDGER).instruction_for("CARD", payments.clock.now()) is None


# Direct debits ---------------------------------------------------------------------------------------------


def set_up(payments: Payments, user: str | None = "u-1", **details: str) -> object:
    bank = commands.BankDetails(**{"account_holder": "Ada Lovelace", **details})
    command = commands.SetUpDirectDebitInstruction(
        account_number=ACCOUNT, valid_from=NOW, bank_details=bank, account_user_id=user, ledger_number=LEDGER
    )
    return payments.set_up_direct_debit_instruction(command)


def test_an_iban_gives_the_sort_code_and_account_number(payments: Payments) -> None:
    instruction = set_up(payments, iban=IBAN)
    assert (instruction.sort_code, instruction.bank_account_number) == ("601613", "31926819")  # type: ignore[attr-defined]
    assert (instruction.iban, instruction.account_user_id) == ("GB29NWBK60161331926819", "u-1")  # type: ignore[attr-defined]


def test_iban_check_digits_are_checked() -> None:
    assert iban_is_valid("GB29NWBK60161331926819")
    assert not iban_is_valid("GB28NWBK60161331926819")


@pytest.mark.parametrize(
    "details",
    [
        {"sort_code": "12345", "account_number": "12345678"},
        {"sort_code": "123456", "account_number": "1234"},
        {"iban": "GB28NWBK60161331926819"},  # wrong check digits
        {"iban": IBAN, "sort_code": "200000"},  # names another account
        {"sort_code": "123456", "account_number": "12345678", "account_type": "SAVINGS_BOND"},
    ],
)
def test_bad_bank_details_are_kt_ct_3940(payments: Payments, details: dict[str, str]) -> None:
    with pytest.raises(DirectDebitInstructionDataInvalid):
        set_up(payments, **details)


def test_a_business_account_without_a_business_record_is_kt_ct_11103(payments: Payments) -> None:
    with pytest.raises(DirectDebitBusinessNotFound):
        set_up(payments, sort_code="123456", account_number="12345678", account_type="business")


def test_no_account_user_to_hold_the_mandate_is_kt_ct_5415(payments: Payments) -> None:
    with pytest.raises(DirectDebitAccountUserNotFound):
        set_up(payments, user=None, sort_code="123456", account_number="12345678")


def test_storing_an_instruction_without_a_provider_reference_is_refused(payments: Payments) -> None:
    command = commands.StorePaymentInstruction(
        account_number=ACCOUNT, instruction_type="CARD", valid_from=NOW, vendor_reference="  "
    )
    with pytest.raises(PaymentAccountAccessDenied):
        payments.store_payment_instruction(command)
