"""Erasing an account user: their key destroyed, nothing of theirs readable in any stored table, even with
the master key; the rest of the system (another user, the ledgers, the read models) as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest
from eventsourcing.utils import get_topic

from domain.accounts import commands as accounts_commands
from domain.accounts.account_user_profile import AccountUserProfile, CommsPreferences, PsrRecord
from domain.accounts.consents import Consents, user_holder
from domain.accounts.push_binding import PushBinding
from domain.identity import commands
from domain.identity.errors import ErasureInputInvalid, ErasureUserNotFound
from domain.identity.user import User
from domain.payments import commands as payments_commands
from domain.shared.actor import acting_as
from domain.shared.catalogue import InvalidCredentials, Unauthorized
from domain.shared.personal_data import ERASED
from ops import runtime
from projections.accounts.erasures import AccountsErasuresProjection
from projections.catalogue import PROJECTIONS
from projections.projection import ViewFollower
from settings import Settings, load
from tests.api.identity.erasing import LEDGERS_BALANCE, leaks
from tests.conftest import PASSWORD, msgspec_replace

WILHELMINA = {
    "email": "wilhelmina.erasmusson@example.com",
    "new_email": "w.erasmusson-new@example.org",
    "given_name": "Wilhelmina",
    "family_name": "Erasmusson",
    "new_given_name": "Wilhelmine",
    "mobile": "07700900123",
    "landline": "02079460321",
    "title": "Professor",
    "pronouns": "they/them",
    "date_of_birth": "1961-07-13",
}
# The user's profile in accounts: special circumstances (one replaced, so the event names it as
# deactivated) and comms preferences.
PROFILE = {
    "psr_code": "kidneyDialysis",
    "deactivated_psr_code": "temporaryPostHospitalRecovery",
    "hold_music": "SONG_hold_music_holding_firm",
}
# Reaching them: a push device's token, and a double opt-in to their own marketing consent sent to an
# address of theirs, asked for and confirmed from IP addresses of theirs.
REACH = {
    "device_token": "apns-wilhelmina-0f1e2d3c4b5a6978",
    "opt_in_email": "wilhelmina.optin@example.net",
    "requested_from": "198.51.100.77",
    "confirmed_from": "203.0.113.219",
}
CORNELIUS = {"given_name": "Corneliusz", "family_name": "Blackholeby", "address": "17 Forgottenway Lane"}
OTHER = {"email": "bartholomew.keeper@example.com", "given_name": "Bartholomew", "family_name": "Keepington"}


def _person(contexts: runtime.Contexts, account_number: str) -> UUID:
    """An account user with every detail of their own, changed once, and a snapshot of them taken."""
    identity = contexts.identity
    user_id = identity.register_user(
        commands.RegisterUser(
            email=WILHELMINA["email"],
            password=PASSWORD,
            given_name=WILHELMINA["given_name"],
            family_name=WILHELMINA["family_name"],
            account_numbers=(account_number,),
        )
    )
    identity.update_user(
        commands.UpdateUser(
            user_id=user_id,
            given_name=WILHELMINA["new_given_name"],
            email=WILHELMINA["new_email"],
            mobile=WILHELMINA["mobile"],
            landline=WILHELMINA["landline"],
            title=WILHELMINA["title"],
            pronouns=WILHELMINA["pronouns"],
            date_of_birth=date.fromisoformat(WILHELMINA["date_of_birth"]),
        )
    )
    identity.take_snapshot(user_id)
    accounts = contexts.accounts
    for records in (
        ((PROFILE["psr_code"], None), (PROFILE["deactivated_psr_code"], date(2099, 1, 31))),
        ((PROFILE["psr_code"], None),),
    ):
        accounts.insert_user_psr_records(accounts_commands.InsertUserPsrRecords(user_id=user_id, records=records))
    accounts.update_comms_preferences(
        accounts_commands.UpdateCommsPreferences(
            user_id=user_id,
            has_mobile=True,
            preferred_hold_music=PROFILE["hold_music"],
            is_opted_in_to_sms_messages=True,
        )
    )
    accounts.register_push_notification_binding(
        accounts_commands.RegisterPushNotificationBinding(
            user_id=user_id, token=REACH["device_token"], bundle_id="com.kraken.demo", policy=load({}).push_policy()
        )
    )
    accounts.request_double_opt_in(
        accounts_commands.RequestDoubleOptIn(
            code="MARKETING_EMAIL",
            email=REACH["opt_in_email"],
            mobile="",
            ip=REACH["requested_from"],
            requested_by=f"user:{user_id}",
            user_id=user_id,
        )
    )
    consents_id = Consents.id_for(user_holder(user_id))
    [token_digest] = accounts.load(consents_id).opt_ins
    message = accounts.double_opt_in_message(consents_id, token_digest)
    assert message is not None and message.address == REACH["opt_in_email"]
    accounts.confirm_double_opt_in(
        accounts_commands.ConfirmDoubleOptIn(token=message.token, ip=REACH["confirmed_from"])
    )
    return user_id


@pytest.fixture
def people(contexts: runtime.Contexts, catch_up: Callable[[], int], consent_types: list[str]) -> dict[str, UUID]:
    account = contexts.accounts.open_account("Household Number One")
    erased = _person(contexts, account.number)
    blackhole = contexts.identity.create_blackhole_user(
        commands.CreateBlackholeUser(
            account_number=account.number,
            given_name=CORNELIUS["given_name"],
            family_name=CORNELIUS["family_name"],
            first_line_of_address=CORNELIUS["address"],
            postcode="EC1A 1BB",
            date_of_birth=date(1958, 2, 3),
        )
    )
    other = contexts.identity.register_user(
        commands.RegisterUser(
            email=OTHER["email"],
            password=PASSWORD,
            given_name=OTHER["given_name"],
            family_name=OTHER["family_name"],
            account_numbers=(account.number,),
        )
    )
    contexts.accounts.insert_user_psr_records(
        accounts_commands.InsertUserPsrRecords(user_id=other, records=(("blind", None),))
    )
    catch_up()
    return {"erased": erased, "blackhole": blackhole, "other": other}


NEEDLES = [*WILHELMINA.values(), *PROFILE.values(), *REACH.values(), *CORNELIUS.values()]


@pytest.mark.usefixtures("backend")
def test_after_erasure_no_stored_table_holds_the_persons_data_even_with_the_master_key(
    settings: Settings, contexts: runtime.Contexts, catch_up: Callable[[], int], people: dict[str, UUID]
) -> None:
    # given the person's data is sealed under their key in the events: readable through the
    # applications, and with the master key only in the snapshot and the read model
    assert contexts.identity.load(people["erased"]).email == WILHELMINA["new_email"]
    assert leaks(settings, contexts, [WILHELMINA["mobile"]]) == [
        f"{WILHELMINA['mobile']!r} in {table}" for table in _unsealed_tables(settings)
    ]
    # when both are erased, and the read models follow
    with acting_as("staff:test"):
        contexts.identity.erase_user(commands.EraseUser(user_id=people["erased"], reason="asked by the customer"))
        contexts.identity.erase_user(commands.EraseUser(user_id=people["blackhole"]))
    catch_up()
    # then nothing of theirs is found anywhere: events, snapshots, keys, read models, in any encoding
    assert leaks(settings, contexts, NEEDLES) == []
    # and another user's data is still readable, through the application and the read model
    other = contexts.identity.load(people["other"])
    assert (other.email, other.given_name) == (OTHER["email"], OTHER["given_name"])
    [row] = contexts.read.account_users.users([str(people["other"])])
    assert row is not None and row["email"] == OTHER["email"]
    # and the erased users load, their details as placeholders, their erasure recorded
    erased: User = contexts.identity.load(people["erased"])
    assert (erased.email, erased.given_name, erased.mobile, erased.date_of_birth) == (ERASED, ERASED, ERASED, None)
    assert erased.erased_at is not None
    blackhole: User = contexts.identity.load(people["blackhole"])
    assert (blackhole.first_line_of_address, blackhole.postcode) == (ERASED, ERASED)
    # and the read model's rows are blanked; which account each belonged to stays
    [row] = contexts.read.account_users.users([str(people["erased"])])
    assert row is not None
    assert (row["email"], row["given_name"], row["mobile"], row["title"], row["date_of_birth"]) == (
        ERASED,
        ERASED,
        "",
        None,
        None,
    )
    assert len(contexts.read.account_users.users_of(erased.account_numbers[0])) == 3
    # and their profile in accounts loads blank, its read models' rows gone; the other user's stays
    profile = contexts.accounts.profile(people["erased"])
    assert profile is not None and (profile.psr_records, profile.comms) == ((), CommsPreferences())
    today = date.today()
    special = contexts.read.special_circumstances
    assert special.active_records(today, [str(people["erased"]), str(people["other"])]) == [
        [],
        [PsrRecord(special.active_records(today, [str(people["other"])])[0][0].id, "blind")],
    ]
    assert contexts.read.comms_preferences.of_users([str(people["erased"])]) == [CommsPreferences()]


@pytest.mark.usefixtures("backend")
def test_an_accounts_event_projected_after_the_erasure_in_clear_does_not_bring_the_details_back(
    contexts: runtime.Contexts, people: dict[str, UUID]
) -> None:
    # given an account the person holds, whose billing email they gave themselves, and their profile
    erased, accounts = people["erased"], contexts.accounts
    account = accounts.open_account_numbered("A-5EA1ED01", WILHELMINA["family_name"], holder_user_id=erased)
    with acting_as(f"user:{erased}"):
        accounts.update_account_billing_email(
            accounts_commands.UpdateAccountBillingEmail(
                account_number=account.number, billing_email=REACH["opt_in_email"]
            )
        )
    # and every accounts event about them as a process still holding their key in its cache decodes
    # it (in clear), before the erasure
    store = accounts.repository.event_store
    in_clear = [*store.get(account.id), *store.get(AccountUserProfile.id_for(erased))]
    # when they are erased, and the erasure is projected before those events are
    contexts.identity.erase_user(commands.EraseUser(user_id=erased))
    read_store = contexts.read.special_circumstances.store
    erasures = ViewFollower(AccountsErasuresProjection(), contexts.identity, read_store)
    while erasures.run_once():
        pass
    for projection in PROJECTIONS:
        if projection.upstream == "accounts":
            events = [e for e in in_clear if get_topic(type(e)) in projection.topics]
            with read_store.transaction() as cursor:
                projection().apply(cursor, events)
    # then none of their details is back: billing name and email, special circumstances, preferences
    assert contexts.read.accounts.account(account.number)["billing_name"] == ERASED  # type: ignore[index]
    [billing] = contexts.read.account_billing.billing([account.number])
    assert billing is not None and billing["billing_email"] is None
    assert contexts.read.special_circumstances.active_records(date.today(), [str(erased)]) == [[]]
    assert contexts.read.comms_preferences.of_users([str(erased)]) == [CommsPreferences()]


@pytest.mark.usefixtures("backend")
def test_rebuilding_the_read_models_after_erasure_gives_the_blanked_rows(
    settings: Settings, contexts: runtime.Contexts, catch_up: Callable[[], int], people: dict[str, UUID]
) -> None:
    # given an erasure, projected
    contexts.identity.erase_user(commands.EraseUser(user_id=people["erased"]))
    catch_up()
    tables = sorted({table for projection in PROJECTIONS for table in projection.tables})

    def rows() -> dict[str, list]:
        return {table: sorted(map(repr, contexts.read.store.rows(f"SELECT * FROM {table}"))) for table in tables}

    before = rows()
    assert before["account_user_psr_records"] != [] and before["account_user_comms_preferences"] == []
    # when every read model is rebuilt from the events (the erased user's now decrypt to placeholders)
    for projection in PROJECTIONS:
        ViewFollower(projection(), getattr(contexts, projection.upstream), contexts.read.store).rebuild()
    # then each is the same, the erased user's rows blanked, and no personal data in any table
    assert rows() == before
    assert leaks(settings, contexts, [*WILHELMINA.values(), *PROFILE.values()]) == []


def test_an_erased_user_cannot_log_in_their_tokens_are_revoked_and_their_email_registers_again(
    contexts: runtime.Contexts, people: dict[str, UUID]
) -> None:
    # given a token, a refresh token and an API key of the user's
    identity = contexts.identity
    issued = identity.obtain_kraken_token(
        commands.ObtainKrakenToken(client="test", email=WILHELMINA["new_email"], password=PASSWORD)
    )
    api_key = identity.issue_secret_key(people["erased"])
    # when they are erased
    identity.erase_user(commands.EraseUser(user_id=people["erased"]))
    # then none of them works any more
    with pytest.raises(Unauthorized):
        identity.authenticate(issued.token)
    for login in (
        commands.ObtainKrakenToken(client="test", email=WILHELMINA["new_email"], password=PASSWORD),
        commands.ObtainKrakenToken(client="test", api_key=api_key),
    ):
        with pytest.raises(InvalidCredentials):
            identity.obtain_kraken_token(login)
    with pytest.raises(Exception, match="revoked"):
        identity.obtain_kraken_token(commands.ObtainKrakenToken(client="test", refresh_token=issued.refresh_token))
    # and their address may register a new account user, who logs in
    newcomer = identity.register_user(
        commands.RegisterUser(
            email=WILHELMINA["new_email"], password=PASSWORD, given_name="New", family_name="Person", account_numbers=()
        )
    )
    assert newcomer != people["erased"]
    assert identity.user_id_for_email(WILHELMINA["new_email"]) == newcomer
    login = commands.ObtainKrakenToken(client="test", email=WILHELMINA["new_email"], password=PASSWORD)
    assert identity.authenticate(identity.obtain_kraken_token(login).token).id == newcomer


def test_erasing_twice_changes_nothing_the_second_time(contexts: runtime.Contexts, people: dict[str, UUID]) -> None:
    identity = contexts.identity
    with acting_as("staff:first"):
        first = identity.erase_user(commands.EraseUser(user_id=people["erased"]))
    version = identity.load(people["erased"]).version
    with acting_as("staff:second"):
        second = identity.erase_user(commands.EraseUser(user_id=people["erased"]))
    assert (first.already_erased, second.already_erased) == (False, True)
    assert second.erased_at == first.erased_at
    assert identity.load(people["erased"]).version == version
    # the tombstone keeps who erased first
    assert identity.personal_keys is not None
    assert identity.personal_keys.erased(str(people["erased"])) == (first.erased_at, "staff:first")


def test_an_unknown_user_or_an_over_long_reason_is_refused(contexts: runtime.Contexts, people: dict[str, UUID]) -> None:
    with pytest.raises(ErasureUserNotFound):
        contexts.identity.erase_user(commands.EraseUser(user_id=UUID(int=7)))
    with pytest.raises(ErasureInputInvalid):
        contexts.identity.erase_user(commands.EraseUser(user_id=people["erased"], reason="x" * 201))
    assert contexts.identity.load(people["erased"]).erased_at is None


def test_ledgers_still_equal_the_sum_of_their_entries_after_erasure(
    contexts: runtime.Contexts, catch_up: Callable[[], int], people: dict[str, UUID]
) -> None:
    # given the account's ledger (opened by payments when the account opened) was charged two bills
    number = contexts.identity.load(people["erased"]).account_numbers[0]
    for amount in (4321, 1234):
        bill = contexts.payments.draft_bill(
            payments_commands.DraftBill(account_number=number, amount=amount, description="Water")
        )
        contexts.payments.issue_bill(str(bill.number))
    catch_up()
    before = contexts.read.store.rows(LEDGERS_BALANCE)
    assert [(balance, total) for _, balance, total in before] == [(-5555, -5555)]
    # when the user is erased
    contexts.identity.erase_user(commands.EraseUser(user_id=people["erased"]))
    catch_up()
    # then every ledger is as it was, and equals the sum of its entries
    after = contexts.read.store.rows(LEDGERS_BALANCE)
    assert after == before
    assert all(balance == total for _, balance, total in after)


def _unsealed_tables(settings: Settings) -> list[str]:
    if settings.uses_postgres:
        return ["account_users", "identity_snapshots"]
    return ["identity.db:stored_snapshots", "read_models.db:account_users"]


def test_nothing_is_sent_to_an_erased_user_any_more(
    contexts: runtime.Contexts, catch_up: Callable[[], int], people: dict[str, UUID]
) -> None:
    # given a login email and a reset email waiting to be sent to them, and an account they belong to
    identity, email = contexts.identity, WILHELMINA["new_email"]
    key_id = identity.send_pre_signed_token_email(
        commands.SendPreSignedTokenEmail(client="test", email=email, scope="SUBMIT_METER_READINGS")
    )
    reset_id = identity.request_password_reset(commands.RequestPasswordReset(client="test", email=email))
    assert key_id is not None and reset_id is not None
    assert identity.pre_signed_token_email(key_id) is not None and identity.password_reset_email(reset_id) is not None
    number = identity.load(people["erased"]).account_numbers[0]
    assert email in contexts.read.account_users.addresses_of(number)
    # when they are erased
    identity.erase_user(commands.EraseUser(user_id=people["erased"]))
    catch_up()
    # then neither email goes out, and emails about the account go to its other users only
    assert identity.pre_signed_token_email(key_id) is None and identity.password_reset_email(reset_id) is None
    addresses = contexts.read.account_users.addresses_of(number)
    assert OTHER["email"] in addresses and email not in addresses and ERASED not in addresses


def test_an_erased_users_opt_in_is_not_sent_and_their_device_can_be_bound_again(
    contexts: runtime.Contexts, people: dict[str, UUID]
) -> None:
    # given a second double opt-in waiting to be sent to the person's own address
    accounts, erased = contexts.accounts, people["erased"]
    accounts.request_double_opt_in(
        accounts_commands.RequestDoubleOptIn(
            code="MARKETING_SMS", email="", mobile="07700900987", ip="", requested_by="test", user_id=erased
        )
    )
    consents_id = Consents.id_for(user_holder(erased))
    [waiting] = [
        digest for digest, opt_in in accounts.load(consents_id).opt_ins.items() if opt_in.code == "MARKETING_SMS"
    ]
    assert accounts.double_opt_in_message(consents_id, waiting) is not None
    # when they are erased
    contexts.identity.erase_user(commands.EraseUser(user_id=erased))
    # then its message is no longer there to send, and their device's token reads as erased
    assert accounts.double_opt_in_message(consents_id, waiting) is None
    binding: PushBinding = accounts.load(PushBinding.id_for(REACH["device_token"]))
    assert binding.token == ERASED
    # and another user registering the same device gets it bound to them, token and all
    policy = load({}).push_policy()
    rebound = accounts.register_push_notification_binding(
        accounts_commands.RegisterPushNotificationBinding(
            user_id=people["other"], token=REACH["device_token"], bundle_id="com.kraken.demo", policy=policy
        )
    )
    assert (rebound.token, rebound.user_id) == (REACH["device_token"], people["other"])
    reloaded: PushBinding = accounts.load(PushBinding.id_for(REACH["device_token"]))
    assert reloaded.token == REACH["device_token"]


@pytest.mark.usefixtures("backend")
def test_another_process_holding_the_user_sees_them_erased_at_its_next_load(
    settings: Settings, contexts: runtime.Contexts, people: dict[str, UUID]
) -> None:
    # given another process, which checks the key table on every use, has the user cached, decrypted
    elsewhere = runtime.build(msgspec_replace(settings, personal_key_cache_seconds=0))
    try:
        assert elsewhere.identity.load(people["erased"]).email == WILHELMINA["new_email"]
        # when they are erased here
        contexts.identity.erase_user(commands.EraseUser(user_id=people["erased"]))
        # then its next load brings the cached copy up to date, blanked
        there: User = elsewhere.identity.load(people["erased"])
        assert (there.email, there.given_name, there.mobile, there.date_of_birth) == (ERASED, ERASED, ERASED, None)
        # and once its key cache seconds pass it knows the key is gone
        assert elsewhere.identity.personal_keys is not None
        assert elsewhere.identity.personal_keys.key_for_reading(str(people["erased"])) is None
    finally:
        elsewhere.close()
