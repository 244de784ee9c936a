"""`kraken seed`: the demo customer exists once, what it prints is true, and the README's calls work on it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from eventsourcing.utils import get_topic
from typer.testing import CliRunner

from domain.identity import commands
from domain.loyalty import commands as loyalty
from domain.payments.payment import PaymentStatus
from domain.payments.repayment_request import RepaymentState
from domain.supply.house_move import HouseMove, MoveKind
from ops import runtime
from ops.cli import app
from ops.seed import (
    DEMO_EARLIER_HOME_DAYS,
    DEMO_EMAIL,
    DEMO_FEEDBACK_FORM,
    DEMO_HISTORY_DAYS,
    DEMO_MONTHLY_AMOUNT,
    DEMO_OCCUPANTS,
    DEMO_PAYMENT_DAY,
    DEMO_PROPERTY_TYPE,
    DEMO_REFERENCE_NAMESPACE,
    DEMO_REFERENCE_PREFIX,
    DEMO_REFERRAL_POINTS,
    DEMO_SWITCH_AFTER_DAYS,
    HISTORY_DAYS,
    REDEEMED_POINTS,
    WELCOME_POINTS,
    DemoCredentials,
    demo_meter_serial,
    seed_demo,
)
from settings import Settings, load
from tests.helpers import GraphQL


def test_seed_prints_working_credentials_and_is_idempotent(tmp_path: Path, monkeypatch) -> None:
    # given an empty data directory
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    # when seeding twice
    first = runner.invoke(app, ["seed"])
    second = runner.invoke(app, ["seed"])
    # then the same credentials are printed both times
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    kept = json.loads((tmp_path / "demo-credentials.json").read_text())
    assert kept["email"] == DEMO_EMAIL and kept["api_key"] in first.output and kept["password"] in first.output
    # and they log in, with both email+password and the API key, as a member of the account
    contexts = runtime.build(load({"KRAKEN_DATA_DIR": str(tmp_path)}))
    try:
        by_password = contexts.identity.obtain_kraken_token(
            commands.ObtainKrakenToken(client="t", email=kept["email"], password=kept["password"])
        )
        by_key = contexts.identity.obtain_kraken_token(commands.ObtainKrakenToken(client="t", api_key=kept["api_key"]))
        assert by_password.payload["sub"] == by_key.payload["sub"]
        user = contexts.identity.authenticate(by_key.token)
        assert user.belongs_to(kept["account_number"])
        assert contexts.accounts.account(kept["account_number"]) is not None
        # and its main ledger has a direct debit that collects for it today
        ledger = contexts.payments.ledger_of(kept["account_number"])
        assert ledger is not None
        instruction = contexts.payments.instruction_for(ledger, None, contexts.payments.clock.now())
        assert instruction is not None and instruction.instruction_type.value == "DIRECT_DEBIT"
    finally:
        contexts.close()


# The README's "Trying it" calls, run as documented against a freshly seeded demo --------------------

README = Path(__file__).parents[2] / "README.md"


def readme_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(), re.DOTALL)


def documented(mutation: str) -> str:
    """The README's GraphQL document that calls `mutation`."""
    [block] = [block for block in readme_blocks("graphql") if re.search(rf"\b{mutation}\(input", block)]
    return block


def documented_variables() -> str:
    """The README's variables for its payments calls, placeholders and all."""
    [block] = readme_blocks("json")
    return block


def filled(text: str, values: dict[str, str]) -> str:
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    assert "<" not in text, f"a placeholder is left unfilled: {text}"
    return text


@pytest.fixture
def demo(settings: Settings, contexts: runtime.Contexts, catch_up: Callable[[], int]) -> DemoCredentials:
    """The demo customer as `kraken seed` leaves it, read models caught up."""
    credentials = seed_demo(contexts, settings)
    catch_up()
    return credentials


@pytest.fixture
def demo_token(gql: GraphQL, demo: DemoCredentials) -> str:
    """The demo customer's Kraken Token, obtained with the README's own login document."""
    assert demo.password is not None
    body = gql(filled(documented("obtainKrakenToken"), {"<printed password>": demo.password}))
    assert "errors" not in body, body
    return str(body["data"]["obtainKrakenToken"]["token"])


@pytest.fixture
def variables(contexts: runtime.Contexts, demo: DemoCredentials) -> dict[str, str]:
    printed = {
        "<printed account number>": demo.account_number,
        "<printed main ledger>": demo.ledger_number,
        "<today, YYYY-MM-DD>": contexts.payments.clock.now().date().isoformat(),
    }
    return dict(json.loads(filled(documented_variables(), printed)))


def test_the_documented_collect_payment_works_on_the_demo(
    gql: GraphQL,
    contexts: runtime.Contexts,
    demo_token: str,
    variables: dict[str, str],
    catch_up: Callable[[], int],
) -> None:
    # given the freshly seeded demo customer, logged in as the README shows (fixtures)
    # when they send the README's collectPayment
    body = gql(documented("collectPayment"), variables, token=demo_token)
    # then the payment is requested for today
    assert "errors" not in body, body
    payment = body["data"]["collectPayment"]["payment"]
    assert payment["status"] == "REQUESTED" and payment["paymentDate"] == variables["today"]
    # and the direct debit collects it
    catch_up()
    assert contexts.payments.payment(int(payment["id"])).status is PaymentStatus.SUCCEEDED


def test_the_documented_create_account_payment_schedule_works_on_the_demo(
    gql: GraphQL, demo_token: str, variables: dict[str, str]
) -> None:
    # given the freshly seeded demo customer, logged in as the README shows (fixtures)
    # when they send the README's createAccountPaymentSchedule
    body = gql(documented("createAccountPaymentSchedule"), variables, token=demo_token)
    # then the demo's schedule is replaced from today
    assert "errors" not in body, body
    schedule = body["data"]["createAccountPaymentSchedule"]["schedule"]
    assert schedule["validFrom"] == variables["today"] and schedule["scheduleType"] == "DIRECT_DEBIT"
    assert (schedule["paymentDay"], schedule["paymentAmount"]) == (DEMO_PAYMENT_DAY, 4500)


# What `kraken seed` prints once the demo customer changed their secrets ---------------------------

NEW_PASSWORD = "a quite different passphrase"


@pytest.mark.parametrize("changed", ["password", "api_key"])
def test_a_secret_changed_since_seeding_is_not_printed(tmp_path: Path, monkeypatch, changed: str) -> None:
    # given the demo customer, who then changed their password or regenerated their API key
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(app, ["seed"]).exit_code == 0
    kept = json.loads((tmp_path / "demo-credentials.json").read_text())
    contexts = runtime.build(load())
    try:
        user_id = contexts.identity.user_id_for_email(DEMO_EMAIL)
        assert user_id is not None
        if changed == "password":
            contexts.identity.update_password(
                commands.UpdatePassword(
                    user_id=user_id,
                    client="t",
                    old_password=kept["password"],
                    new_password=NEW_PASSWORD,
                    new_password_confirmed=NEW_PASSWORD,
                )
            )
        else:
            contexts.identity.regenerate_secret_key(commands.RegenerateSecretKey(user_id=user_id))
    finally:
        contexts.close()
    # when
    result = runner.invoke(app, ["seed"])
    # then the changed one is said to have changed, never printed as if it still worked
    assert result.exit_code == 0, result.output
    label = {"password": "password:", "api_key": "API key:"}
    assert kept[changed] not in result.output
    assert f"{label[changed]:<16}(changed since seeding)" in result.output
    # and the other one, which still works, is printed
    unchanged = "api_key" if changed == "password" else "password"
    assert f"{label[unchanged]:<16}{kept[unchanged]}" in result.output


def test_the_points_printed_are_the_current_balance(tmp_path: Path, monkeypatch) -> None:
    # given the demo customer, who then gave 500 points to the account's second user
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(app, ["seed"]).exit_code == 0
    kept = json.loads((tmp_path / "demo-credentials.json").read_text())
    contexts = runtime.build(load())
    try:
        user_id = contexts.identity.user_id_for_email(DEMO_EMAIL)
        assert user_id is not None
        contexts.loyalty.transfer_loyalty_points_between_users(
            loyalty.TransferLoyaltyPointsBetweenUsers(
                viewer_id=user_id,
                account_number=kept["account_number"],
                receiving_user_id=kept["partner_user_id"],
                points=500,
            )
        )
    finally:
        contexts.close()
    # when
    result = runner.invoke(app, ["seed"])
    # then
    # The demo customer referred a friend: the friend scheme's points bonus is theirs too.
    assert f"loyalty points: {WELCOME_POINTS - REDEEMED_POINTS + DEMO_REFERRAL_POINTS - 500} " in result.output


def test_the_demo_has_weeks_of_history_in_every_state(contexts: runtime.Contexts, demo: DemoCredentials) -> None:
    # given the freshly seeded demo customer (fixture)
    read, today = contexts.read, contexts.payments.clock.now().date()
    # then its payments went every way a payment goes, over the past weeks, and one is still to come
    payments = read.payments.of_account(demo.account_number)
    assert {p["status"] for p in payments} == {"SUCCEEDED", "FAILED", "CANCELLED", "REQUESTED"}
    assert min(p["payment_date"] for p in payments) <= (today - timedelta(days=HISTORY_DAYS - 14)).isoformat()
    assert [p["status"] for p in payments if p["payment_date"] > today.isoformat()] == ["REQUESTED"]
    # and a bill was issued, points were redeemed for credit and a repayment was asked for
    entries = read.ledgers.entries(demo.ledger_number)
    assert {e["kind"] for e in entries} >= {"CHARGE", "PAYMENT", "CREDIT", "REPAYMENT"}
    assert [r["account_number"] for r in read.repayments.in_state(*RepaymentState)] == [demo.account_number]
    # and the ledger's balance is the sum of its entries
    [ledger] = read.ledgers.of_account(demo.account_number)
    assert ledger["balance"] == sum(e["amount"] for e in entries)
    # and the monthly direct debit is active today
    [schedule] = read.schedules.of_ledger(demo.ledger_number)
    assert schedule["valid_to"] is None and schedule["valid_from"] < today.isoformat()


EVERYTHING = """
query Everything($number: String!) {
  viewer { fullName mobile accounts { number } }
  rateLimitInfo { pointsAllowanceRateLimit { limit usedPoints } }
  account(accountNumber: $number) {
    status createdAt balance canRequestRefund maximumRefund { amount }
    users { email }
    ledgers {
      paymentsOutstanding
      transactions(first: 5) { totalCount edges { node { __typename amount } } }
      repaymentRequests(first: 5) { edges { node { status } } }
    }
    payments(first: 10) { edges { node { status amount paymentDate } } }
    paymentSchedules(active: true) { edges { node { paymentDay paymentAmount } } }
    paginatedPaymentForecast(first: 3) { edges { node { date amount } } }
    directDebitInstructions { edges { node { status maskedAccountIdentifier } } }
    bills { edges { node { id issuedDate } } }
    repayments { edges { node { status amount } } }
  }
}
"""


def test_the_documented_home_query_answers_on_the_demo(
    gql: GraphQL, demo: DemoCredentials, demo_token: str, variables: dict[str, str]
) -> None:
    # when the demo customer sends the README's read of their account
    [home] = [block for block in readme_blocks("graphql") if block.startswith("query Home")]
    body = gql(home, {"accountNumber": variables["accountNumber"]}, token=demo_token)
    # then it is answered, every list with something in it
    assert "errors" not in body, body
    account = body["data"]["account"]
    lists = ("payments", "paymentSchedules", "paginatedPaymentForecast", "bills", "repayments")
    assert all(account[name]["edges"] for name in lists)
    assert account["ledgers"][0]["transactions"]["edges"]
    assert account["billingAddress"] and account["billingEmail"] and account["commsDeliveryPreference"] == "EMAIL"
    # The earlier home, left DEMO_HISTORY_DAYS ago, first: nobody declared its occupants.
    assert [p["numberOfOccupants"] for p in account["properties"]] == [None, DEMO_OCCUPANTS]
    assert account["consents"] and account["references"]


def test_every_read_of_the_demo_account_answers_something(gql: GraphQL, demo: DemoCredentials, demo_token: str) -> None:
    # when the demo customer's app reads everything it shows
    body = gql(EVERYTHING, {"number": demo.account_number}, token=demo_token)
    # then every list and figure has something in it
    assert "errors" not in body, body
    viewer, account = body["data"]["viewer"], body["data"]["account"]
    assert viewer["accounts"] == [{"number": demo.account_number}]
    assert body["data"]["rateLimitInfo"]["pointsAllowanceRateLimit"]["usedPoints"] > 0
    assert account["status"] == "ACTIVE" and account["createdAt"] < account["bills"]["edges"][0]["node"]["issuedDate"]
    assert account["canRequestRefund"] is True and account["maximumRefund"]["amount"] == account["balance"] > 0
    assert len(account["users"]) == 2
    [ledger] = account["ledgers"]
    # (the bill, the April payment, the top-up, the refund, the first month of the contribution agreement
    # and the reward of the friend the demo customer referred)
    assert ledger["paymentsOutstanding"] == 2000 and ledger["transactions"]["totalCount"] == 7
    assert [e["node"]["status"] for e in ledger["repaymentRequests"]["edges"]] == ["ACCEPTED"]
    statuses = {e["node"]["status"] for e in account["payments"]["edges"]}
    assert statuses == {"CLEARED", "FAILED", "DELETED", "SCHEDULED"}
    assert [e["node"]["paymentAmount"] for e in account["paymentSchedules"]["edges"]] == [DEMO_MONTHLY_AMOUNT]
    assert len(account["paginatedPaymentForecast"]["edges"]) == 3
    assert [e["node"]["status"] for e in account["directDebitInstructions"]["edges"]] == ["ACTIVE"]
    assert len(account["bills"]["edges"]) == 1 and len(account["repayments"]["edges"]) == 1


HOME = """
query Home($number: String!) {
  account(accountNumber: $number) {
    properties { id address postcode propertyType numberOfOccupants occupancyPeriods { effectiveFrom effectiveTo } }
  }
}
"""

# The demo account's billing details ----------------------------------------------------------------

DEMO_BILLING = """
query Billing($number: String!) {
  account(accountNumber: $number) {
    billingEmail billingAddress commsDeliveryPreference address { structuredStreetAddress postalCode }
  }
}
"""

# The demo user's profile ---------------------------------------------------------------------------

PROFILE = """
{
  viewer {
    preferences { isOptedInToOfferMessages fontSizeMultiplier isOptedInToSmsMessages }
    specialCircumstances { records { ... on SpecialCircumstanceRecordType { internalCode summary } } }
  }
}
"""

# The demo account's references and metadata ---------------------------------------------------------

REFERENCES_AND_METADATA = """
query Extras($number: String!, $value: String) {
  viewer { details { namespace value } }
  account(accountNumber: $number) { references { namespace value } metadata { key value } }
  accountReference(value: $value) { namespace account { number } }
}
"""

# The demo's feedback request --------------------------------------------------------------------

FEEDBACK = """
mutation SubmitCustomerFeedback($input: CustomerFeedbackInputType!) {
  submitCustomerFeedback(input: $input) { customerFeedback { id rawScore } }
}
"""


def test_the_demo_account_shows_its_home_with_its_type_and_occupants(
    gql: GraphQL, contexts: runtime.Contexts, demo: DemoCredentials, demo_token: str
) -> None:
    # when the demo customer reads their account's properties
    body = gql(HOME, {"number": demo.account_number}, token=demo_token)
    # then their home is there, occupied since they moved in DEMO_HISTORY_DAYS ago, type and occupants declared
    assert "errors" not in body, body
    [home] = [p for p in body["data"]["account"]["properties"] if p["postcode"] == "DE1 1AA"]
    assert (home["propertyType"], home["numberOfOccupants"]) == (DEMO_PROPERTY_TYPE, DEMO_OCCUPANTS)
    assert home["address"] == "12 Demo Terrace, Derby, DE1 1AA"
    [period] = home["occupancyPeriods"]
    moved_in = contexts.accounts.clock.now().date() - timedelta(days=DEMO_HISTORY_DAYS)
    assert period["effectiveTo"] is None and period["effectiveFrom"].startswith(moved_in.isoformat())


def test_the_demo_account_moved_there_from_an_earlier_home(
    gql: GraphQL, contexts: runtime.Contexts, demo: DemoCredentials, demo_token: str
) -> None:
    # when the demo customer reads their account's properties
    body = gql(HOME, {"number": demo.account_number}, token=demo_token)
    # then the earlier, unmetered home shows its occupancy, ended on the day of the move
    [earlier] = [p for p in body["data"]["account"]["properties"] if p["postcode"] == "DE22 1AB"]
    assert earlier["address"] == "3 Old Mill Lane, Darley Abbey, Derby, DE22 1AB"
    today = contexts.accounts.clock.now().date()
    [period] = earlier["occupancyPeriods"]
    assert period["effectiveFrom"].startswith((today - timedelta(days=DEMO_EARLIER_HOME_DAYS)).isoformat())
    assert period["effectiveTo"].startswith((today - timedelta(days=DEMO_HISTORY_DAYS)).isoformat())
    # and the move is a house move of the supply context, with its processes
    moves = [
        contexts.supply.mapper.to_domain_event(n)
        for n in contexts.supply.recorder.select_notifications(
            start=1, limit=100, topics=[get_topic(HouseMove.Recorded)]
        )
    ]
    assert [m.kind for m in moves] == [MoveKind.MOVE_OUT, MoveKind.MOVE_WITHIN]


def test_the_demo_account_switched_its_home_to_watersure(
    gql: GraphQL, contexts: runtime.Contexts, demo: DemoCredentials, demo_token: str
) -> None:
    # when the demo customer reads their account's agreements
    body = gql(
        "query($n: String!) { account(accountNumber: $n) { agreements { validFrom validTo product { code } } } }",
        {"n": demo.account_number},
        token=demo_token,
    )
    # then at its current home the default product ended when the switch to WaterSure was made, two weeks
    # into the history (the earlier home kept the default product until the account moved out)
    assert "errors" not in body, body
    began = contexts.accounts.clock.now().date() - timedelta(days=HISTORY_DAYS)
    switched = (began + timedelta(days=DEMO_SWITCH_AFTER_DAYS)).isoformat()
    earlier, first, second = body["data"]["account"]["agreements"]
    assert (earlier["product"]["code"], earlier["validTo"] is not None) == ("ST-MEASURED-26", True)
    assert (first["product"]["code"], first["validTo"][:10]) == ("ST-MEASURED-26", switched)
    assert (second["product"]["code"], second["validFrom"][:10], second["validTo"]) == (
        "ST-WATERSURE-26",
        switched,
        None,
    )


def test_the_demo_account_has_a_structured_billing_address_and_a_billing_email(
    gql: GraphQL, demo: DemoCredentials, demo_token: str
) -> None:
    body = gql(DEMO_BILLING, {"number": demo.account_number}, token=demo_token)
    assert body["data"]["account"] == {
        "billingEmail": "bills@kraken.example",
        "billingAddress": "12 Demo Terrace\nDerby\nDE1 1AA",
        "commsDeliveryPreference": "EMAIL",
        "address": {
            "structuredStreetAddress": {"building_number": "12", "thoroughfare": "Demo Terrace"},
            "postalCode": "DE1 1AA",
        },
    }


def test_the_demo_user_has_comms_preferences_and_a_psr_record(gql: GraphQL, demo_token: str) -> None:
    body = gql(PROFILE, token=demo_token)
    assert body == {
        "data": {
            "viewer": {
                "preferences": {
                    "isOptedInToOfferMessages": True,
                    "fontSizeMultiplier": 1.25,
                    "isOptedInToSmsMessages": False,
                },
                "specialCircumstances": {
                    "records": [
                        {"internalCode": "usePasswordToIdentify", "summary": "Wants callers to give a password"}
                    ]
                },
            }
        }
    }


# Consents ----------------------------------------------------------------------------------------

DEMO_CONSENTS = """
query($number: String!) {
  account(accountNumber: $number) { consents { code value type { name defaultValue } } }
  viewer { consents { code value } }
}"""


def test_the_demo_consents_answer(gql: GraphQL, demo: DemoCredentials, demo_token: str) -> None:
    body = gql(DEMO_CONSENTS, {"number": demo.account_number}, token=demo_token)
    assert "errors" not in body, body
    assert body["data"]["account"]["consents"] == [
        {
            "code": "MARKETING_EMAIL",
            "value": "ACCEPTED",
            "type": {"name": "Marketing by email", "defaultValue": "REJECTED"},
        },
        {
            "code": "MARKETING_POST",
            "value": "REJECTED",
            "type": {"name": "Marketing by post", "defaultValue": "REJECTED"},
        },
    ]
    assert body["data"]["viewer"]["consents"] == [{"code": "CUSTOMER_RESEARCH", "value": "ACCEPTED"}]


def test_the_demo_accounts_reference_and_metadata_answer_through_queries(
    gql: GraphQL, demo: DemoCredentials, demo_token: str
) -> None:
    # when the demo customer reads their account's references and metadata, and looks their CRM id up
    value = DEMO_REFERENCE_PREFIX + demo.account_number.removeprefix("A-")
    body = gql(REFERENCES_AND_METADATA, {"number": demo.account_number, "value": value}, token=demo_token)
    # then the seeded reference and metadata are there
    assert "errors" not in body, body
    account = body["data"]["account"]
    assert account["references"] == [{"namespace": DEMO_REFERENCE_NAMESPACE, "value": value}]
    assert [(m["key"], json.loads(m["value"])) for m in account["metadata"]] == [
        ("onboarding", {"channel": "web", "completed": True})
    ]
    assert body["data"]["accountReference"] == [
        {"namespace": DEMO_REFERENCE_NAMESPACE, "account": {"number": demo.account_number}}
    ]
    assert body["data"]["viewer"]["details"] == [{"namespace": "preferredContactTime", "value": "evening"}]


def test_the_demo_customer_answers_their_feedback_request_once(
    gql: GraphQL, contexts: runtime.Contexts, demo: DemoCredentials, demo_token: str, catch_up: Callable[[], int]
) -> None:
    # given the demo's open feedback request, as `kraken feedback list` shows it
    [request] = contexts.read.feedback_requests.of_accounts([demo.account_number])[0]
    assert request["form_id"] == DEMO_FEEDBACK_FORM and request["answered_at"] is None
    answer = {
        "accountNumber": demo.account_number,
        "feedbackId": request["number"],
        "formId": request["form_id"],
        "issueResolved": True,
        "answer": "Sorted in one call.",
    }
    # when the demo customer answers it
    body = gql(FEEDBACK, {"input": answer}, token=demo_token)
    # then it is answered, with the form's score, and shown answered
    assert body == {
        "data": {"submitCustomerFeedback": {"customerFeedback": {"id": str(request["number"]), "rawScore": 5}}}
    }
    catch_up()
    [answered] = contexts.read.feedback_requests.of_accounts([demo.account_number])[0]
    assert answered["answered_at"] is not None and answered["raw_score"] == 5
    # and it cannot be answered again
    again = gql(FEEDBACK, {"input": answer}, token=demo_token)
    assert [error["extensions"]["errorCode"] for error in again["errors"]] == ["KT-CT-5514"]


def test_the_demo_account_has_joined_the_supplier(gql: GraphQL, demo: DemoCredentials, demo_token: str) -> None:
    query = (
        "query($number: String!) { lifecycleProcesses(accountNumber: $number) "
        "{ joinSupplierProcesses { edges { node { status termsVersion } } } } }"
    )
    body = gql(query, {"number": demo.account_number}, token=demo_token)
    assert "errors" not in body, body
    [edge] = body["data"]["lifecycleProcesses"]["joinSupplierProcesses"]["edges"]
    assert edge["node"]["status"] == "COMPLETED" and edge["node"]["termsVersion"]


def test_the_demo_home_has_a_smart_meter_with_readings_one_of_them_held(
    gql: GraphQL, contexts: runtime.Contexts, demo: DemoCredentials, demo_token: str
) -> None:
    # when the demo customer reads their home's meter
    document = """
    query($number: String!) { account(accountNumber: $number) { properties { activeWaterMeters {
      serialNumber capabilityType numberOfDigits readings(first: 10) { edges { node { source isHeld } } }
    } } } }
    """
    body = gql(document, {"number": demo.account_number}, token=demo_token)
    # then the printed serial is there, a SMART meter, with the customer's readings, the newest held
    assert "errors" not in body, body
    [meter] = [meter for home in body["data"]["account"]["properties"] for meter in home["activeWaterMeters"]]
    assert (meter["serialNumber"], meter["capabilityType"], meter["numberOfDigits"]) == (
        demo_meter_serial(demo.account_number),
        "SMART",
        5,
    )
    nodes = [edge["node"] for edge in meter["readings"]["edges"]]
    assert nodes[0] == {"source": "CUSTOMER", "isHeld": True}
    assert [n["source"] for n in nodes[1:]] == ["CUSTOMER"] * 3 + ["OPS"] and not any(n["isHeld"] for n in nodes[1:])


def test_the_demo_account_paid_on_rateable_value_at_its_earlier_home_and_is_measured_now(
    gql: GraphQL, demo: DemoCredentials, demo_token: str
) -> None:
    # when the demo customer reads how each of its homes is charged
    document = """
    query($number: String!) { account(accountNumber: $number) {
      chargeBases { rateableValue periods { basis validTo } }
    } }
    """
    body = gql(document, {"number": demo.account_number}, token=demo_token)
    # then the earlier home (its period ended) was on its rateable value, and the current home is measured
    assert "errors" not in body, body
    bases = {
        (base["rateableValue"], period["basis"], period["validTo"] is None)
        for base in body["data"]["account"]["chargeBases"]
        for period in base["periods"]
    }
    assert bases == {(24_550, "UNMEASURED_RV", False), (None, "MEASURED", True)}


def test_the_demo_customer_can_accept_their_goods_quote(
    gql: GraphQL, contexts: runtime.Contexts, demo: DemoCredentials, demo_token: str, catch_up: Callable[[], int]
) -> None:
    # given the seeded catalogue and the demo account's goods quote
    listed = gql('{ goodsProducts(marketName: "GB") { totalCount } }')
    assert listed["data"]["goodsProducts"]["totalCount"] == 4
    quotes = gql(
        "query($n: String) { goodsQuotes(accountNumber: $n) { id totalNetAmount hasQuoteExpired } }",
        {"n": demo.account_number},
        token=demo_token,
    )
    [quote] = quotes["data"]["goodsQuotes"]
    assert (quote["totalNetAmount"], quote["hasQuoteExpired"]) == (4999 + 1500, False)
    # when they accept it
    accepted = gql(
        "mutation($input: AcceptGoodsQuoteInput!) { acceptGoodsQuote(input: $input) { goodsPurchase { code "
        "goodsGrants { type } } } }",
        {"input": {"accountNumber": demo.account_number, "quoteId": quote["id"]}},
        token=demo_token,
    )
    # then the water butt's grant applies and the purchase is listed
    assert accepted["data"]["acceptGoodsQuote"]["goodsPurchase"]["goodsGrants"] == [{"type": "WATER_EFFICIENCY"}]
    catch_up()
    bought = gql(
        "query($n: String!) { goodsPurchases(accountNumber: $n) { code } }",
        {"n": demo.account_number},
        token=demo_token,
    )
    assert bought["data"]["goodsPurchases"] == [{"code": accepted["data"]["acceptGoodsQuote"]["goodsPurchase"]["code"]}]


# The demo account's referrals ----------------------------------------------------------------------

REFERRALS = """
query Referrals($number: String!) {
  account(accountNumber: $number) {
    brand referralsCreated
    referrals { edges { node { schemeType referredUserName paymentStatus combinedPaymentAmount } } }
    rewards { schemeType rewardAmount paymentStatus }
    activeReferralSchemes { domestic { referralUrl code referrerRewardAmount loyaltyPointsBonus canBeReferred } }
  }
}
"""


def test_the_demo_account_referred_a_friend_and_has_claim_codes_to_redeem(
    gql: GraphQL, demo: DemoCredentials, demo_token: str
) -> None:
    account = gql(REFERRALS, {"number": demo.account_number}, token=demo_token)["data"]["account"]
    assert account["brand"] == "SEVERN_TRENT" and account["referralsCreated"] == 1
    [referral] = [e["node"] for e in account["referrals"]["edges"]]
    assert referral == {
        "schemeType": "REFERRAL_REWARD",
        "referredUserName": "Referred",
        "paymentStatus": "Paid",
        "combinedPaymentAmount": 10000,
    }
    assert account["rewards"] == [{"schemeType": "REFERRAL_REWARD", "rewardAmount": 5000, "paymentStatus": "Paid"}]
    domestic = account["activeReferralSchemes"]["domestic"]
    assert domestic["referralUrl"].endswith(f"/refer/{domestic['code']}") and domestic["canBeReferred"] is True
    assert (domestic["referrerRewardAmount"], domestic["loyaltyPointsBonus"]) == (5000, DEMO_REFERRAL_POINTS)
    assert len(demo.claim_codes) == 5
    redeemed = gql(
        "mutation R($input: RedeemReferralClaimCodeInput!) { redeemReferralClaimCode(input: $input) { success } }",
        {"input": {"accountNumber": demo.account_number, "code": demo.claim_codes[0]}},
        token=demo_token,
    )
    assert redeemed == {"data": {"redeemReferralClaimCode": {"success": True}}}


def test_the_demo_account_is_in_a_water_campaign_and_gives_to_the_community_water_fund(
    gql: GraphQL, demo: DemoCredentials, demo_token: str
) -> None:
    # when the demo customer reads their campaigns and contributions
    document = """
    query($number: String!) {
      account(accountNumber: $number) {
        campaigns { slug name }
        contributionAgreements {
          interval amount contributionScheme { code } periods { edges { node { periodFrom fulfilledAt } } }
        }
      }
      activeCampaignOffers(accountNumber: $number) { slug }
      contributionSchemes { code acceptingContributions }
    }
    """
    body = gql(document, {"number": demo.account_number}, token=demo_token)
    # then it is in the water-saving challenge, offered the leak hunt, and its first month was given
    assert "errors" not in body, body
    data, account = body["data"], body["data"]["account"]
    assert [c["slug"] for c in account["campaigns"]] == ["water-saving-challenge"]
    assert [c["slug"] for c in data["activeCampaignOffers"]] == ["leak-hunt"]
    assert {s["code"] for s in data["contributionSchemes"]} == {"COMMUNITY_WATER_FUND", "CUSTOMER_ASSISTANCE_FUND"}
    [agreement] = account["contributionAgreements"]
    assert (agreement["interval"], agreement["amount"], agreement["contributionScheme"]["code"]) == (
        "MONTHLY",
        300,
        "COMMUNITY_WATER_FUND",
    )
    assert len(agreement["periods"]["edges"]) == 1
