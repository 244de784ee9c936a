"""The card fields of the hosted pages, and the test cards the sandbox provider answers deterministically."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from api.pages.rendering import Html, html

# The sandbox's test cards (workers/payments/sandbox.py): any other number passing the Luhn check,
# with an expiry not past and a 3- or 4-digit CVC, is taken too.
TEST_CARDS = (("4242 4242 4242 4242", "is taken"), ("4000 0000 0000 0002", "is declined"))
_EXPIRY = re.compile(r"\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*")


@dataclass(frozen=True, slots=True)
class Card:
    number: str = field(repr=False)
    expiry_month: int
    expiry_year: int
    cvc: str = field(repr=False)


def card_from(fields: dict[str, str]) -> tuple[Card | None, list[str]]:
    """The card posted, or what is missing or malformed (the provider checks the rest)."""
    problems = []
    number = fields.get("card_number", "").strip()
    cvc = fields.get("cvc", "").strip()
    expiry = _EXPIRY.fullmatch(fields.get("expiry", ""))
    if not number:
        problems.append("Enter the card number.")
    if expiry is None:
        problems.append("Enter the expiry date as MM/YY.")
    if not cvc:
        problems.append("Enter the security code (CVC).")
    if problems or expiry is None:
        return None, problems
    year = int(expiry[2])
    return Card(number, int(expiry[1]), year + 2000 if year < 100 else year, cvc), []


def card_fields(fields: dict[str, str]) -> Html:
    """The card inputs. Shown again after a refusal, they keep only the expiry date: a card number or
    security code is never written into a page."""
    return html(
        """<label for="card_number">Card number</label>
<input type="text" id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required>
<label for="expiry">Expiry date (MM/YY)</label>
<input type="text" id="expiry" name="expiry" autocomplete="cc-exp" placeholder="MM/YY" value="{expiry}" required>
<label for="cvc">Security code (CVC)</label>
<input type="text" id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required>""",
        expiry=fields.get("expiry", ""),
    )


def sandbox_cards_note() -> Html:
    listed = ", ".join(html("{number} {what}", number=number, what=what) for number, what in TEST_CARDS)
    return html(
        '<p class="note">Sandbox: no real card is charged. Test cards: {listed}; any future expiry date and any'
        " 3-digit security code.</p>",
        listed=Html(listed),
    )
