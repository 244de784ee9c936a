"""Product commands: the catalogue of water products, quotes for a supply point, product switches
(initiateProductSwitch) and quote follow-ups (scheduleQuoteFollowUp).

An account is on the default product at each property it occupies until a switch records an
agreement (domain/supply/agreements.py). A switch is checked against its quote in the order the
errors leak least: a quote of another account is an unknown quote (KT-CT-4619), as is an id that
names none; then the quote's supply point must still be the account's (4719), the product one of
the quote's (4626), still quoted and available on the day (4624), the day one of the quote's
allowed days (1507), and the new agreement possible on it (1509).

scheduleQuoteFollowUp needs no login, so every call counts against two allowances, per quote code
and per client address, whatever it answers; past either, KT-CT-1199 (the API's rate-limit code).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.accounts.application import Accounts
from domain.identity.application import Identity
from domain.shared.catalogue import TooManyRequests
from domain.shared.int_ids import new_number
from domain.supply import commands
from domain.supply.agreements import SupplyAgreements
from domain.supply.errors import (
    AgreementCreationFailed,
    ProductSwitchDateOutOfRange,
    QuotedProductNotAcceptable,
    QuotedProductNotSelected,
    QuoteFollowUpDisabled,
    SupplyPointNotFound,
    SupplyQuoteNotFound,
)
from domain.supply.meter_commands import MeterCommands
from domain.supply.product import ProductBasis, ProductExists, ProductInvalid, WaterProduct, product_code
from domain.supply.product_switch import ProductSwitch
from domain.supply.quote import (
    MAX_QUOTE_CODE,
    MAX_QUOTED_PRODUCTS,
    SupplyQuote,
    new_quote_code,
    parse_quoted_product_id,
)
from domain.supply.quote_follow_up import QuoteFollowUp, recipient_channel
from domain.supply.supply_point import derived_supply_point_id

DEFAULT_WATER_PRODUCT = "ST-MEASURED-26"


@dataclass(frozen=True)
class ProductSettings:
    """What the products topic takes from settings (KRAKEN_DEFAULT_WATER_PRODUCT and the rest)."""

    default_product: str = DEFAULT_WATER_PRODUCT
    switch_window_days: int = 30
    quote_validity_days: int = 14
    follow_ups: bool = True
    follow_up_delay: timedelta = timedelta(hours=24)
    follow_ups_per_quote: int = 5
    follow_ups_per_client: int = 20
    follow_up_window_seconds: int = 86_400


class QuoteRefused(ValueError):
    """A quote cannot be made: no such account or property, not occupied by it, or products unknown."""


@dataclass(frozen=True)
class ProductSwitchMessage:
    number: int
    address: str
    account_number: str
    product_code: str
    product_name: str
    switch_date: date


@dataclass(frozen=True)
class QuoteFollowUpMessage:
    follow_up_id: UUID
    channel: str
    address: str
    given_name: str
    quote_code: str
    product_names: tuple[str, ...]
    expires_at: datetime


class ProductCommands(MeterCommands):
    """A quote names the property's supply point, which a fitted meter's point reference identifies."""

    product_settings: ProductSettings = ProductSettings()
    accounts: Accounts
    identity: Identity

    # The catalogue (operators' commands) ---------------------------------------------------------

    def add_product(self, command: commands.AddProduct) -> WaterProduct:
        try:
            basis = ProductBasis(command.basis.upper())
        except ValueError:
            raise ProductInvalid(f"'{command.basis}' is not a basis: MEASURED or UNMEASURED.") from None

        def decide() -> tuple[WaterProduct, list[Any]]:
            now = self.clock.now()
            code = product_code(command.code)
            if code is not None and self.find(WaterProduct.id_for(code)) is not None:
                raise ProductExists(f"A product already has the code {code}.")
            product = WaterProduct.add(
                command.code,
                command.display_name,
                command.description,
                basis,
                command.standing_charge,
                command.volumetric_rate,
                command.available_from or now.date(),
                command.available_to,
                at=now,
            )
            return product, [product]

        return self.decide(decide)

    def water_product(self, code: str) -> WaterProduct | None:
        spelled = product_code(code)
        found: WaterProduct | None = self.find(WaterProduct.id_for(spelled)) if spelled else None
        return found

    # Supply points and quotes --------------------------------------------------------------------

    def supply_point_ids(self, property_id: str) -> list[str]:
        """The identifiers the property's supply point is known by, the one a quote names first: the
        point reference of a meter fitted there today, then the id derived from the property, which
        stays valid so that a quote made before the meter was fitted still names the same supply point."""
        fitted = [meter.meter_point_reference for meter in self.active_meters(property_id, self.clock.now().date())]
        return [*dict.fromkeys(fitted), derived_supply_point_id(property_id)]

    def quote_products(self, command: commands.QuoteProducts) -> SupplyQuote:
        """Quotes the products for the supply point of a property the account occupies (or will)."""
        codes = tuple(dict.fromkeys(product_code(code) or code for code in command.product_codes))
        if not 1 <= len(codes) <= MAX_QUOTED_PRODUCTS:
            raise QuoteRefused(f"A quote names 1 to {MAX_QUOTED_PRODUCTS} products.")
        if self.accounts.account(command.account_number) is None:
            raise QuoteRefused(f"No account has the number {command.account_number}.")
        settings = self.product_settings

        def decide() -> tuple[SupplyQuote, list[Any]]:
            now = self.clock.now()
            today = now.date()
            home = self.accounts.property(command.property_id)
            if home is None or not any(
                p.account_number == command.account_number and not p.ends_by(today) for p in home.periods
            ):
                raise QuoteRefused(f"Account {command.account_number} does not occupy property {command.property_id}.")
            last = today + timedelta(days=settings.switch_window_days)
            for code in codes:
                product = self.water_product(code)
                if product is None:
                    raise QuoteRefused(f"No product has the code {code}.")
                if product.available_from > last or (product.available_to is not None and product.available_to < today):
                    raise QuoteRefused(
                        f"Product {code} is not available in the next {settings.switch_window_days} days."
                    )
            quote = SupplyQuote.make(
                new_quote_code(),
                command.account_number,
                home.property_id,
                self.supply_point_ids(home.property_id)[0],
                codes,
                first_start_date=today,
                last_start_date=last,
                expires_at=now + timedelta(days=settings.quote_validity_days),
                at=now,
            )
            return quote, [quote]

        return self.decide(decide)

    def quote(self, code: str) -> SupplyQuote | None:
        if not code or len(code) > MAX_QUOTE_CODE:
            return None
        found: SupplyQuote | None = self.find(SupplyQuote.id_for(code))
        return found

    # Product switches ----------------------------------------------------------------------------

    def initiate_product_switch(self, command: commands.InitiateProductSwitch) -> ProductSwitch:
        parsed = parse_quoted_product_id(command.quoted_product_id)
        if parsed is None:
            raise SupplyQuoteNotFound(f"'{command.quoted_product_id}' names no quoted product.")
        code, ordinal = parsed

        def decide() -> tuple[ProductSwitch, list[Any]]:
            now = self.clock.now()
            today = now.date()
            quote = self.quote(code)
            # Another account's quote is answered as none: its code is not the viewer's to learn.
            if quote is None or quote.account_number != command.account_number:
                raise SupplyQuoteNotFound(f"Account {command.account_number} has no quote {code}.")
            home = self.accounts.property(quote.property_id)
            periods = [p for p in (home.periods if home else []) if p.account_number == command.account_number]
            if (
                home is None
                or not any(not p.ends_by(today) for p in periods)
                or quote.supply_point_id not in self.supply_point_ids(home.property_id)
            ):
                raise SupplyPointNotFound(f"Supply point {quote.supply_point_id} is not on the account.")
            quoted = quote.product(ordinal)
            if quoted is None:
                raise QuotedProductNotSelected(f"Quote {code} has no product {ordinal}.")
            product = self.water_product(quoted.product_code)
            if quote.expired(now) or product is None or not product.available_on(command.switch_date):
                raise QuotedProductNotAcceptable(
                    f"{quoted.product_code} is not quoted for {quote.supply_point_id} on {command.switch_date}: "
                    "the quote expired or the product is not available then."
                )
            if not quote.allows_start_on(command.switch_date, today):
                raise ProductSwitchDateOutOfRange(
                    f"The switch date must be between {max(quote.first_start_date, today)} and {quote.last_start_date}."
                )
            period = next((p for p in periods if p.covers(command.switch_date)), None)
            if period is None:
                raise AgreementCreationFailed(f"The account does not occupy the property on {command.switch_date}.")
            period_id = f"{home.property_id}-{period.ordinal}"
            agreements: SupplyAgreements | None = self.find(SupplyAgreements.id_for(period_id))
            if agreements is None:
                agreements = SupplyAgreements.open(
                    period_id,
                    command.account_number,
                    home.property_id,
                    self.product_settings.default_product,
                    period.effective_from,
                )
            number = new_number()
            agreements.schedule_switch(number, quoted.product_code, command.switch_date)
            account = self.accounts.account(command.account_number)
            switch = ProductSwitch.initiate(
                number,
                command.account_number,
                home.property_id,
                period_id,
                quote.supply_point_id,
                code,
                command.quoted_product_id,
                quoted.product_code,
                command.switch_date,
                command.suppress_communications,
                command.notify_email or (account.billing_email if account else None),
                at=now,
            )
            # A switch from today is made at once; a later one by the scheduler's job on its day.
            if command.switch_date <= today:
                agreements.apply_switch(number, quoted.product_code, command.switch_date)
                switch.apply(at=now)
            return switch, [agreements, switch]

        return self.decide(decide)

    def apply_product_switch(self, number: int) -> bool:
        """Makes the switch's agreement once its day has come; False if it is not due or already made."""

        def decide() -> tuple[bool, list[Any]]:
            now = self.clock.now()
            switch: ProductSwitch | None = self.find(ProductSwitch.id_for(number))
            if switch is None or switch.applied_at is not None or switch.switch_date > now.date():
                return False, []
            agreements: SupplyAgreements = self.load(SupplyAgreements.id_for(switch.period_id))
            agreements.apply_switch(number, switch.product_code, switch.switch_date)
            switch.apply(at=now)
            return True, [agreements, switch]

        return self.decide(decide)

    def product_switch(self, number: int) -> ProductSwitch | None:
        found: ProductSwitch | None = self.find(ProductSwitch.id_for(number))
        return found

    def product_switch_message(self, number: int) -> ProductSwitchMessage | None:
        """The confirmation to send, or None if it is suppressed, has nowhere to go or was sent."""
        switch = self.product_switch(number)
        if switch is None or switch.suppress_communications or not switch.notify_email:
            return None
        if switch.confirmation_sent_at is not None:
            return None
        product = self.water_product(switch.product_code)
        name = product.display_name if product else switch.product_code
        return ProductSwitchMessage(
            number, switch.notify_email, switch.account_number, switch.product_code, name, switch.switch_date
        )

    def record_product_switch_confirmation_sent(self, number: int) -> bool:
        def decide() -> tuple[bool, list[Any]]:
            switch: ProductSwitch = self.load(ProductSwitch.id_for(number))
            if switch.confirmation_sent_at is not None:
                return False, []
            switch.record_confirmation_sent(self.clock.now())
            return True, [switch]

        return self.decide(decide)

    # Quote follow-ups ----------------------------------------------------------------------------

    def schedule_quote_follow_up(self, command: commands.ScheduleQuoteFollowUp) -> QuoteFollowUp:
        settings = self.product_settings
        if not settings.follow_ups:
            raise QuoteFollowUpDisabled("Quote follow-ups are switched off on this server.")
        throttle = self.identity.throttle
        keys = [f"quote-follow-up:{command.quote_code}", f"quote-follow-up-client:{command.client}"]
        counted = throttle.failures(keys, settings.follow_up_window_seconds)
        if (
            counted.get(keys[0], 0) >= settings.follow_ups_per_quote
            or counted.get(keys[1], 0) >= settings.follow_ups_per_client
        ):
            raise TooManyRequests("Too many quote follow-ups asked for; try again later.")
        # Every call counts, answered or refused: an unknown code must cost a guesser as much as a known one.
        throttle.record_failure(keys, settings.follow_up_window_seconds)
        quote = self.quote(command.quote_code)
        if quote is None or (command.account_number and quote.account_number != command.account_number):
            raise SupplyQuoteNotFound(f"No quote has the code {command.quote_code}.")
        channel, address = recipient_channel(command.email, command.mobile)

        def decide() -> tuple[QuoteFollowUp, list[Any]]:
            now = self.clock.now()
            follow_up = QuoteFollowUp.schedule(
                quote.code,
                channel,
                address,
                command.given_name.strip(),
                command.family_name.strip(),
                send_at=now + settings.follow_up_delay,
                at=now,
            )
            return follow_up, [follow_up]

        return self.decide(decide)

    def release_quote_follow_up(self, follow_up_id: UUID) -> bool:
        """Hands a due follow-up to the sender (the scheduler's job); False if not due or already released."""

        def decide() -> tuple[bool, list[Any]]:
            follow_up: QuoteFollowUp | None = self.find(follow_up_id)
            if follow_up is None or not follow_up.release(self.clock.now()):
                return False, []
            return True, [follow_up]

        return self.decide(decide)

    def quote_follow_up_message(self, follow_up_id: UUID) -> QuoteFollowUpMessage | None:
        """What to send for a released follow-up; None if it is not released yet or was sent."""
        follow_up: QuoteFollowUp | None = self.find(follow_up_id)
        if follow_up is None or follow_up.released_at is None or follow_up.sent_at is not None:
            return None
        quote = self.quote(follow_up.quote_code)
        if quote is None:
            return None
        names = []
        for quoted in quote.products:
            product = self.water_product(quoted.product_code)
            names.append(product.display_name if product else quoted.product_code)
        return QuoteFollowUpMessage(
            follow_up_id,
            follow_up.channel,
            follow_up.address,
            follow_up.given_name,
            quote.code,
            tuple(names),
            quote.expires_at,
        )

    def record_quote_follow_up_sent(self, follow_up_id: UUID) -> bool:
        def decide() -> tuple[bool, list[Any]]:
            follow_up: QuoteFollowUp = self.load(follow_up_id)
            if not follow_up.record_sent(self.clock.now()):
                return False, []
            return True, [follow_up]

        return self.decide(decide)
