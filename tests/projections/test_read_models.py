"""Read models: up to date after catching up, applied exactly once, rebuildable to the same rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from domain.accounts import commands as accounts
from domain.accounts.account import Account
from domain.accounts.account_user_profile import CommsPreferences
from domain.accounts.billing_address import AddressDetails
from domain.accounts.consents import Consents, account_holder, user_holder
from domain.accounts.metadata import LinkedObject
from domain.goods import commands as goods
from domain.identity import commands as identity
from domain.identity.mfa_devices import EMAIL, MfaDevices
from domain.loyalty import commands as loyalty
from domain.loyalty.campaign_commands import AddCampaign, AddCampaignToAccount
from domain.loyalty.contribution_agreement import ContributionInterval
from domain.loyalty.contribution_commands import (
    AddContributionScheme,
    CreateContributionAgreement,
    EndContributionAgreement,
)
from domain.loyalty.referral_commands import ReferralSettings
from domain.payments import commands as payments
from domain.payments.ledger import LedgerKind, main_ledger_number
from domain.payments.repayment_request import RepaymentState
from domain.shared.actor import acting_as
from domain.shared.digests import digest
from domain.shared.personal_data import ERASED
from domain.supply import commands as supply
from domain.supply.lifecycle_process import ProcessKind
from domain.supply.process_commands import ProcessSettings
from domain.supply.quote import quoted_product_id
from ops.following import runner
from ops.seed import DEMO_CONSENT_TYPES
from projections.catalogue import PROJECTIONS
from projections.contexts import Contexts
from projections.goods.products import GoodsProductsView
from projections.pages import Window
from projections.projection import ViewFollower
from settings import Settings
from tests.domain.goods.catalogue import WATER_BUTT, stock
from tests.domain.supply.products import catalogue, quote
from tests.projections.supply.stories import story_charges

WHOLE = Window(size=100)


@pytest.fixture
def story(contexts: Contexts, customer: dict, catch_up: Callable[[], int]) -> dict:
    """Ada gives her details and enables an EMAIL second factor and starts a TOTP one; she enrols,
    earns 800 points, redeems 160 (20p of credit), gives 100 to Bob and makes him the points user;
    her account gets a direct debit, a schedule, a payment due next month, a payment started for the
    hosted page and a repayment request, cancelled, and a card stored then invalidated. Charles's
    account gets a bill issued and one drafted, and credit may move from his credit storage ledger to
    Ada's main ledger: allowed, ended and allowed again. Ada's account occupies a property, declares
    its type and occupants, and leaves it next week to Charles's account; it gets a billing address
    (free text, then structured), a billing email and email delivery. Its home is quoted water products,
    switched to one today and to another from the 18th, and the quote followed up."""
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
    contexts.identity.update_user(
        identity.UpdateUser(
            user_id=ada, mobile="07700 900123", pronouns="she/her", title="Countess", date_of_birth=date(1985, 12, 10)
        )
    )
    contexts.identity.create_mfa_device(identity.CreateMfaDevice(user_id=ada, mfa_method=EMAIL))
    devices: MfaDevices = contexts.identity.load(MfaDevices.id_for(ada))
    challenge = devices.devices[EMAIL].challenge_id
    assert challenge is not None
    contexts.identity.validate_mfa_device(
        identity.ValidateMfaDevice(
            user_id=ada, mfa_method=EMAIL, token=contexts.identity.mfa_codes.code_for(challenge), client="story"
        )
    )
    contexts.identity.create_mfa_device(identity.CreateMfaDevice(user_id=ada, mfa_method="TOTP"))
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
    contexts.loyalty.set_loyalty_points_user(
        loyalty.SetLoyaltyPointsUser(account_number=number, new_loyalty_points_user_id=str(bob))
    )
    # The payments context: a direct debit, a schedule, a payment next month, a repayment asked
    # for and cancelled. Nothing settles, so the ledger's balance stays the redeemed 20p.
    catch_up()  # the main ledger opens with the account
    ledger = main_ledger_number(number)
    bank = payments.BankDetails(account_holder="Ada Lovelace", sort_code="20-00-00", account_number="55779911")
    today = contexts.payments.clock.now()
    contexts.payments.set_up_direct_debit_instruction(
        payments.SetUpDirectDebitInstruction(
            account_number=number, valid_from=today, bank_details=bank, ledger_number=ledger, account_user_id=str(ada)
        )
    )
    schedule = contexts.payments.create_direct_debit_payment_schedule(
        payments.CreateDirectDebitPaymentSchedule(
            account_number=number, ledger_number=ledger, payment_day=28, payment_amount=4500
        )
    )
    contexts.payments.collect_payment(
        payments.CollectPayment(
            account_number=number,
            amount=1234,
            payment_date=(today + timedelta(days=40)).date(),
            description="catch-up",
            idempotency_key="story",
            ledger_number=ledger,
        )
    )
    hosted = contexts.payments.initiate_hosted_standalone_payment(
        payments.InitiateHostedStandalonePayment(
            account_number=number, amount=777, description="hosted", ledger_number=ledger
        )
    )
    request = contexts.payments.submit_repayment_request(
        payments.SubmitRepaymentRequest(account_number=number, amount=10, idempotency_key="story", ledger_number=ledger)
    )
    contexts.payments.cancel_repayment_request(
        payments.CancelRepaymentRequest(account_number=number, request_id=str(request.number))
    )
    card = contexts.payments.store_payment_instruction(
        payments.StorePaymentInstruction(
            account_number=number, instruction_type="CARD", valid_from=today, vendor_reference="pm_card_4242"
        )
    )
    contexts.payments.invalidate_payment_instruction(
        payments.InvalidatePaymentInstruction(account_number=number, instruction_id=str(card.number))
    )
    contexts.accounts.update_comms_preferences(
        accounts.UpdateCommsPreferences(user_id=ada, has_mobile=True, is_opted_in_to_sms_messages=True)
    )
    contexts.accounts.insert_user_psr_records(accounts.InsertUserPsrRecords(user_id=ada, records=(("blind", None),)))
    contexts.accounts.insert_user_psr_records(
        accounts.InsertUserPsrRecords(user_id=ada, records=(("dementia", None), ("blind", None)))
    )
    charles = contexts.accounts.open_account("Charles Babbage").number
    for street in ({"street_address": "1 Station Road"}, {"structured_street_address": {"building_number": "2"}}):
        details = AddressDetails(**street, postal_code="DE1 1AA")  # type: ignore[arg-type]
        contexts.accounts.update_account_address(
            accounts.UpdateAccountAddress(account_number=number, billing_address=details)
        )
    contexts.accounts.update_account_billing_email(
        accounts.UpdateAccountBillingEmail(account_number=number, billing_email="b@example.com")
    )
    contexts.accounts.update_comms_delivery_preference(
        accounts.UpdateCommsDeliveryPreference(account_number=number, comms_delivery_preference="EMAIL")
    )
    catch_up()
    storage = contexts.payments.open_ledger(charles, LedgerKind.CREDIT_STORAGE).number
    bills = [
        contexts.payments.draft_bill(payments.DraftBill(account_number=charles, amount=amount, description="Water"))
        for amount in (4321, 99)
    ]
    contexts.payments.issue_bill(str(bills[0].number))
    permission = {"source_ledger_number": storage, "target_ledger_number": ledger}
    contexts.payments.create_credit_transfer_permission(payments.CreateCreditTransferPermission(**permission))
    contexts.payments.terminate_credit_transfer_permission(payments.TerminateCreditTransferPermission(**permission))
    contexts.payments.create_credit_transfer_permission(payments.CreateCreditTransferPermission(**permission))
    home = contexts.accounts.register_property(
        accounts.RegisterProperty(
            account_number=number, lines=("1 Mill Lane",), postcode="DE1 2AB", occupied_from=date(2025, 12, 1)
        )
    )
    declared = {"account_number": number, "property_id": home.property_id, "declared_by": "story"}
    # The supply context: a meter is fitted at the home on its first day, its serial and location corrected.
    contexts.supply.install_meter(
        supply.InstallMeter(home.property_id, "sn-1", date(2025, 12, 1), 12, "story", number_of_digits=6)
    )
    contexts.supply.modify_meter(
        supply.ModifyMeter(home.property_id, "SN-1", "story", new_serial_number="SN-2", location="Front path")
    )
    contexts.accounts.update_property_type(accounts.UpdatePropertyType(**declared, property_type="TERRACED"))
    contexts.accounts.update_number_of_occupants(accounts.UpdateNumberOfOccupants(**declared, number_of_occupants=2))
    moved = date(2026, 1, 20)
    contexts.accounts.vacate_property(
        accounts.VacateProperty(account_number=number, property_id=home.property_id, effective_to=moved)
    )
    contexts.accounts.occupy_property(
        accounts.OccupyProperty(account_number=charles, property_id=home.property_id, effective_from=moved)
    )
    code = products(contexts, number, home.property_id)
    consents(contexts, number, ada)
    # The supply context: the home's rateable value; at an unmetered home, Dora applies for a meter, a survey
    # is booked and none can be fitted, so she is offered assessed charges; her second application is cancelled.
    story_charges(contexts, home.property_id)
    # The accounts context: Ada's account gets a CRM reference, then a new one, and metadata set twice.
    crm = {"account_number": number, "namespace": "crm"}
    contexts.accounts.create_account_reference(accounts.CreateAccountReference(**crm, value="CRM-1"))
    contexts.accounts.update_account_reference(accounts.UpdateAccountReference(**crm, value="CRM-2"))
    for value in ('"gold"', '{"tier": "platinum"}'):
        contexts.accounts.update_metadata(
            accounts.UpdateMetadata(
                linked_object=LinkedObject.ACCOUNT, identifier=number, key="tier", value=value, set_by="story"
            )
        )
    # Ada is asked for feedback twice and answers the first request.
    asked = [
        contexts.accounts.request_feedback(accounts.RequestFeedback(account_number=number, form_id=1)) for _ in "ab"
    ]
    contexts.accounts.submit_customer_feedback(
        accounts.SubmitCustomerFeedback(
            account_number=number,
            form_id=1,
            feedback_id=asked[0].number,
            issue_resolved=False,
            answer="Still leaking",
            answered_by="story",
        )
    )
    # The supply context: Ada's account joins the supplier and accepts the terms; Charles's account is
    # to move into a second home next month and calls it off (its occupancy withdrawn); Ada's leaves
    # her home on the day Charles moves in.
    joined = contexts.supply.start_process(ProcessKind.JOIN_SUPPLIER, number, None, None, key="story-join")
    contexts.supply.accept_join_supplier_terms(
        supply.AcceptJoinSupplierTerms(account_number=number, process_number=joined, accepted_by="story")
    )
    second = contexts.accounts.register_property(
        accounts.RegisterProperty(
            account_number=charles, lines=("2 Mill Lane",), postcode="DE1 2AB", occupied_from=date(2026, 2, 1)
        )
    )
    occupy = contexts.supply.start_process(
        ProcessKind.OCCUPY_PROPERTY, charles, second.property_id, date(2026, 2, 1), key="story-occupy"
    )
    contexts.supply.process_settings = ProcessSettings(occupy_property_cancellation=True)
    contexts.supply.cancel_enrollment(supply.CancelEnrollment(process_number=occupy, cancelled_by="story"))
    contexts.supply.start_process(ProcessKind.LEAVE_PROPERTY, number, home.property_id, moved, key="story-leave")
    goods_quote = goods_story(contexts, charles)
    claim_codes = referrals(contexts, number, charles)
    campaigns_and_contributions(contexts, number)
    dora = erased_holder(contexts, catch_up)
    return {
        "dora": dora,
        "goods quote": goods_quote,
        "property": home.property_id,
        "ada": str(ada),
        "bob": str(bob),
        "number": number,
        "ledger": ledger,
        "charles": charles,
        "retrieval digest": digest(hosted.retrieval_token),
        "schedule": schedule.id,
        "quote": code,
        "claim codes": claim_codes,
    }


def erased_holder(contexts: Contexts, catch_up: Callable[[], int]) -> dict[str, str]:
    """Dora, the holder of an account opened for her (its billing name hers), gives it a billing
    email and address herself, and records special circumstances and comms preferences; once the
    read models show them, she is erased."""
    dora = uuid4()
    number = contexts.accounts.open_account_numbered("A-D0A0D0A0", "Dora Shredder", holder_user_id=dora).number
    contexts.identity.register_user(
        identity.RegisterUser(
            email="dora@example.com",
            password="a third long passphrase",
            given_name="Dora",
            family_name="Shredder",
            account_numbers=(number,),
            user_id=dora,
        )
    )
    with acting_as(f"user:{dora}"):
        contexts.accounts.update_account_billing_email(
            accounts.UpdateAccountBillingEmail(account_number=number, billing_email="dora@example.org")
        )
        contexts.accounts.update_account_billing_address(
            accounts.UpdateAccountBillingAddress(
                account_number=number,
                billing_address=AddressDetails(
                    street_address="1 Shred Lane", locality="Derby", postal_code="DE1 1AB", country="GB"
                ),
            )
        )
    contexts.accounts.insert_user_psr_records(accounts.InsertUserPsrRecords(user_id=dora, records=(("blind", None),)))
    contexts.accounts.update_comms_preferences(
        accounts.UpdateCommsPreferences(user_id=dora, has_mobile=False, is_opted_in_to_offer_messages=True)
    )
    catch_up()
    contexts.identity.erase_user(identity.EraseUser(user_id=dora))
    return {"user": str(dora), "number": number}


def referrals(contexts: Contexts, number: str, charles: str) -> list[str]:
    """The loyalty context's referrals: rewards fall due in 30 days (none is paid in the story). Ada's
    account refers Charles's by its personal code under the friend scheme; Charles's redeems one of two
    partner claim codes; the friend scheme is then closed."""
    contexts.loyalty.referral_settings = ReferralSettings(reward_delay=timedelta(days=30))
    for code, kind, referrer, referred in (
        ("ST-FRIEND", "REFERRAL_REWARD", 5000, 2500),
        ("ST-PARTNER", "PARTNER_REWARD", 0, 1500),
    ):
        contexts.loyalty.add_referral_scheme(
            loyalty.AddReferralScheme(
                code=code, scheme_type=kind, referrer_reward=referrer, referred_reward=referred, brand="SEVERN_TRENT"
            )
        )
    contexts.loyalty.create_referral(
        loyalty.CreateReferral(account_number=charles, reference=contexts.loyalty.referral_code(number))
    )
    codes = contexts.loyalty.issue_claim_codes(loyalty.IssueClaimCodes(scheme_code="ST-PARTNER", count=2))
    contexts.loyalty.redeem_referral_claim_code(
        loyalty.RedeemReferralClaimCode(account_number=charles, code=codes[0], user_id=uuid4())
    )
    contexts.loyalty.end_referral_scheme(loyalty.EndReferralScheme(code="ST-FRIEND"))
    return codes


def products(contexts: Contexts, number: str, property_id: str) -> str:
    """The catalogue; Ada's home is quoted two products: she switches to the first today and to the
    second from the 18th, and has a reminder of the quote sent to her; the quote's code."""
    catalogue(contexts.supply)
    made = quote(contexts.supply, number, property_id)
    for ordinal, on in ((1, date(2026, 1, 15)), (2, date(2026, 1, 18))):
        contexts.supply.initiate_product_switch(
            supply.InitiateProductSwitch(
                account_number=number, quoted_product_id=quoted_product_id(made.code, ordinal), switch_date=on
            )
        )
    contexts.supply.schedule_quote_follow_up(
        supply.ScheduleQuoteFollowUp(quote_code=made.code, client="192.0.2.1", email="ada@example.com")
    )
    return made.code


def goods_story(contexts: Contexts, charles: str) -> str:
    """The goods catalogue; Charles's account is quoted a water butt and accepts, buys two kits directly and
    changes them to one, which fulfilment completes; then the kit's price changes and the shower timer,
    never priced, is withdrawn; the quote's code."""
    stock(contexts.goods)
    made = contexts.goods.create_goods_quote(
        goods.CreateGoodsQuote(
            account_number=charles,
            products=(goods.ProductToQuote(product_id=WATER_BUTT, number_of_units=1, currency="GBP"),),
        )
    )
    contexts.goods.accept_goods_quote(goods.AcceptGoodsQuote(account_number=charles, quote_id=made.number))
    kits = goods.ProductToPurchase(product_code="WATER-SAVING-KIT", number_of_units=2)
    bought = contexts.goods.create_goods_purchase(goods.CreateGoodsPurchase(account_number=charles, items=(kits,)))
    one = goods.ProductToPurchase(product_code="WATER-SAVING-KIT", number_of_units=1)
    contexts.goods.update_active_purchase(
        goods.UpdateActivePurchase(account_number=charles, purchase_id=bought.code, items=(one,))
    )
    contexts.goods.complete_purchase(goods.CompletePurchase(code=bought.code))
    contexts.goods.set_product_price(goods.SetProductPrice(code="WATER-SAVING-KIT", price_per_unit=1800))
    contexts.goods.withdraw_product(goods.WithdrawProduct(code="LEAK-DETECTOR"))
    return made.code


def campaigns_and_contributions(contexts: Contexts, number: str) -> None:
    """Two campaigns, Ada's account in one; two schemes, one closed; her account gives monthly to
    the other from next week, and ends that agreement to run three months."""
    today = contexts.loyalty.clock.now().date()
    for slug in ("water-saving-challenge", "leak-hunt"):
        contexts.loyalty.add_campaign(AddCampaign(slug=slug, name=slug.title(), start_date=today))
    contexts.loyalty.add_campaign_to_account(AddCampaignToAccount(account_number=number, campaign="leak-hunt"))
    for code in ("WATER_FUND", "ASSIST"):
        contexts.loyalty.add_contribution_scheme(AddContributionScheme(code=code, display_name=code.title()))
    contexts.loyalty.set_contribution_scheme_accepting("ASSIST", False)
    starts = contexts.loyalty.clock.now() + timedelta(days=7)
    agreement = contexts.loyalty.create_contribution_agreement(
        CreateContributionAgreement(
            account_number=number,
            scheme_code="WATER_FUND",
            interval=ContributionInterval.MONTHLY,
            amount=250,
            active_from=starts,
        )
    )
    contexts.loyalty.end_contribution_agreement(
        EndContributionAgreement(agreement_id=agreement.id, end_at=starts + timedelta(days=92))
    )


def consents(contexts: Contexts, number: str, ada: UUID) -> None:
    """The account says yes to post, then to SMS, after a no; Ada confirms research by double opt-in;
    the post type is renamed."""
    for consent_type in DEMO_CONSENT_TYPES:
        contexts.accounts.define_consent_type(consent_type)
    for sms in ("REJECTED", "ACCEPTED"):
        choices = (accounts.ConsentChoice("MARKETING_POST", "ACCEPTED", "API_SITE"),)
        choices += (accounts.ConsentChoice("MARKETING_SMS", sms, "API_SITE"),)
        contexts.accounts.update_account_consents(accounts.UpdateAccountConsents(number, choices, "story"))
    contexts.accounts.request_double_opt_in(
        accounts.RequestDoubleOptIn("CUSTOMER_RESEARCH", "ada@example.com", "", "192.0.2.1", "story", user_id=ada)
    )
    consents_id = Consents.id_for(user_holder(ada))
    [token_digest] = contexts.accounts.load(consents_id).opt_ins
    message = contexts.accounts.double_opt_in_message(consents_id, token_digest)
    assert message is not None
    contexts.accounts.confirm_double_opt_in(accounts.ConfirmDoubleOptIn(message.token, "192.0.2.1"))
    contexts.accounts.define_consent_type(accounts.DefineConsentType("MARKETING_POST", "Post", "By post.", "UNKNOWN"))


def snapshot(contexts: Contexts, story: dict) -> dict:
    read = contexts.read
    now = contexts.payments.clock.now()
    today = now.date()
    return {
        "ada": read.loyalty_points.balance(story["ada"]),
        "bob": read.loyalty_points.balance(story["bob"]),
        "ada entries": read.loyalty_points.entries(story["ada"]),
        "entries of both": read.loyalty_points.entries_of([story["ada"], story["bob"]]),
        "points users": read.loyalty_points.points_users([story["number"]]),
        "users": read.account_users.users_of_accounts([story["number"]]),
        "ada's devices": read.mfa_devices.of_users([story["ada"]]),
        "ledgers": read.ledgers.of_account(story["number"]),
        "account": read.accounts.account(story["number"]),
        "properties": read.properties.of_accounts([story["number"], story["charles"]]),
        "property": read.properties.properties([story["property"]]),
        "billing": read.account_billing.billing([story["number"], story["charles"]]),
        "consents": read.consents.of_holders([account_holder(story["number"]), user_holder(UUID(story["ada"]))]),
        "payments": read.payments.of_account(story["number"]),
        "schedules": read.schedules.of_ledger(story["ledger"]),
        "forecast": read.schedules.forecasts(today, today + timedelta(days=365), [story["ledger"]]),
        "instructions": read.instructions.of_account(story["number"]),
        "bills": read.bills.of_account(story["charles"]),
        "permissions": read.credit_transfer_permissions.of_accounts(None, now, [story["number"], story["charles"]]),
        "repayments": read.repayments.in_state(*RepaymentState),
        # What the queries read: pages of each list, and the sums kept beside them.
        "payment pages": read.payments.pages("", (), WHOLE, [story["number"]]),
        "outstanding": read.payments.outstanding([story["ledger"]]),
        "processes": read.lifecycle_processes.of_accounts(False, [story["number"], story["charles"]]),
        "active processes": read.lifecycle_processes.of_accounts(True, [story["number"], story["charles"]]),
        "due processes": read.lifecycle_processes.due(date(2026, 1, 20), 10),
        "hosted payment": read.payments.with_retrieval_token_digest(story["retrieval digest"]),
        "schedule reasons": read.store.rows("SELECT schedule_id, reason FROM payment_schedule_reasons"),
        "repayment pages": read.repayments.pages("account_number", "", (), WHOLE, [story["number"]]),
        "reserved": read.repayments.reserved([story["ledger"]]),
        "account transactions": read.ledgers.account_transaction_pages("", (), True, WHOLE, [story["number"]]),
        "preferences": read.comms_preferences.of_users([story["ada"], story["bob"]]),
        "psr records": read.special_circumstances.active_records(today, [story["ada"], story["bob"]]),
        "references": read.account_references.of_accounts([story["number"]]),
        "metadata": read.metadata.of_objects(LinkedObject.ACCOUNT, [story["number"]]),
        "feedback requests": read.feedback_requests.of_accounts([story["number"], story["charles"]]),
        "erased holder": (
            read.accounts.account(story["dora"]["number"]),
            read.account_billing.billing([story["dora"]["number"]]),
            read.comms_preferences.of_users([story["dora"]["user"]]),
            read.special_circumstances.active_records(today, [story["dora"]["user"]]),
            read.store.rows("SELECT * FROM account_holders ORDER BY number"),
            read.store.rows("SELECT * FROM account_billing_holders ORDER BY account_id, detail"),
        ),
        "service orders": read.service_orders.of_accounts([story["number"], story["charles"]]),
        "listed service orders": read.service_orders.listed([], 10),
        "charge bases": read.charge_bases.of_properties([story["property"], "404"]),
        "water meters": read.water_meters.of_properties([story["property"], "404"]),
        "water products": read.water_products.catalogue(),
        "quote": read.water_products.quotes([story["quote"]]),
        "agreements": read.supply_agreements.of_accounts([story["number"]]),
        "due switches": read.supply_agreements.due_switches(date(2026, 1, 31)),
        "follow-ups due": read.quote_follow_ups.due(now + timedelta(days=2)),
        "goods products": read.goods_products.catalogue(),
        "goods product pages": read.goods_products.pages(GoodsProductsView.listing((), ()), WHOLE, ["GB"]),
        "goods quotes": read.goods_quotes.quotes_of_accounts([story["charles"], story["number"]]),
        "goods quote": read.goods_quotes.quotes([story["goods quote"], "GQNONE"]),
        "goods purchases": read.goods_purchases.purchases_of_accounts([story["charles"], story["number"]]),
        "referrals made": read.referrals.pages(WHOLE, [story["number"], story["charles"]]),
        "referrals created": read.referrals.counts([story["number"], story["charles"]]),
        "rewarded": read.referrals.rewarded([story["number"], story["charles"]]),
        "referred": read.referrals.referred([story["number"], story["charles"]]),
        "referral codes": read.referrals.codes([story["number"], story["charles"]]),
        "referral schemes": read.referrals.schemes(),
        "claim codes": read.referrals.claim_codes(story["claim codes"]),
        "rewards due": read.referrals.due(now + timedelta(days=30)),
        "brands": read.account_brands.brands([story["number"], story["charles"], "A-NOSUCH"]),
        "campaigns": read.campaigns.campaigns(),
        "account campaigns": read.campaigns.of_accounts([story["number"], story["charles"]]),
        "campaign offers": read.campaigns.offers(today, [story["number"], story["charles"]]),
        "contribution schemes": read.contributions.schemes(),
        "contribution agreements": read.contributions.of_accounts([story["number"]]),
        "contributions due": read.contributions.due(now + timedelta(days=400)),
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
    # the erased holder's account shows placeholders; her profile has no rows (the defaults, no records)
    account, [billing], preferences, records, holders, billing_holders = now["erased holder"]
    dora, dora_account = story["dora"]["user"], Account.id_for(story["dora"]["number"])
    assert account is not None and account["billing_name"] == ERASED
    assert billing is not None and (billing["billing_email"], billing["street_address"], billing["postal_code"]) == (
        None,
        None,
        None,
    )
    assert (preferences, records) == ([CommsPreferences()], [[]])
    assert holders == [(story["dora"]["number"], dora)]
    assert billing_holders == [(str(dora_account), "ADDRESS", dora), (str(dora_account), "EMAIL", dora)]
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
    assert (now["account"]["billing_name"], now["account"]["status"]) == ("Ada Lovelace", "ACTIVE")
    assert [len(entries) for entries in now["entries of both"]] == [3, 1]
    assert now["points users"] == [story["bob"]]
    # (both registered at the same instant: their order is the user ids')
    [users] = now["users"]
    assert {u["id"]: (u["mobile"], u["pronouns"], u["title"], u["date_of_birth"]) for u in users} == {
        story["ada"]: ("07700 900123", "she/her", "Countess", "1985-12-10"),
        story["bob"]: ("", None, None, None),
    }
    assert [(d["method"], d["validated_at"] is not None) for d in now["ada's devices"][0]] == [
        ("EMAIL", True),
        ("TOTP", False),
    ]
    assert [(p["amount"], p["status"], p["origin"]) for p in now["payments"]] == [
        (1234, "REQUESTED", "COLLECTION"),
        (777, "REQUESTED", "HOSTED"),
    ]
    assert now["hosted payment"]["amount"] == 777 and now["outstanding"] == [1234 + 777]
    assert [row["amount"] for row in now["payment pages"][0].rows] == [1234, 777]
    assert [reason for _, reason in now["schedule reasons"]] == ["REGULAR_SCHEDULE"]
    assert [row["state"] for row in now["repayment pages"][0].rows] == ["CANCELLED"] and now["reserved"] == [0]
    assert [row["amount"] for row in now["account transactions"][0].rows] == [20]
    assert [s["amount"] for s in now["schedules"]] == [4500]
    assert [(f.day.isoformat(), f.amount) for f in now["forecast"][0][:2]] == [
        ("2026-01-28", 4500),
        ("2026-02-24", 1234),
    ]
    assert {(i["instruction_type"], i["status"], i["last_four"]) for i in now["instructions"]} == {
        ("DIRECT_DEBIT", "ACTIVE", "9911"),
        ("CARD", "INVALIDATED", None),
    }
    assert {(b["amount"], b["issued_at"] is not None) for b in now["bills"]} == {(4321, True), (99, False)}
    ada_permissions, charles_permissions = now["permissions"]
    assert ada_permissions == charles_permissions and [p["valid_to"] is None for p in ada_permissions] == [True, False]
    assert [(r["amount"], r["state"]) for r in now["repayments"]] == [(10, "CANCELLED")]
    assert now["users of account"] == sorted([story["ada"], story["bob"]])
    [[ada_home], [charles_home]] = now["properties"]
    assert (ada_home["property_type"], ada_home["occupants"], ada_home["postcode"]) == ("TERRACED", 2, "DE1 2AB")
    assert [(p["effective_from"], p["effective_to"]) for p in ada_home["periods"]] == [
        (date(2025, 12, 1), date(2026, 1, 20))
    ]
    assert [(p["account_number"], p["effective_to"]) for p in charles_home["periods"]] == [(story["charles"], None)]
    assert [p["id"] for p in now["property"][0]["periods"]] == [f"{story['property']}-1", f"{story['property']}-2"]
    # (Charles's withdrawn move-in shows no period, so his second home is not listed for his account)
    [ada_processes, charles_processes] = now["processes"]
    # (started at the same instant of the story's clock: the order among them is by number)
    assert sorted((p["kind"], p["status"], p["terms_version"]) for p in ada_processes) == [
        ("JOIN_SUPPLIER", "COMPLETED", "2026-01"),
        ("LEAVE_PROPERTY", "PENDING", None),
    ]
    assert [(p["kind"], p["status"], p["effective_on"]) for p in charles_processes] == [
        ("OCCUPY_PROPERTY", "CANCELLED", date(2026, 2, 1))
    ]
    assert [[p["kind"] for p in processes] for processes in now["active processes"]] == [["LEAVE_PROPERTY"], []]
    assert now["due processes"] == [p["number"] for p in ada_processes if p["kind"] == "LEAVE_PROPERTY"]
    assert [p["code"] for p in now["water products"]] == ["ST-ASSESSED-26", "ST-MEASURED-26", "ST-WATERSURE-26"]
    assert [p["product_code"] for p in now["quote"][0]["products"]] == ["ST-WATERSURE-26", "ST-ASSESSED-26"]
    [terms] = now["agreements"][0].values()
    assert [(t["product_code"], t["valid_from"], t["valid_to"]) for t in terms] == [
        ("ST-MEASURED-26", date(2025, 12, 1), date(2026, 1, 15)),
        ("ST-WATERSURE-26", date(2026, 1, 15), None),
    ]
    assert len(now["due switches"]) == 1 and len(now["follow-ups due"]) == 1
    ada_billing, charles_billing = now["billing"]
    assert charles_billing is None and ada_billing is not None
    assert (ada_billing["street_address"], ada_billing["billing_email"]) == ("2", "b@example.com")
    assert ada_billing["comms_delivery_preference"] == "EMAIL"
    assert [p.is_opted_in_to_sms_messages for p in now["preferences"]] == [True, False]
    assert [[r.code for r in records] for records in now["psr records"]] == [["dementia", "blind"], []]
    account_consents, ada_consents = now["consents"]
    assert [(c["code"], c["value"], c["name"]) for c in account_consents] == [
        ("MARKETING_POST", "ACCEPTED", "Post"),
        ("MARKETING_SMS", "ACCEPTED", "Marketing by SMS"),
    ]
    assert [(c["code"], c["value"]) for c in ada_consents] == [("CUSTOMER_RESEARCH", "ACCEPTED")]
    assert [(r["namespace"], r["value"]) for r in now["references"][0]] == [("crm", "CRM-2")]
    assert now["metadata"] == [[{"key": "tier", "value": '{"tier":"platinum"}'}]]
    [adas, charles] = now["feedback requests"]
    assert sorted((r["form_id"], r["answered_at"] is not None, r["raw_score"]) for r in adas) == [
        (1, False, None),
        (1, True, 1),
    ]
    assert charles == []
    [[meter], none] = now["water meters"]
    assert none == [] and (meter["serial_number"], meter["location"], meter["number_of_digits"]) == (
        "SN-2",
        "Front path",
        6,
    )
    assert (meter["installed_on"], meter["removed_on"], meter["capability_type"]) == (date(2025, 12, 1), None, "MANUAL")
    # Goods: the catalogue as it is now, Charles's quote accepted, his purchases as they are after their changes.
    assert [
        (p["code"], p["price_per_unit"], p["gross_price_per_unit"], p["withdrawn"]) for p in now["goods products"]
    ] == [
        ("WATER-BUTT-200L", 4999, 5999, False),
        ("WATER-SAVING-KIT", 1800, 1800, False),
        ("LEAK-DETECTOR", None, None, True),
    ]
    [gb] = now["goods product pages"]
    assert [row["id"] for row in gb.rows] == [1, 2]
    [[charles_quote], no_quotes] = now["goods quotes"]
    assert no_quotes == [] and charles_quote["code"] == story["goods quote"]
    assert (charles_quote["total_net"], charles_quote["purchase_number"]) == (4999, charles_quote["number"])
    assert now["goods quote"] == [charles_quote, None]
    [charles_purchases, no_purchases] = now["goods purchases"]
    assert no_purchases == []
    # Both were made at the same moment: newest first, then by number.
    butt, kit = sorted(charles_purchases, key=lambda p: p["number"] != charles_quote["number"])
    assert (butt["number"], butt["amount_due"], butt["status"]) == (charles_quote["number"], 5999 - 1200, "ACTIVE")
    assert [g["grant_code"] for g in butt["grants"]] == ["WATER_EFFICIENCY"]
    assert (kit["amount_due"], kit["status"], [i["units"] for i in kit["items"]]) == (1500, "COMPLETED", [1])
    # Referrals: one made by Ada's account, both of Charles's rewards pending for 30 days.
    assert now["referrals created"] == [1, 0] and now["referred"] == [False, True]
    [[made], []] = [page.rows for page in now["referrals made"]]
    assert (made["referred_account"], made["status"], made["reference"]) == (
        story["charles"],
        "Pending",
        now["referral codes"][0],
    )
    assert all(code is not None for code in now["referral codes"])
    [ada_rewards, charles_rewards] = now["rewarded"]
    assert [r["scheme_type"] for r in ada_rewards] == ["REFERRAL_REWARD"]
    assert sorted(r["scheme_type"] for r in charles_rewards) == ["PARTNER_REWARD", "REFERRAL_REWARD"]
    assert len(now["rewards due"]) == 2
    assert [(s["code"], s["ends_at"] is not None) for s in now["referral schemes"]] == [
        ("ST-FRIEND", True),
        ("ST-PARTNER", False),
    ]
    [redeemed, waiting] = now["claim codes"]
    assert (redeemed["redeemed_by"], waiting["redeemed_by"]) == (story["charles"], None)
    assert now["brands"] == ["SEVERN_TRENT", "SEVERN_TRENT", None]
    assert [c["slug"] for c in now["campaigns"]] == ["leak-hunt", "water-saving-challenge"]
    assert [[c["slug"] for c in joined] for joined in now["account campaigns"]] == [["leak-hunt"], []]
    assert [[c["slug"] for c in offers] for offers in now["campaign offers"]] == [
        ["water-saving-challenge"],
        ["leak-hunt", "water-saving-challenge"],
    ]
    assert [(s["code"], s["accepting"]) for s in now["contribution schemes"]] == [
        ("ASSIST", False),
        ("WATER_FUND", True),
    ]
    [[agreement]] = now["contribution agreements"]
    assert (agreement["amount"], agreement["active_to"] - agreement["active_from"]) == (250, timedelta(days=92))
    # three whole months fall before the end: each becomes due in turn, the fourth never
    assert len(now["contributions due"]) == 1


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


class _OneEventPerBatch(ViewFollower):
    def run_once(self, limit: int = 1) -> int:
        return super().run_once(limit)


@pytest.mark.parametrize("projection", PROJECTIONS, ids=lambda p: p.name)
def test_replaying_one_event_per_batch_or_all_in_one_gives_the_same_rows(
    backend: str, contexts: Contexts, story: dict, catch_up: Callable[[], int], projection: type
) -> None:
    # given the story, then Ada renamed and a payment collected today that settles (each of its
    # changes lands in the row it inserted when replayed at once, in an UPDATE when one at a time)
    ada = contexts.identity.load(UUID(story["ada"]))
    ada.change_name("given_name", "Augusta", at=contexts.identity.clock.now())
    contexts.identity.save(ada)
    collected = contexts.payments.collect_payment(
        payments.CollectPayment(
            account_number=story["number"],
            amount=500,
            payment_date=contexts.payments.clock.now().date(),
            description="settles",
            idempotency_key="settles",
            collection_method="DIRECT_DEBIT",
            ledger_number=story["ledger"],
        )
    )
    # as the scheduler's job records a schedule's payment (its reason lands on the payment's row)
    contexts.payments.record_schedule_collection(
        payments.RecordScheduleCollection(
            ledger_number=story["ledger"],
            schedule_id=story["schedule"],
            period="2026-01",
            payment_id=collected.number,
        )
    )
    catch_up()

    def rows() -> dict:
        read = contexts.read
        return {
            **snapshot(contexts, story),
            "ada": read.account_users.user(story["ada"]),
            "ledger entries": read.ledgers.entries(story["ledger"]),
        }

    followed = rows()
    assert {(p["amount"], p["status"], p["reason"]) for p in followed["payments"]} == {
        (1234, "REQUESTED", None),
        (777, "REQUESTED", None),
        (500, "SUCCEEDED", "REGULAR_SCHEDULE"),
    }
    assert followed["ada"]["given_name"] == "Augusta"
    upstream = getattr(contexts, projection.upstream)
    # when replayed one event per batch, then all in one batch
    assert _OneEventPerBatch(projection(), upstream, contexts.read.store).rebuild() > 0
    one_per_batch = rows()
    assert ViewFollower(projection(), upstream, contexts.read.store).rebuild() > 0
    # then
    assert one_per_batch == rows() == followed
