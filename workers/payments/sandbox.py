"""The sandbox payment provider: behaves like a real one, deterministically, with no network.

Used on the embedded default, in tests and in demos. Like a real provider it
- is idempotent: `collect` / `pay_out` with a key already used return the first charge or payout
  (same reference, same first answer: PENDING), never a second one; the same key with a different
  request (amount, currency, destination, ... or a collection key reused for a payout) raises
  `IdempotencyMismatch`, as Stripe refuses a reused key with other parameters;
- answers asynchronously: a request is accepted PENDING, and `collection(reference)` /
  `payout(reference)` report the outcome: SUCCEEDED from the first status query on once
  `settle_seconds` (settings.payment_sandbox_settle_seconds, default 0) have passed since the
  request; a settled outcome is recorded and never changes.

Outcomes are chosen by the amount in minor units, for collections and payouts alike:
- ending in 402 (`amount % 1000 == DECLINED_ENDING`): settles FAILED, failure_code "declined";
- ending in 408 (NEVER_SETTLES_ENDING): never settles, stays PENDING (the caller's deadline decides);
- ending in 503 (UNAVAILABLE_ONCE_ENDING): the first call for a key raises `ProviderUnavailable`
  before any charge is recorded; later calls with that key behave normally (and settle SUCCEEDED);
- anything else: settles SUCCEEDED.

Its hosted pages (served by the API, api/pages/) take a card or a bank account from the customer:
`pay_by_card` charges a card for a standalone payment, `store_card` and `store_bank_account` set up
an instrument for later collections. Their test instruments are as deterministic:
- cards: a number passing the Luhn check, an expiry not past and a CVC of 3 or 4 digits are taken,
  except DECLINED_CARD (4000 0000 0000 0002), which is declined; SUCCEEDING_CARD (4242 4242 4242 4242)
  is the one to use. A charge taken settles by the amount's rules above;
- bank accounts: a 6-digit sort code, an 8-digit account number and a holder of 1 to 18 characters
  are taken (a mandate), except an account number ending in 402, which the bank refuses.
They answer a refusal as FAILED with its failure code, charging or recording nothing, rather than
raise: the page shows it to the customer, who may try again.

State lives in one SQLite file (WAL) so that it survives a killed worker and is shared by every
process and thread that opens it: each thread of each process has its own connection (opening one
per call would cost more than the call), each call decides inside one BEGIN IMMEDIATE
transaction, and the idempotency key is UNIQUE, so two racing calls with one key make one charge.
Request details other than amount and currency (e.g. bank details) are kept only as digests:
enough to detect a mismatch, nothing to leak.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from domain.shared.clock import Clock, SystemClock
from workers.payments.provider import (
    IdempotencyMismatch,
    Outcome,
    ProviderResult,
    ProviderUnavailable,
    UnknownReference,
)

DECLINED_ENDING = 402
NEVER_SETTLES_ENDING = 408
UNAVAILABLE_ONCE_ENDING = 503
DECLINED = "declined"
SUCCEEDING_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"
# Failure codes of the hosted pages' calls (Stripe's names where it has one).
INVALID_NUMBER = "invalid_number"
EXPIRED_CARD = "expired_card"
INVALID_CVC = "invalid_cvc"
INVALID_ACCOUNT = "invalid_account"
UNAVAILABLE = "unavailable"
DUPLICATE = "duplicate"
_HOLDER_MAX = 18

_COLLECTION, _PAYOUT = "collection", "payout"
_PREFIX = {_COLLECTION: "sbx_ch_", _PAYOUT: "sbx_po_"}

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS operations ("
    " reference TEXT PRIMARY KEY,"
    " idempotency_key TEXT NOT NULL UNIQUE,"
    " kind TEXT NOT NULL,"
    " amount INTEGER NOT NULL,"
    # JSON: kind, amount, currency and digests of the other fields, compared when a key comes again.
    " request TEXT NOT NULL,"
    " requested_at TEXT NOT NULL,"
    " status TEXT NOT NULL,"
    " failure_code TEXT,"
    " settled_at TEXT)",
    # Keys whose one-off outage has been served (UNAVAILABLE_ONCE_ENDING); not charges.
    "CREATE TABLE IF NOT EXISTS outages (idempotency_key TEXT PRIMARY KEY)",
    # Cards and mandates set up on the hosted page, known by digests only.
    "CREATE TABLE IF NOT EXISTS instruments ("
    " reference TEXT PRIMARY KEY,"
    " idempotency_key TEXT NOT NULL UNIQUE,"
    " request TEXT NOT NULL,"
    " recorded_at TEXT NOT NULL)",
)

# Connections a forked child inherited from its parent: kept referenced so that they are never closed.
_INHERITED: list[sqlite3.Connection] = []


class SandboxProvider:
    """A PaymentProvider over the SQLite file at `path` (created if missing)."""

    def __init__(self, path: Path | str, *, settle_seconds: int = 0, clock: Clock | None = None) -> None:
        self.path = Path(path)
        self.settle = timedelta(seconds=settle_seconds)
        self.clock = clock or SystemClock()
        self._held = threading.local()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db:
            # WAL is a property of the file: set once, every later connection uses it.
            db.execute("PRAGMA journal_mode=WAL")
        with self._transaction() as db:
            for statement in _SCHEMA:
                db.execute(statement)

    def __repr__(self) -> str:
        return f"SandboxProvider({str(self.path)!r})"

    def collect(
        self, *, idempotency_key: str, amount: int, currency: str, instruction_type: str, vendor_reference: str
    ) -> ProviderResult:
        details = {"instruction_type": instruction_type, "vendor_reference": vendor_reference}
        return self._request(_COLLECTION, idempotency_key, amount, currency, details)

    def collection(self, reference: str) -> ProviderResult:
        return self._status(_COLLECTION, reference)

    def pay_out(
        self, *, idempotency_key: str, amount: int, currency: str, method: str, payee: str, destination: str
    ) -> ProviderResult:
        details = {"method": method, "payee": payee, "destination": destination}
        return self._request(_PAYOUT, idempotency_key, amount, currency, details)

    def payout(self, reference: str) -> ProviderResult:
        return self._status(_PAYOUT, reference)

    # The hosted pages --------------------------------------------------------------------------------

    def pay_by_card(
        self,
        *,
        idempotency_key: str,
        amount: int,
        currency: str,
        card_number: str,
        expiry_month: int,
        expiry_year: int,
        cvc: str,
    ) -> ProviderResult:
        """Charges a card (once per key, as `collect` does): accepted PENDING, then settled by the
        amount's rules; FAILED with nothing charged for a refused card, an outage or a key already
        used to charge another card."""
        number = _digits(card_number)
        refusal = self._card_refusal(number, expiry_month, expiry_year, cvc)
        if refusal is not None:
            return ProviderResult("", Outcome.FAILED, refusal)
        # The card itself is only ever kept as a digest (by _request); the CVC not at all.
        card = f"{number}:{expiry_month:02d}/{expiry_year}"
        details = {"instruction_type": "CARD", "vendor_reference": card}
        try:
            return self._request(_COLLECTION, idempotency_key, amount, currency, details)
        except ProviderUnavailable:
            return ProviderResult("", Outcome.FAILED, UNAVAILABLE)
        except IdempotencyMismatch:
            return ProviderResult("", Outcome.FAILED, DUPLICATE)

    def store_card(
        self, *, idempotency_key: str, card_number: str, expiry_month: int, expiry_year: int, cvc: str
    ) -> ProviderResult:
        """Records a card for later charges: SUCCEEDED under a reference ending in the card's last
        four digits (what a card instruction shows), or FAILED for a refused card."""
        number = _digits(card_number)
        refusal = self._card_refusal(number, expiry_month, expiry_year, cvc)
        if refusal is not None:
            return ProviderResult("", Outcome.FAILED, refusal)
        card = f"{number}:{expiry_month:02d}/{expiry_year}"
        return self._instrument(idempotency_key, "sbx_pm_", f"_{number[-4:]}", {"kind": "card", "card": card})

    def store_bank_account(
        self, *, idempotency_key: str, account_holder: str, sort_code: str, account_number: str
    ) -> ProviderResult:
        """Records a direct debit mandate on a UK bank account: SUCCEEDED under the mandate's reference,
        FAILED `invalid_account` for malformed details or `declined` when the bank refuses."""
        sort_code, account_number = _digits(sort_code), _digits(account_number)
        holder = " ".join(account_holder.split())
        if not (len(sort_code) == 6 and len(account_number) == 8 and 0 < len(holder) <= _HOLDER_MAX):
            return ProviderResult("", Outcome.FAILED, INVALID_ACCOUNT)
        if int(account_number) % 1000 == DECLINED_ENDING:
            return ProviderResult("", Outcome.FAILED, DECLINED)
        details = {"kind": "mandate", "holder": holder, "sort_code": sort_code, "account_number": account_number}
        return self._instrument(idempotency_key, "sbx_md_", "", details)

    def _card_refusal(self, number: str, expiry_month: int, expiry_year: int, cvc: str) -> str | None:
        if not (12 <= len(number) <= 19 and _luhn_valid(number)):
            return INVALID_NUMBER
        today = self.clock.now().date()
        if not 1 <= expiry_month <= 12 or (expiry_year, expiry_month) < (today.year, today.month):
            return EXPIRED_CARD
        if not (cvc.isascii() and cvc.isdigit() and len(cvc) in (3, 4)):
            return INVALID_CVC
        if number == DECLINED_CARD:
            return DECLINED
        return None

    def _instrument(self, key: str, prefix: str, suffix: str, details: dict[str, str]) -> ProviderResult:
        if not key:
            raise ValueError("an idempotency key is required")
        request: dict[str, object] = {name: _digest(value) for name, value in details.items()}
        with self._transaction() as db:
            first = db.execute(
                "SELECT reference, request FROM instruments WHERE idempotency_key = ?", (key,)
            ).fetchone()
            if first is not None:
                if _differences(json.loads(first[1]), request):
                    return ProviderResult("", Outcome.FAILED, DUPLICATE)
                return ProviderResult(first[0], Outcome.SUCCEEDED)
            reference = prefix + secrets.token_hex(12) + suffix
            db.execute(
                "INSERT INTO instruments (reference, idempotency_key, request, recorded_at) VALUES (?, ?, ?, ?)",
                (reference, key, json.dumps(request), self.clock.now().isoformat()),
            )
        return ProviderResult(reference, Outcome.SUCCEEDED)

    def charges(self, idempotency_key: str) -> int:
        """How many charges or payouts exist under this key (the idempotency promise: at most 1)."""
        (count,) = (
            self._connection()
            .execute("SELECT COUNT(*) FROM operations WHERE idempotency_key = ?", (idempotency_key,))
            .fetchone()
        )
        return int(count)

    def _request(self, kind: str, key: str, amount: int, currency: str, details: dict[str, str]) -> ProviderResult:
        if not key:
            raise ValueError("an idempotency key is required")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValueError(f"amount must be a positive integer of minor units, not {amount!r}")
        request = {"kind": kind, "amount": amount, "currency": currency}
        request |= {name: _digest(value) for name, value in details.items()}
        with self._transaction() as db:
            first = db.execute("SELECT reference, request FROM operations WHERE idempotency_key = ?", (key,)).fetchone()
            if first is not None:
                differing = _differences(json.loads(first[1]), request)
                if differing:
                    raise IdempotencyMismatch(
                        f"idempotency key {key!r} was first used for another request; differs in {', '.join(differing)}"
                    )
                # The first answer again, as a real provider replays its stored response.
                return ProviderResult(first[0], Outcome.PENDING)
            if amount % 1000 == UNAVAILABLE_ONCE_ENDING and self._serve_outage(db, key):
                outage = True
            else:
                outage, reference = False, _PREFIX[kind] + secrets.token_hex(12)
                db.execute(
                    "INSERT INTO operations (reference, idempotency_key, kind, amount, request, requested_at, status)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (reference, key, kind, amount, json.dumps(request), self.clock.now().isoformat(), "PENDING"),
                )
        if outage:
            # Raised after the commit: the outage is remembered (it is no charge), so the retry goes through.
            raise ProviderUnavailable("sandbox: temporarily unavailable (amount ends in 503), retry later")
        return ProviderResult(reference, Outcome.PENDING)

    @staticmethod
    def _serve_outage(db: sqlite3.Connection, key: str) -> bool:
        """True the first time only: records that this key's one-off outage has been served."""
        served = db.execute("INSERT INTO outages (idempotency_key) VALUES (?) ON CONFLICT DO NOTHING", (key,))
        return served.rowcount == 1

    def _status(self, kind: str, reference: str) -> ProviderResult:
        with self._transaction() as db:
            row = db.execute(
                "SELECT amount, requested_at, status, failure_code FROM operations WHERE reference = ? AND kind = ?",
                (reference, kind),
            ).fetchone()
            if row is None:
                raise UnknownReference(f"sandbox: no {kind} {reference!r}")
            amount, requested_at, status, failure_code = row
            if status != Outcome.PENDING:
                return ProviderResult(reference, Outcome(status), failure_code)
            now = self.clock.now()
            if amount % 1000 == NEVER_SETTLES_ENDING or now < datetime.fromisoformat(requested_at) + self.settle:
                return ProviderResult(reference, Outcome.PENDING)
            settled = (
                ProviderResult(reference, Outcome.FAILED, DECLINED)
                if amount % 1000 == DECLINED_ENDING
                else ProviderResult(reference, Outcome.SUCCEEDED)
            )
            db.execute(
                "UPDATE operations SET status = ?, failure_code = ?, settled_at = ? WHERE reference = ?",
                (settled.status.value, settled.failure_code, now.isoformat(), reference),
            )
        return settled

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30, isolation_level=None)

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on its first call in this process."""
        held: tuple[int, sqlite3.Connection] | None = getattr(self._held, "connection", None)
        if held is None or held[0] != os.getpid():
            if held is not None:
                # Opened before a fork: SQLite forbids the child to use or close it, so it is left be.
                _INHERITED.append(held[1])
            held = (os.getpid(), self._connect())
            self._held.connection = held
        return held[1]

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._connection()
        # IMMEDIATE takes the write lock before reading: racing calls with one key serialise here.
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            # The connection outlives the call: it must not stay inside a transaction.
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _differences(first: dict[str, object], again: dict[str, object]) -> list[str]:
    return sorted(name for name in first.keys() | again.keys() if first.get(name) != again.get(name))


def _digits(typed: str) -> str:
    """A number as a customer types it, spaces and hyphens dropped ("" unless only digits remain)."""
    digits = "".join(typed.split()).replace("-", "")
    return digits if digits.isascii() and digits.isdigit() else ""


def _luhn_valid(number: str) -> bool:
    """The card number's check digit (ISO/IEC 7812): doubling every second digit from the right."""
    total = 0
    for position, digit in enumerate(int(d) for d in reversed(number)):
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0
