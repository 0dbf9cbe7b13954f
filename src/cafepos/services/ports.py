"""What the services need from the outside world, as protocols the adapters implement.

Keeping these small is what lets the GUI, the CLI and the tests drive the same use cases, and what keeps SQL,
cryptography and clocks out of the café's rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from cafepos.domain.journal import Head, Record


@dataclass(frozen=True, slots=True)
class ProductRow:
    id: int
    label: str
    category: str | None
    price_cents: int
    vat_on_site_bp: int
    vat_take_away_bp: int
    barcode: str | None
    colour: str | None
    active: bool
    alcohol: bool
    voucher_ok: bool
    producer_id: int | None = None
    by_weight: bool = False  # price_cents is per kilogram; stock and sales are counted in grams


@dataclass(frozen=True, slots=True)
class ProducerRow:
    id: int
    name: str
    address: str
    siret: str
    vat_status: str
    mode: str
    commission_bp: int
    commission_includes_vat: bool
    payment_days: int
    losses_borne_by: str
    contact: str
    active: bool
    vat_number: str = ""


@dataclass(frozen=True, slots=True)
class MoveRow:
    """A stock movement of a producer's lot, with what a statement or a recall needs to show it."""

    lot_id: int
    lot_code: str
    dlc: str | None
    product_id: int
    label: str
    kind: str
    qty: int
    amount_cents: int
    till: int | None
    ticket_number: int | None
    reason: str | None
    borne_by: str | None
    timestamp: str
    business_date: str
    by_weight: bool = False   # qty in grams
    category: str | None = None


@dataclass(frozen=True, slots=True)
class CategoryRow:
    id: int
    name: str
    colour: str | None
    position: int


@dataclass(frozen=True, slots=True)
class OperatorRow:
    id: int
    name: str
    role: str
    pin_hash: str
    active: bool
    failed_count: int
    locked_until: str | None


@dataclass(frozen=True, slots=True)
class TicketRow:
    id: int
    till: int
    number: int
    type: str
    cancels: int | None
    business_date: str
    timestamp: str
    operator_id: int
    total_cents: int
    journal_seq: int


@dataclass(frozen=True, slots=True)
class TabRow:
    id: int
    name: str
    operator_id: int
    state: dict[str, Any]
    created: str
    updated: str


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: int
    till: int
    state: str
    opened_at: str
    opened_by: int
    float_cents: int
    after_ticket_id: int
    closed_at: str | None
    last_ticket_id: int | None
    counted_cash_cents: int | None
    float_kept_cents: int | None


@dataclass(frozen=True, slots=True)
class MovementRow:
    id: int
    session_id: int
    kind: str
    amount_cents: int
    reason: str
    operator_id: int
    timestamp: str


@dataclass(frozen=True, slots=True)
class ClosingRow:
    id: int
    till: int
    kind: str
    period: str
    journal_seq: int
    total_cents: int
    perpetual_cents: int
    perpetual_abs_cents: int
    events_seq: int | None = None  # the events chain's head when signed


@dataclass(frozen=True, slots=True)
class PrintJobRow:
    id: int
    till: int
    number: int
    duplicate_no: int | None
    created: str
    attempts: int
    last_error: str | None


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """A journal record as the database holds it, with the key that signed it."""

    record: Record
    key_id: int


class Store(Protocol):
    """The ledger inside one transaction."""

    # settings
    def settings(self) -> dict[str, str]: ...
    def set_setting(self, key: str, value: str) -> None: ...

    # catalogue
    def categories(self) -> list[CategoryRow]: ...
    def category_id(self, name: str, create: bool) -> int | None: ...
    def products(self, active_only: bool) -> list[ProductRow]: ...
    def product(self, product_id: int) -> ProductRow | None: ...
    def find_products(self, ref: str) -> list[ProductRow]: ...
    def add_product(self, values: Mapping[str, Any]) -> int: ...
    def update_product(self, product_id: int, values: Mapping[str, Any]) -> None: ...

    # operators
    def operators(self) -> list[OperatorRow]: ...
    def operator_by_name(self, name: str) -> OperatorRow | None: ...
    def operator(self, operator_id: int) -> OperatorRow | None: ...
    def add_operator(self, name: str, role: str, pin_hash: str) -> int: ...
    def update_operator(self, operator_id: int, values: Mapping[str, Any]) -> None: ...

    # tickets
    def last_ticket_number(self, till: int) -> int: ...
    def add_ticket(self, row: TicketRow) -> None: ...
    def ticket(self, till: int, number: int) -> TicketRow | None: ...
    def cancellation_of(self, till: int, number: int) -> TicketRow | None: ...
    def tickets(self, *, till: int | None = None, date_from: str | None = None, date_to: str | None = None,
                total_cents: int | None = None, limit: int = 200) -> list[TicketRow]: ...
    def iter_tickets(self) -> Iterator[TicketRow]: ...
    def duplicate_count(self, till: int, number: int) -> int: ...
    def add_duplicate(self, till: int, number: int, duplicate_no: int, journal_seq: int) -> None: ...

    # open tabs
    def tabs(self) -> list[TabRow]: ...
    def tab(self, tab_id: int) -> TabRow | None: ...
    def add_tab(self, name: str, operator_id: int, state: dict[str, Any], now: str) -> int: ...
    def update_tab(self, tab_id: int, state: dict[str, Any], now: str) -> None: ...
    def delete_tab(self, tab_id: int) -> None: ...

    # till sessions and closings
    def open_session(self, till: int) -> SessionRow | None: ...
    def max_ticket_id(self) -> int: ...
    def last_closed_session(self, till: int) -> SessionRow | None: ...
    def add_session(self, till: int, opened_at: str, opened_by: int, float_cents: int) -> SessionRow: ...
    def close_session(self, session_id: int, values: Mapping[str, Any]) -> None: ...
    def add_movement(self, session_id: int, kind: str, amount_cents: int, reason: str, operator_id: int,
                     timestamp: str, journal_seq: int) -> None: ...
    def movements(self, session_id: int) -> list[MovementRow]: ...
    def session_tickets(self, till: int, after_id: int, last_id: int | None) -> Iterator[tuple[str, str]]:
        """(payload, hash hex) of the tickets of a session, by ticket id range."""
        ...
    def day_tickets(self, till: int, business_date: str) -> Iterator[tuple[str, str]]: ...
    def unclosed_dates(self, till: int, before: str) -> list[str]: ...
    def closing(self, till: int, kind: str, period: str) -> ClosingRow | None: ...
    def last_closing(self, till: int, kind: str) -> ClosingRow | None: ...
    def closings_like(self, till: int, kind: str, prefix: str) -> list[ClosingRow]: ...
    def closings_between(self, till: int, kind: str, start: str, end: str) -> list[ClosingRow]: ...
    def add_closing(self, row: ClosingRow) -> None: ...

    # producers on consignment
    def producers(self) -> list[ProducerRow]: ...
    def producer(self, producer_id: int) -> ProducerRow | None: ...
    def producer_by_name(self, name: str) -> ProducerRow | None: ...
    def add_producer(self, values: Mapping[str, Any]) -> int: ...
    def producer_products(self, producer_id: int) -> list[ProductRow]: ...
    def next_deposit_number(self) -> int: ...
    def add_deposit(self, number: int, producer_id: int, business_date: str, journal_seq: int) -> int: ...
    def add_lot(self, product_id: int, deposit_id: int, code: str, dlc: str | None, dlc_kind: str, qty: int) -> int: ...
    def lots_of(self, product_id: int) -> list[tuple[int, str, str | None, str, int]]:
        """(lot id, code, dlc, dlc kind, qty left) of a product's lots."""
        ...
    def take_from_lot(self, lot_id: int, qty: int) -> None: ...
    def add_stock_move(self, lot_id: int, kind: str, qty: int, amount_cents: int, till: int | None,
                       ticket_number: int | None, reason: str | None, borne_by: str | None, timestamp: str,
                       business_date: str) -> None: ...
    def producer_moves(self, producer_id: int, until: str) -> list[MoveRow]: ...
    def lot_moves(self, code: str) -> list[MoveRow]: ...
    def producer_rates(self, producer_id: int) -> dict[str, int]:
        """Commission rates that differ from the producer's main rate, by category name."""
        ...
    def set_producer_rate(self, producer_id: int, category_id: int, commission_bp: int | None) -> None: ...
    def next_statement_number(self) -> int: ...
    def statements_of(self, producer_id: int, period: str | None = None) -> list[tuple[int, str, int | None, int, int]]:
        """(number, period, corrects, net due, journal seq) of a producer's issued statements."""
        ...
    def add_statement(self, number: int, producer_id: int, period: str, corrects: int | None, net_due_cents: int,
                      journal_seq: int, created: str) -> None: ...
    def add_producer_payment(self, producer_id: int, amount_cents: int, method: str, advance: bool, timestamp: str,
                             journal_seq: int) -> None: ...
    def producer_paid(self, producer_id: int) -> int: ...

    # receipts waiting for the printer
    def print_jobs(self) -> list[PrintJobRow]: ...
    def add_print_job(self, till: int, number: int, duplicate_no: int | None, created: str, error: str) -> None: ...
    def print_job_failed(self, job_id: int, error: str) -> None: ...
    def delete_print_job(self, job_id: int) -> None: ...

    # journal
    def head(self, chain: str) -> Head: ...
    def add_record(self, record: Record, key_id: int) -> None: ...
    def record(self, chain: str, seq: int) -> StoredRecord | None: ...
    def iter_records(self, chain: str, from_seq: int = 1) -> Iterator[StoredRecord]: ...
    def chains(self) -> list[str]: ...
    def scan(self, chain: str) -> Iterator[tuple[int, str, bytes, bytes, int]]:
        """(seq, payload, hash, signature, key_id) in seq order: the fast path for checking years of records."""
        ...
    def scan_tickets(self) -> Iterator[tuple[int, int, str, int | None, str, int, int]]:
        """(till, number, type, cancels, business_date, total_cents, journal_seq) in journal order."""
        ...
    def public_keys(self) -> dict[int, str]: ...
    def add_public_key(self, fingerprint: str, pem: str, created: str) -> int: ...


class Ledger(Protocol):
    """Opens transactions on the café's database."""

    def write(self) -> AbstractContextManager[Store]:
        """A write transaction (BEGIN IMMEDIATE): committed when the block ends, rolled back on any error."""
        ...

    def read(self) -> AbstractContextManager[Store]:
        """A read-only snapshot that never blocks the counter's writes."""
        ...


class Signer(Protocol):
    """The café's private key: signs the ASCII bytes of a record's hash."""

    @property
    def public_pem(self) -> str: ...
    @property
    def fingerprint(self) -> str: ...
    def sign(self, hash_hex: str) -> str: ...
    def sign_bytes(self, data: bytes) -> str: ...


class SignatureChecker(Protocol):
    def check(self, public_pem: str, hash_hex: str, signature: str) -> bool: ...


class Anchor(Protocol):
    """The heads of the chains, kept and signed outside the database so deleting newest records shows."""

    def read(self) -> dict[str, Head] | None: ...
    def write(self, heads: Mapping[str, Head]) -> None: ...


class Clock(Protocol):
    def now(self) -> datetime: ...
