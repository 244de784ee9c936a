"""Demo data for the embedded default: a customer account, its two users, some loyalty points, a
direct debit on the account's main ledger that collects a monthly payment schedule (so that
collectPayment and createAccountPaymentSchedule work at once), and six weeks of history: bills,
payments that succeeded, failed, were cancelled or are still to come, points redeemed for credit and
a repayment paid out, so that every query of the read side answers something.

The history is made by the same commands and workers as a customer's real life, with the
applications' clocks set back and moved forward step by step (`_as_of`); the sandbox provider
settles each payment as it would (an amount ending in 402 is declined).
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from domain.accounts import commands as accounts_commands
from domain.accounts.billing_address import AddressDetails
from domain.accounts.metadata import LinkedObject
from domain.goods import commands as goods_commands
from domain.identity import commands
from domain.identity.secrets import same_digest, verify_password
from domain.identity.user import User
from domain.loyalty import commands as loyalty
from domain.loyalty.campaign_commands import AddCampaign, AddCampaignToAccount
from domain.loyalty.contribution_agreement import ContributionInterval
from domain.loyalty.contribution_commands import AddContributionScheme, CreateContributionAgreement
from domain.payments import commands as payments_commands
from domain.payments.application import Payments
from domain.payments.identifiers import LedgerClaim, new_number
from domain.payments.ledger import main_ledger_number
from domain.payments.payment_instruction import PaymentInstruction
from domain.payments.payment_schedule import SCHEDULE, PaymentSchedules, ScheduleKind, ScheduleReason, ScheduleType
from domain.shared.clock import Clock
from domain.shared.digests import digest
from domain.supply import commands as supply_commands
from domain.supply.errors import MeterReadingHeld
from domain.supply.lifecycle_process import ProcessKind
from domain.supply.quote import quoted_product_id
from domain.supply.water_meter import MeterCapability
from ops.measurement_feed import Household, import_file, simulated_reads, write_feed
from ops.runtime import settling
from projections.contexts import Contexts
from settings import Settings
from workers.loyalty.contributions import fulfil_due_contribution_periods

DEMO_EMAIL = "demo@kraken.example"
PARTNER_EMAIL = "partner@kraken.example"
DEMO_BILLING_EMAIL = "bills@kraken.example"
WELCOME_POINTS = 2000
# A sandbox bank account: the sandbox provider collects from any well-formed one.
DEMO_SORT_CODE, DEMO_BANK_ACCOUNT = "20-00-00", "55779911"
# The demo's monthly direct debit: £30 on the 1st.
DEMO_PAYMENT_DAY, DEMO_MONTHLY_AMOUNT = 1, 3000
# A year of one meter's daily reads is about 40 KB.
DEMO_FEED_MAX_BYTES = 1 << 20
# How far back the demo customer's history starts.
HISTORY_DAYS = 42
# Points the demo customer redeemed for account credit three weeks ago.
REDEEMED_POINTS = 400
# The demo household: a terraced house in Derby, where the account has lived for DEMO_HISTORY_DAYS.
DEMO_PROPERTY_TYPE = "TERRACED"
DEMO_OCCUPANTS = 3
# How long ago the demo account moved into its home (meter readings and consumption cover this time),
# and how long ago it had moved into its earlier, unmetered home.
DEMO_HISTORY_DAYS = 400
DEMO_EARLIER_HOME_DAYS = 1200
DEMO_EARLIER_HOME = ("3 Old Mill Lane", "Darley Abbey")
# The earlier home's rateable value (1990's, in pence): unmetered, it was charged on it.
DEMO_EARLIER_HOME_RATEABLE_VALUE = 24_550
# The demo home's smart meter: 5 black digits; the customer reads it every few months, using about
# 0.35 m3 a day (a three-person household), and once misreads it (a reading lower than the last: held).
DEMO_METER_PREFIX = "SMW-"
DEMO_DAILY_USE_LITRES = 350
# The consent types a deployment starts with (`kraken consent-type define` adds or changes them).
DEMO_CONSENT_TYPES = (
    accounts_commands.DefineConsentType(
        "MARKETING_EMAIL", "Marketing by email", "News and offers about our services by email.", "REJECTED"
    ),
    accounts_commands.DefineConsentType(
        "MARKETING_POST", "Marketing by post", "News and offers about our services by post.", "REJECTED"
    ),
    accounts_commands.DefineConsentType(
        "MARKETING_SMS", "Marketing by SMS", "News and offers about our services by text message.", "REJECTED"
    ),
    accounts_commands.DefineConsentType(
        "CUSTOMER_RESEARCH", "Customer research", "Invitations to surveys and research about our service.", "UNKNOWN"
    ),
)
# The demo account's reference in a CRM: "CRM-" and the account number's eight characters.
DEMO_REFERENCE_NAMESPACE, DEMO_REFERENCE_PREFIX = "crm", "CRM-"
# The demo's open feedback request asks with this form ("Did we resolve your issue today?").
DEMO_FEEDBACK_FORM = 1
# The supplier's own water products (households in England cannot change supplier), prices in pence.
DEMO_PRODUCTS = (
    supply_commands.AddProduct(
        code="ST-MEASURED-26",
        display_name="Measured water 2026",
        description="Pay for the water your meter measures.",
        basis="MEASURED",
        standing_charge=Decimal("10.52"),
        volumetric_rate=Decimal("183.40"),
        available_from=date(2025, 4, 1),
    ),
    supply_commands.AddProduct(
        code="ST-WATERSURE-26",
        display_name="WaterSure 2026",
        description="Measured charges capped at the average bill, for large families and some medical conditions.",
        basis="MEASURED",
        standing_charge=Decimal("8.10"),
        volumetric_rate=Decimal("121.95"),
        available_from=date(2025, 4, 1),
    ),
    supply_commands.AddProduct(
        code="ST-ASSESSED-26",
        display_name="Assessed charge 2026",
        description="A fixed charge by property type where a meter cannot be fitted.",
        basis="UNMEASURED",
        standing_charge=Decimal("95.30"),
        available_from=date(2025, 4, 1),
    ),
)
# Water-saving goods customers may buy (prices net, in pence; VAT in basis points), and a grant
# towards water butts.
DEMO_GOODS = tuple(
    goods_commands.AddProduct(
        code=code,
        market_name="GB",
        product_type=kind,
        product_type_name=kind_name,
        customer_name=name,
        description=description,
        price_per_unit=price,
        vat_basis_points=2000,
        available_from=date(2025, 4, 1),
    )
    for code, kind, kind_name, name, description, price in (
        ("WATER-BUTT-200L", "WATER_BUTT", "Water butt", "200 litre water butt", "Collects rainwater.", 4999),
        ("WATER-SAVING-KIT", "WATER_SAVING", "Water saving", "Water-saving kit", "Tap aerators, a shower head.", 1500),
        ("SHOWER-TIMER", "WATER_SAVING", "Water saving", "Shower timer", "A four-minute shower timer.", 399),
        ("LEAK-DETECTOR", "LEAK_DETECTION", "Leak detection", "Smart leak detector", "Alerts on a leak.", 2999),
    )
)
DEMO_GRANT = goods_commands.AddGrant(
    code="WATER_EFFICIENCY", product_code="WATER-BUTT-200L", amount_per_unit=1000, max_units=2
)
# The demo account switches its home to WaterSure this many days after moving in.
DEMO_SWITCH_AFTER_DAYS = 14
DEMO_FRIEND_EMAIL = "friend@kraken.example"
# What the friend scheme awards the referrer in loyalty points, on top of the reward.
DEMO_REFERRAL_POINTS = 800
DEMO_PARTNER_SCHEME = "ST-PARTNER-WATERWISE"
# Rewards in pence; the friend scheme also earns the referrer loyalty points.
DEMO_REFERRAL_SCHEMES = (
    loyalty.AddReferralScheme(
        code="ST-FRIEND",
        scheme_type="REFERRAL_REWARD",
        referrer_reward=5000,
        referred_reward=5000,
        points_bonus=DEMO_REFERRAL_POINTS,
        brand="SEVERN_TRENT",
    ),
    loyalty.AddReferralScheme(
        code="HD-FRIEND",
        scheme_type="REFERRAL_REWARD",
        referrer_reward=5000,
        referred_reward=5000,
        brand="HAFREN_DYFRDWY",
    ),
    loyalty.AddReferralScheme(
        code=DEMO_PARTNER_SCHEME,
        scheme_type="PARTNER_REWARD",
        referrer_reward=0,
        referred_reward=2500,
        brand="SEVERN_TRENT",
    ),
    loyalty.AddReferralScheme(
        code="ST-PROMO-SAVER",
        scheme_type="PROMO_REWARD",
        referrer_reward=0,
        referred_reward=1000,
        brand="SEVERN_TRENT",
    ),
)
# Water campaigns by slug: (slug, name, starts this many days before the seed's first day, runs this many days).
DEMO_CAMPAIGNS = (
    ("water-saving-challenge", "Water-saving challenge", 30, 365),
    ("leak-hunt", "Leak hunt: find and fix a dripping tap", 0, None),
)
DEMO_CAMPAIGN_JOINED = "water-saving-challenge"
DEMO_CONTRIBUTION_SCHEMES = (
    AddContributionScheme(code="COMMUNITY_WATER_FUND", display_name="Community water fund"),
    AddContributionScheme(code="CUSTOMER_ASSISTANCE_FUND", display_name="Customer assistance fund"),
)
# The demo account gives this much (pence) every month to the community water fund.
DEMO_CONTRIBUTION = 300


@dataclass(frozen=True)
class DemoCredentials:
    """The demo customer's credentials: as seeded (kept under the data dir), or as they are now,
    where a password or API key that no longer works is None (changed since seeding)."""

    email: str
    password: str | None
    api_key: str | None
    account_number: str
    partner_user_id: str
    loyalty_points: int
    # A partner scheme's claim codes, to try redeemReferralClaimCode with (none in older kept files).
    claim_codes: tuple[str, ...] = ()

    @property
    def ledger_number(self) -> str:
        return main_ledger_number(self.account_number)


def seed_demo(contexts: Contexts, settings: Settings) -> DemoCredentials:
    """Creates the demo customer once; later calls return the kept credentials as they are now.

    The password and API key are random per installation. They are kept in clear only in
    `demo-credentials.json` (mode 0600) so that the run command can print them again.
    """
    data_dir = Path(settings.data_dir)
    kept = data_dir / "demo-credentials.json"
    user_id = contexts.identity.user_id_for_email(DEMO_EMAIL)
    if user_id is not None and kept.exists():
        return _as_they_are_now(contexts, user_id, DemoCredentials(**json.loads(kept.read_text())))
    with settling(settings, contexts) as catch_up:
        with _as_of(contexts, HISTORY_DAYS) as history:
            credentials = _demo_customer(contexts, catch_up)
            _history(contexts, settings, credentials, history, catch_up)
        # Today, not in the history: a quote made weeks ago would have expired.
        _demo_goods(contexts, credentials.account_number)
        catch_up()
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(asdict(credentials), f, indent=2)
    seeded = contexts.identity.user_id_for_email(DEMO_EMAIL)
    assert seeded is not None
    return _as_they_are_now(contexts, UUID(str(seeded)), credentials)


def _demo_references(contexts: Contexts, account_number: str, user_id: UUID) -> None:
    """The account as a CRM knows it, and what integrations set on the account and on its user."""
    contexts.accounts.create_account_reference(
        accounts_commands.CreateAccountReference(
            account_number=account_number,
            namespace=DEMO_REFERENCE_NAMESPACE,
            value=DEMO_REFERENCE_PREFIX + account_number.removeprefix("A-"),
        )
    )
    for linked_object, identifier, key, value in (
        (LinkedObject.ACCOUNT, account_number, "onboarding", {"channel": "web", "completed": True}),
        (LinkedObject.ACCOUNT_USER, str(user_id), "preferredContactTime", "evening"),
    ):
        contexts.accounts.update_metadata(
            accounts_commands.UpdateMetadata(
                linked_object=linked_object, identifier=identifier, key=key, value=json.dumps(value), set_by="seed"
            )
        )


def _demo_customer(contexts: Contexts, catch_up: Any) -> DemoCredentials:
    account = contexts.accounts.open_account("Demo Customer")
    password = secrets.token_urlsafe(12)
    user_id = contexts.identity.register_user(
        commands.RegisterUser(
            email=DEMO_EMAIL,
            password=password,
            given_name="Demo",
            family_name="Customer",
            account_numbers=(account.number,),
        )
    )
    api_key = contexts.identity.issue_secret_key(user_id)
    _demo_billing(contexts, account.number)
    # A second user on the account, so that points can be transferred between the two.
    partner_id = contexts.identity.register_user(
        commands.RegisterUser(
            email=PARTNER_EMAIL,
            password=secrets.token_urlsafe(12),
            given_name="Partner",
            family_name="Customer",
            account_numbers=(account.number,),
        )
    )
    contexts.loyalty.enroll_account_in_loyalty_program(
        loyalty.EnrollAccountInLoyaltyProgram(viewer_id=user_id, account_number=account.number)
    )
    contexts.loyalty.award_points(
        loyalty.AwardPoints(
            user_id=user_id, account_number=account.number, points=WELCOME_POINTS, reason_code="WELCOME_BONUS"
        )
    )
    # The payments context opens the account's main ledger when it sees the account: let it now.
    catch_up()
    instruction = contexts.payments.set_up_direct_debit_instruction(
        payments_commands.SetUpDirectDebitInstruction(
            account_number=account.number,
            valid_from=contexts.payments.clock.now(),
            bank_details=payments_commands.BankDetails(
                account_holder="Demo Customer", sort_code=DEMO_SORT_CODE, account_number=DEMO_BANK_ACCOUNT
            ),
            account_user_id=str(user_id),
            ledger_number=main_ledger_number(account.number),
        )
    )
    _monthly_direct_debit(contexts.payments, account.number, instruction)
    _demo_property(contexts, account.number)
    _demo_profile(contexts, user_id)
    _demo_consents(contexts, account.number, user_id)
    _demo_references(contexts, account.number, user_id)
    _demo_feedback(contexts, account.number)
    _demo_enrolment(contexts, account.number)
    _demo_meter(contexts, account.number, catch_up)
    _demo_charges(contexts)
    _demo_products(contexts, account.number, catch_up)
    _demo_loyalty(contexts, account.number)
    claim_codes = _demo_referrals(contexts, account.number)
    return DemoCredentials(
        DEMO_EMAIL, password, api_key, account.number, str(partner_id), WELCOME_POINTS, tuple(claim_codes)
    )


def _demo_referrals(contexts: Contexts, account_number: str) -> list[str]:
    """The referral schemes of both brands, a friend the demo customer referred (both rewarded at once
    unless KRAKEN_REFERRAL_REWARD_DELAY_DAYS says otherwise), and five claim codes of the partner scheme."""
    catalogue = contexts.loyalty.referral_schemes()
    for scheme in DEMO_REFERRAL_SCHEMES:
        if catalogue is None or catalogue.get(scheme.code) is None:
            contexts.loyalty.add_referral_scheme(scheme)
    friend = contexts.accounts.open_account("Referred Friend")
    contexts.identity.register_user(
        commands.RegisterUser(
            email=DEMO_FRIEND_EMAIL,
            password=secrets.token_urlsafe(12),
            given_name="Referred",
            family_name="Friend",
            account_numbers=(friend.number,),
        )
    )
    code = contexts.loyalty.referral_code(account_number)
    contexts.loyalty.create_referral(loyalty.CreateReferral(account_number=friend.number, reference=code))
    return contexts.loyalty.issue_claim_codes(loyalty.IssueClaimCodes(scheme_code=DEMO_PARTNER_SCHEME, count=5))


def _demo_loyalty(contexts: Contexts, account_number: str) -> None:
    """Water campaigns, the account in one; contribution schemes, the account giving monthly to one."""
    today = contexts.loyalty.clock.now().date()
    for slug, name, before, days in DEMO_CAMPAIGNS:
        start = today - timedelta(days=before)
        contexts.loyalty.add_campaign(
            AddCampaign(
                slug=slug, name=name, start_date=start, expiry_date=start + timedelta(days=days) if days else None
            )
        )
    contexts.loyalty.add_campaign_to_account(
        AddCampaignToAccount(account_number=account_number, campaign=DEMO_CAMPAIGN_JOINED)
    )
    for scheme in DEMO_CONTRIBUTION_SCHEMES:
        contexts.loyalty.add_contribution_scheme(scheme)
    contexts.loyalty.create_contribution_agreement(
        CreateContributionAgreement(
            account_number=account_number,
            scheme_code=DEMO_CONTRIBUTION_SCHEMES[0].code,
            interval=ContributionInterval.MONTHLY,
            amount=DEMO_CONTRIBUTION,
            active_from=contexts.loyalty.clock.now(),
            made_by="seed",
        )
    )


def _demo_enrolment(contexts: Contexts, account_number: str) -> None:
    """The account joined the supplier: its join supplier process, terms accepted, is completed."""
    number = contexts.supply.start_process(
        ProcessKind.JOIN_SUPPLIER, account_number, None, None, key=f"demo-join:{account_number}"
    )
    contexts.supply.accept_join_supplier_terms(
        supply_commands.AcceptJoinSupplierTerms(
            account_number=account_number, process_number=number, accepted_by="seed"
        )
    )


def _demo_consumption(contexts: Contexts, serial: str, yesterday: date) -> int:
    """A year of the demo smart meter's daily consumption (365 days ending `yesterday`, or from the day it
    was fitted if later) through the simulated feed and the import; how many reads."""
    meter = contexts.supply.meter_by_serial(serial)
    assert meter is not None, f"the demo meter {serial} is fitted first"
    first = max(yesterday - timedelta(days=364), meter.installed_on)
    records = simulated_reads(serial, first, (yesterday - first).days + 1, "1d", Household(DEMO_OCCUPANTS))
    with tempfile.TemporaryDirectory() as scratch:
        feed = Path(scratch) / "demo-feed.json"
        write_feed(records, feed)
        return import_file(contexts.supply, feed, "json", DEMO_FEED_MAX_BYTES).stored


def _demo_property(contexts: Contexts, account_number: str) -> None:
    """The account's home, occupied since it moved there DEMO_HISTORY_DAYS ago, type and occupants declared."""
    home_id = _demo_house_move(contexts, account_number)
    declared = {"account_number": account_number, "property_id": home_id, "declared_by": "seed"}
    contexts.accounts.update_property_type(
        accounts_commands.UpdatePropertyType(**declared, property_type=DEMO_PROPERTY_TYPE)
    )
    contexts.accounts.update_number_of_occupants(
        accounts_commands.UpdateNumberOfOccupants(**declared, number_of_occupants=DEMO_OCCUPANTS)
    )


def _demo_charges(contexts: Contexts) -> None:
    """The earlier home has a rateable value, so the account was charged on it there; its current home is
    measured from its first day, its meter fitted then (the basis of charge is derived from both)."""
    earlier = contexts.accounts.property_at("DE22 1AB", DEMO_EARLIER_HOME[0])
    assert earlier is not None, "the house move registers the earlier home first"
    contexts.supply.set_rateable_value(
        supply_commands.SetRateableValue(
            property_id=earlier.property_id, pence=DEMO_EARLIER_HOME_RATEABLE_VALUE, set_by="seed"
        )
    )


def _demo_house_move(contexts: Contexts, account_number: str) -> str:
    """The account lived at an earlier, unmetered home from DEMO_EARLIER_HOME_DAYS to DEMO_HISTORY_DAYS days
    ago, and moved from there to its current home (a move within, by moveOut): the current home's id.

    Runs as of those days (the history's clock is already HISTORY_DAYS behind), so that each move is
    dated within the window a customer could date it.
    """
    with _as_of(contexts, DEMO_EARLIER_HOME_DAYS - HISTORY_DAYS) as then:
        earlier = contexts.accounts.register_property(
            accounts_commands.RegisterProperty(
                account_number=account_number, lines=DEMO_EARLIER_HOME, locality="Derby", postcode="DE22 1AB"
            )
        )
        then.to(DEMO_HISTORY_DAYS - HISTORY_DAYS)
        contexts.supply.move_out(
            supply_commands.MoveOut(
                account_number=account_number,
                property_id=earlier.property_id,
                move_out_date=then.today(),
                new_property=supply_commands.NextProperty(
                    address=supply_commands.NewAddress(address="12 Demo Terrace\nDerby", postcode="DE1 1AA"),
                    move_in_date=then.today(),
                ),
                moved_by="seed",
            )
        )
    home = contexts.accounts.property_at("DE1 1AA", "12 Demo Terrace")
    assert home is not None
    return home.property_id


def _demo_products(contexts: Contexts, account_number: str, catch_up: Any) -> None:
    """The catalogue; a quote for the account's current home, and a switch to WaterSure made on its day
    (the account's agreement history: the default product, then WaterSure)."""
    for product in DEMO_PRODUCTS:
        if contexts.supply.water_product(product.code) is None:
            contexts.supply.add_product(product)
    catch_up()
    [homes] = contexts.read.properties.of_accounts([account_number])
    home = next(h for h in reversed(homes) if any(p["effective_to"] is None for p in h["periods"]))
    made = contexts.supply.quote_products(
        supply_commands.QuoteProducts(
            account_number=account_number,
            property_id=home["property_id"],
            product_codes=("ST-WATERSURE-26", "ST-ASSESSED-26", "ST-MEASURED-26"),
        )
    )
    switch = contexts.supply.initiate_product_switch(
        supply_commands.InitiateProductSwitch(
            account_number=account_number,
            quoted_product_id=quoted_product_id(made.code, 1),
            switch_date=contexts.supply.clock.now().date() + timedelta(days=DEMO_SWITCH_AFTER_DAYS),
        )
    )
    # Made as the scheduler makes it, on its day: the history's clock, that many days on.
    history = contexts.supply.clock
    contexts.supply.clock = _Behind(history, -DEMO_SWITCH_AFTER_DAYS)
    try:
        contexts.supply.apply_product_switch(switch.number)
    finally:
        contexts.supply.clock = history


def _demo_goods(contexts: Contexts, account_number: str) -> None:
    """The goods catalogue and its grant; a quote for a water butt and a kit the demo customer may accept."""
    catalogue = contexts.goods.catalogue()
    for product in DEMO_GOODS:
        if catalogue is None or catalogue.product_by_code(product.code) is None:
            contexts.goods.add_product(product)
    if not contexts.goods.grants():
        contexts.goods.add_grant(DEMO_GRANT)
    catalogue = contexts.goods.catalogue()
    assert catalogue is not None
    wanted = (("WATER-BUTT-200L", 1), ("WATER-SAVING-KIT", 1))
    contexts.goods.create_goods_quote(
        goods_commands.CreateGoodsQuote(
            account_number=account_number,
            products=tuple(
                goods_commands.ProductToQuote(product_id=found.id, number_of_units=units, currency=found.currency)
                for code, units in wanted
                if (found := catalogue.product_by_code(code)) is not None
            ),
        )
    )


def _demo_billing(contexts: Contexts, number: str) -> None:
    """The home's address, structured (Royal Mail PAF parts), and a billing email, which bills are sent to."""
    address = AddressDetails(
        structured_street_address={"building_number": "12", "thoroughfare": "Demo Terrace"},
        locality="Derby",
        postal_code="DE1 1AA",
        country="GB",
    )
    accounts = contexts.accounts
    accounts.update_account_address(
        accounts_commands.UpdateAccountAddress(account_number=number, billing_address=address)
    )
    accounts.update_account_billing_email(
        accounts_commands.UpdateAccountBillingEmail(account_number=number, billing_email=DEMO_BILLING_EMAIL)
    )
    accounts.update_comms_delivery_preference(
        accounts_commands.UpdateCommsDeliveryPreference(account_number=number, comms_delivery_preference="EMAIL")
    )


def _demo_profile(contexts: Contexts, user_id: UUID) -> None:
    """The demo user's comms preferences (offers welcome, larger text) and one PSR need."""
    contexts.accounts.update_comms_preferences(
        accounts_commands.UpdateCommsPreferences(
            user_id=user_id, has_mobile=False, is_opted_in_to_offer_messages=True, font_size_multiplier=1.25
        )
    )
    contexts.accounts.insert_user_psr_records(
        accounts_commands.InsertUserPsrRecords(user_id=user_id, records=(("usePasswordToIdentify", None),))
    )


def _demo_consents(contexts: Contexts, account_number: str, user_id: UUID) -> None:
    """The consent types, the account's answers about marketing, and the user's about research."""
    for consent_type in DEMO_CONSENT_TYPES:
        contexts.accounts.define_consent_type(consent_type)
    if not contexts.accounts.consent_settings.enabled:
        return
    contexts.accounts.update_account_consents(
        accounts_commands.UpdateAccountConsents(
            account_number=account_number,
            consents=(
                accounts_commands.ConsentChoice("MARKETING_EMAIL", "ACCEPTED", "ONBOARDING"),
                accounts_commands.ConsentChoice("MARKETING_POST", "REJECTED", "ONBOARDING"),
            ),
            recorded_by="seed",
        )
    )
    contexts.accounts.update_account_user_consents(
        accounts_commands.UpdateAccountUserConsents(
            user_id=user_id,
            consents=(accounts_commands.ConsentChoice("CUSTOMER_RESEARCH", "ACCEPTED", "ONBOARDING"),),
            recorded_by="seed",
        )
    )


def _demo_feedback(contexts: Contexts, account_number: str) -> None:
    """A feedback request the demo customer has not answered yet (`kraken feedback list` shows its id)."""
    contexts.accounts.request_feedback(
        accounts_commands.RequestFeedback(account_number=account_number, form_id=DEMO_FEEDBACK_FORM)
    )


class _Behind:
    """Another clock's time, `behind` earlier: the seed moves `behind` towards zero as the history unfolds."""

    def __init__(self, clock: Clock, days: int) -> None:
        self.clock, self.behind = clock, timedelta(days=days)

    def now(self) -> datetime:
        return self.clock.now() - self.behind

    def today(self) -> date:
        return self.now().date()

    def to(self, days_ago: int) -> None:
        assert timedelta(days=days_ago) <= self.behind, "history only moves forward"
        self.behind = timedelta(days=days_ago)


@contextmanager
def _as_of(contexts: Contexts, days_ago: int) -> Iterator[_Behind]:
    """Every application decides as of `days_ago` days before its clock's time, until the block ends."""
    apps = [contexts.identity, contexts.accounts, contexts.payments, contexts.goods, contexts.loyalty, contexts.supply]
    clocks = [app.clock for app in apps]
    behind = _Behind(clocks[0], days_ago)
    for app in apps:
        app.clock = behind
    try:
        yield behind
    finally:
        for app, clock in zip(apps, clocks, strict=True):
            app.clock = clock


def _history(contexts: Contexts, settings: Settings, demo: DemoCredentials, history: _Behind, catch_up: Any) -> None:
    """Six weeks of the demo account's life, oldest first; each step settles before the next."""
    number, payments = demo.account_number, contexts.payments

    def collect(amount: int, due_in_days: int, key: str) -> int:
        payment = payments.collect_payment(
            payments_commands.CollectPayment(
                account_number=number,
                amount=amount,
                payment_date=history.today() + timedelta(days=due_in_days),
                description="Water and sewerage",
                idempotency_key=f"demo-{key}",
                collection_method="DIRECT_DEBIT",
                ledger_number=demo.ledger_number,
            )
        )
        catch_up()
        return payment.number

    history.to(35)
    bill = payments.draft_bill(
        payments_commands.DraftBill(account_number=number, amount=6420, description="Water and sewerage: spring")
    )
    payments.issue_bill(str(bill.number))
    history.to(28)
    collect(DEMO_MONTHLY_AMOUNT, 0, "april")
    history.to(21)
    collect(2402, 0, "declined")  # the sandbox declines an amount ending in 402
    history.to(20)
    user_id = contexts.identity.user_id_for_email(DEMO_EMAIL)
    assert user_id is not None
    contexts.loyalty.redeem_loyalty_points_for_account_credit(
        loyalty.RedeemLoyaltyPointsForAccountCredit(viewer_id=user_id, account_number=number, points=REDEEMED_POINTS)
    )
    catch_up()
    history.to(14)
    collect(5000, 0, "top-up")
    history.to(10)
    cancelled = collect(1500, 5, "cancelled")
    history.to(9)
    payments.cancel_payment(cancelled, "The customer paid by card instead.")
    history.to(7)
    payments.submit_repayment_request(
        payments_commands.SubmitRepaymentRequest(
            account_number=number,
            amount=1000,
            idempotency_key="demo-refund",
            ledger_number=demo.ledger_number,
            auto_approve_limit=settings.repayment_auto_approve_limit,
        )
    )
    catch_up()
    # The scheduler's job: the contribution's first month has ended, and payments charges it.
    fulfil_due_contribution_periods(contexts, history.today())
    catch_up()
    history.to(0)
    collect(2000, 12, "next")


def _monthly_direct_debit(payments: Payments, account_number: str, instruction: PaymentInstruction) -> None:
    """A fixed schedule active from today, as a customer who has paid monthly for a while has.

    createAccountPaymentSchedule changes the schedule active today, and no command starts one today:
    createDirectDebitPaymentSchedule starts on the next payment day, and `kraken schedule plan` makes
    a debt plan, which customers may not change (KT-CT-3961). So the seed writes it itself, with the
    claim of its integer id that every schedule has.
    """
    ledger_number = main_ledger_number(account_number)

    def decide() -> tuple[None, list[Any]]:
        schedules = payments.payment_schedules(ledger_number) or PaymentSchedules.start(ledger_number, account_number)
        number = new_number()
        schedules.add(
            number,
            ScheduleKind.FIXED,
            ScheduleReason.GENERAL_ACCOUNT_PAYMENT,
            payments.clock.now().date(),
            DEMO_PAYMENT_DAY,
            DEMO_MONTHLY_AMOUNT,
            None,
            instruction.number,
            ScheduleType.DIRECT_DEBIT,
        )
        return None, [schedules, LedgerClaim.claim(SCHEDULE, number, ledger_number)]

    payments.decide(decide)


def _as_they_are_now(contexts: Contexts, user_id: UUID, seeded: DemoCredentials) -> DemoCredentials:
    """The kept credentials, without those the customer has changed since (they no longer log in),
    and the points the demo user holds now."""
    user: User = contexts.identity.load(user_id)
    password_works = seeded.password is not None and verify_password(user.password_hash, seeded.password)
    key_works = seeded.api_key is not None and same_digest(user.secret_key_digest, digest(seeded.api_key))
    ledger = contexts.loyalty.ledger(user_id)
    return replace(
        seeded,
        password=seeded.password if password_works else None,
        api_key=seeded.api_key if key_works else None,
        loyalty_points=ledger.balance if ledger is not None else 0,
    )


def demo_meter_serial(account_number: str) -> str:
    """The serial number of the demo home's smart meter (printed by `kraken seed`)."""
    return DEMO_METER_PREFIX + account_number.removeprefix("A-")


def _demo_meter(contexts: Contexts, account_number: str, catch_up: Any) -> None:
    """A SMART meter fitted at the demo home, with a few customer readings up to today, the last one held.

    The history's clock stands weeks back while the customer is created: the meter and its readings are
    decided as of the real today, so that readings can run up to it.
    """
    catch_up()
    # The home the account lives in now (it moved there from an earlier one).
    [home] = [
        row
        for row in contexts.read.properties.of_accounts([account_number])[0]
        if any(period["effective_to"] is None for period in row["periods"])
    ]
    behind = contexts.supply.clock
    contexts.supply.clock = getattr(behind, "clock", behind)
    try:
        today = contexts.supply.clock.now().date()
        first_day = min(period["effective_from"] for period in home["periods"])
        installed = max(today - timedelta(days=DEMO_HISTORY_DAYS), first_day)
        serial = demo_meter_serial(account_number)
        contexts.supply.install_meter(
            supply_commands.InstallMeter(
                property_id=home["property_id"],
                serial_number=serial,
                installation_date=installed,
                initial_reading=0,
                installed_by="seed",
                location="Boundary box in the front path",
                number_of_digits=5,
                capability_type=MeterCapability.SMART,
            )
        )
        days = (today - installed).days
        for quarter in (1, 2, 3):
            day = installed + timedelta(days=days * quarter // 4)
            used = (day - installed).days * DEMO_DAILY_USE_LITRES // 1000
            contexts.supply.submit_meter_reading(
                supply_commands.SubmitMeterReading(account_number, serial, used, day, "seed")
            )
        # The customer reads a digit short: lower than the last reading, so it is held for review.
        with suppress(MeterReadingHeld):
            contexts.supply.submit_meter_reading(
                supply_commands.SubmitMeterReading(account_number, serial, 1, today, "seed")
            )
        _demo_consumption(contexts, serial, today - timedelta(days=1))
    finally:
        contexts.supply.clock = behind
