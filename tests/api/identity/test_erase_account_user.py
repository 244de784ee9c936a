"""eraseAccountUser: support staff, with a staff token, erase an account user; nobody else can."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.accounts import commands as accounts_commands
from domain.identity import commands
from domain.shared.actor import acting_as
from domain.shared.personal_data import ERASED
from ops import runtime
from ops.audit import timeline
from projections.catalogue import PROJECTIONS
from projections.projection import ViewFollower
from settings import Settings
from tests.api.identity.erasing import LEDGERS_BALANCE, STAFF_EMAIL, leaks, staff_token
from tests.api.supply.moves import log_in as moves_log_in
from tests.api.supply.moves import sign_up, vacant
from tests.helpers import GraphQL, error_codes

ERASE = """
mutation Erase($input: EraseAccountUserInput!) {
  eraseAccountUser(input: $input) { userId erasedAt alreadyErased }
}
"""
LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"
FORCE = "mutation { forceReauthentication(input: {includeThirdParties: false}) { tokensInvalidated } }"
VIEWER = "query { viewer { email givenName } }"


def erase(gql: GraphQL, user_id: str, token: str | None, reason: str | None = "asked by the customer") -> dict:
    return gql(ERASE, {"input": {"userId": user_id, "reason": reason}}, token=token)


def log_in(gql: GraphQL, customer: dict) -> str:
    body = gql(LOGIN, {"input": {"email": customer["email"], "password": customer["password"]}})
    return str(body["data"]["obtainKrakenToken"]["token"])


@pytest.mark.usefixtures("backend")
def test_staff_erase_a_user_and_the_audit_names_them(gql: GraphQL, contexts: runtime.Contexts, customer: dict) -> None:
    # given a staff token, and the user logged in
    token = staff_token(contexts)
    users_token = log_in(gql, customer)
    # when
    body = erase(gql, customer["user_id"], token)
    # then
    assert "errors" not in body, body
    answer = body["data"]["eraseAccountUser"]
    assert (answer["userId"], answer["alreadyErased"]) == (customer["user_id"], False)
    # and the audit shows the erasure, by that staff member, with nothing personal in it
    staff = contexts.identity.staff_of(token)
    [erased] = [e for e in timeline(contexts, customer["user_id"]) if e.event == "Erased"]
    assert erased.actor == f"staff:{staff.id}"
    assert customer["email"] not in erased.details and "Lovelace" not in erased.details
    registered = next(e for e in timeline(contexts, customer["user_id"]) if e.event == "Registered")
    assert "email=[erased]" in registered.details and customer["email"] not in registered.details
    # and the user's token no longer works, nor their password
    assert error_codes(gql(FORCE, token=users_token)) == ["KT-CT-1111"]
    login = gql(LOGIN, {"input": {"email": customer["email"], "password": customer["password"]}})
    assert error_codes(login) == ["KT-CT-1138"]
    # and erasing again answers the same erasure
    again = erase(gql, customer["user_id"], token)["data"]["eraseAccountUser"]
    assert again == {**answer, "alreadyErased": True}


def test_an_account_users_or_an_organisations_token_is_refused(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict
) -> None:
    _, key = contexts.identity.register_organisation(commands.RegisterOrganisation(name="Comparison Site"))
    org = gql(LOGIN, {"input": {"organizationSecretKey": key}})["data"]["obtainKrakenToken"]["token"]
    for token in (log_in(gql, customer), org):
        assert error_codes(erase(gql, customer["user_id"], token)) == ["KT-CT-1111"]
    assert contexts.identity.load(UUID(customer["user_id"])).erased_at is None


def test_no_header_is_kt_ct_1112_and_a_tampered_or_deactivated_staff_token_kt_ct_1111(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict
) -> None:
    token = staff_token(contexts)
    assert error_codes(erase(gql, customer["user_id"], None)) == ["KT-CT-1112"]
    head, claims, signature = token.split(".")
    tampered = f"{head}.{claims}.{signature[:-2] + ('AA' if signature[-2:] != 'AA' else 'BB')}"
    assert error_codes(erase(gql, customer["user_id"], tampered)) == ["KT-CT-1111"]
    contexts.identity.deactivate_staff_member(STAFF_EMAIL)
    assert error_codes(erase(gql, customer["user_id"], token)) == ["KT-CT-1111"]
    assert contexts.identity.load(UUID(customer["user_id"])).erased_at is None


def test_a_staff_token_is_no_account_users_token(gql: GraphQL, contexts: runtime.Contexts) -> None:
    token = staff_token(contexts)
    assert error_codes(gql(FORCE, token=token)) == ["KT-CT-1111"]
    assert error_codes(gql(VIEWER, token=token)) == ["KT-CT-1111"]


@pytest.mark.parametrize("user_id", [str(UUID(int=7)), "not-an-id"])
def test_an_unknown_user_is_kt_ct_1160(gql: GraphQL, contexts: runtime.Contexts, user_id: str) -> None:
    assert error_codes(erase(gql, user_id, staff_token(contexts))) == ["KT-CT-1160"]


def test_an_over_long_reason_is_kt_ct_1161(gql: GraphQL, contexts: runtime.Contexts, customer: dict) -> None:
    body = erase(gql, customer["user_id"], staff_token(contexts), reason="x" * 201)
    assert error_codes(body) == ["KT-CT-1161"]
    assert contexts.identity.load(UUID(customer["user_id"])).erased_at is None


def test_the_read_model_is_blanked(gql: GraphQL, contexts: runtime.Contexts, customer: dict, catch_up) -> None:
    catch_up()
    erase(gql, customer["user_id"], staff_token(contexts))
    catch_up()
    [row] = contexts.read.account_users.users([customer["user_id"]])
    assert row is not None and (row["email"], row["given_name"], row["family_name"]) == (
        "[erased]",
        "[erased]",
        "[erased]",
    )


def test_a_sign_ups_contact_details_in_supply_are_erased_with_the_user(
    gql: GraphQL, contexts: runtime.Contexts, catch_up
) -> None:
    # given a customer signed up by moving in (supply records the sign-up and the move with their details)
    body = sign_up(gql, propertyId=vacant(contexts), givenName="Philippa", familyName="Fawcettson")
    assert "errors" not in body, body
    catch_up()
    user_id = contexts.identity.user_id_for_email("mary@example.com")
    assert user_id is not None
    details = ["mary@example.com", "07700 900456", "07700900456", "Philippa", "Fawcettson"]

    def holding_details() -> set[str]:
        return {
            notification.topic.rsplit(":", 1)[1]
            for app in (contexts.supply, contexts.identity)
            for notification in app.recorder.select_notifications(start=1, limit=10_000)
            if any(detail.encode() in app.mapper.cipher.decrypt(notification.state) for detail in details)
        }

    # (sealed already: with the store's key alone, none of their details show, nor the address the
    # move's confirmation went to)
    assert holding_details() == set()
    # when they are erased
    erase(gql, str(user_id), staff_token(contexts))
    catch_up()
    # then no event of supply or identity holds their details, decrypted with the store's key
    assert holding_details() == set()
    # and the sign-up and the move still load, their details as placeholders
    moves = [
        contexts.supply.mapper.to_domain_event(n)
        for n in contexts.supply.recorder.select_notifications(start=1, limit=10_000)
        if n.topic.endswith("HouseMove.Recorded")
    ]
    assert [(m.given_name, m.email, m.mobile) for m in moves] == [("[erased]", "[erased]", "[erased]")]
    notified = [
        contexts.supply.mapper.to_domain_event(n)
        for n in contexts.supply.recorder.select_notifications(start=1, limit=10_000)
        if n.topic.endswith("HouseMove.Notified")
    ]
    assert [n.recipients for n in notified] == [()]


BILLING_EMAIL = """
mutation($input: UpdateAccountBillingEmailInput!) { updateAccountBillingEmail(input: $input) { account { number } } }
"""
BILLING_ADDRESS = """
mutation($input: AccountBillingAddressInput!) {
  updateAccountBillingAddress(input: $input) { account { number } }
}
"""
HOLDER = {
    "email": "mary@example.com",
    "given_name": "Philippa",
    "family_name": "Fawcettson",
    "billing_email": "philippa.bills@example.org",
    "street": "42 Shreddable Row",
    "psr_code": "kidneyDialysis",
    "hold_music": "SONG_hold_music_holding_firm",
}


@pytest.mark.usefixtures("backend")
def test_the_profile_and_billing_details_of_a_signed_up_holder_are_erased_with_them(
    gql: GraphQL, contexts: runtime.Contexts, settings: Settings, catch_up
) -> None:
    # given a customer signed up by moving in (the account's billing name is theirs), who gives the
    # account a billing email and address, special circumstances and comms preferences
    body = sign_up(gql, propertyId=vacant(contexts), givenName=HOLDER["given_name"], familyName=HOLDER["family_name"])
    assert "errors" not in body, body
    user_id = contexts.identity.user_id_for_email("mary@example.com")
    assert user_id is not None
    number = contexts.identity.load(user_id).account_numbers[0]
    token = moves_log_in(gql, "mary@example.com")
    given = [
        gql(BILLING_EMAIL, {"input": {"accountNumber": number, "billingEmail": HOLDER["billing_email"]}}, token=token),
        gql(
            BILLING_ADDRESS,
            {
                "input": {
                    "accountNumber": number,
                    "billingAddress": {"streetAddress": HOLDER["street"], "postalCode": "DE22 3XY", "country": "GB"},
                }
            },
            token=token,
        ),
    ]
    assert all("errors" not in answer for answer in given), given
    contexts.accounts.insert_user_psr_records(
        accounts_commands.InsertUserPsrRecords(user_id=user_id, records=((HOLDER["psr_code"], None),))
    )
    contexts.accounts.update_comms_preferences(
        accounts_commands.UpdateCommsPreferences(
            user_id=user_id, has_mobile=True, preferred_hold_music=HOLDER["hold_music"]
        )
    )
    # and an account an operator opened, with no person behind it, its billing email given by an organisation
    operated = contexts.accounts.open_account("Municipal Waterworks")
    with acting_as("organisation:test"):
        contexts.accounts.update_account_billing_email(
            accounts_commands.UpdateAccountBillingEmail(account_number=operated.number, billing_email="ops@example.net")
        )
    catch_up()
    ledgers = contexts.read.store.rows(LEDGERS_BALANCE)
    needles = list(HOLDER.values())
    # (sealed: with the master key, their details are found in the read models only)
    assert {leak.rsplit(" in ", 1)[1].rsplit(":", 1)[-1] for leak in leaks(settings, contexts, needles)} == {
        "accounts",
        "account_billing",
        "account_users",
        "account_user_psr_records",
        "account_user_comms_preferences",
    }
    # when they are erased
    assert "errors" not in erase(gql, str(user_id), staff_token(contexts))
    catch_up()
    # then nothing of theirs can be read in any table, even with the master key, and the ledgers are as they were
    assert leaks(settings, contexts, needles) == []
    assert contexts.read.store.rows(LEDGERS_BALANCE) == ledgers
    # and the account shows placeholders where their details were; the operator's account is untouched
    [account, other] = contexts.read.accounts.accounts([number, operated.number])
    assert account is not None and other is not None
    assert (account["billing_name"], other["billing_name"]) == (ERASED, "Municipal Waterworks")
    [billing, other_billing] = contexts.read.account_billing.billing([number, operated.number])
    assert billing is not None and (billing["billing_email"], billing["street_address"], billing["lines"]) == (
        None,
        None,
        None,
    )
    assert other_billing is not None and other_billing["billing_email"] == "ops@example.net"
    loaded = contexts.accounts.account(number)
    assert loaded is not None and (loaded.billing_name, loaded.billing_email, loaded.billing_address) == (
        ERASED,
        None,
        None,
    )
    # and rebuilding every read model gives the same rows
    tables = sorted({table for projection in PROJECTIONS for table in projection.tables})

    def rows() -> dict[str, list[str]]:
        return {table: sorted(map(repr, contexts.read.store.rows(f"SELECT * FROM {table}"))) for table in tables}

    before = rows()
    for projection in PROJECTIONS:
        ViewFollower(projection(), getattr(contexts, projection.upstream), contexts.read.store).rebuild()
    assert rows() == before
