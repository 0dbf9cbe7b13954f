"""The services' `Store` port over one sqlite3 connection inside a transaction.

Plain SQL through the standard library's driver: the till opens in front of a queue every morning, and importing
SQLAlchemy alone costs a quarter of a second. SQLAlchemy stays where it earns its place: the schema's definition
(schema.py) and alembic's migrations, loaded only when an upgrade is due.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from typing import Any

from cafepos.adapters.signing import b64url, unb64url
from cafepos.domain.journal import GENESIS, Head, Record
from cafepos.services.ports import (
    CategoryRow,
    ClosingRow,
    MovementRow,
    MoveRow,
    OperatorRow,
    PrintJobRow,
    ProducerRow,
    ProductRow,
    SessionRow,
    StoredRecord,
    TabRow,
    TicketRow,
)

_PRODUCTS = (
    "SELECT p.id, p.label, c.name, p.price_cents, p.vat_on_site_bp, p.vat_take_away_bp, p.barcode, p.colour,"
    " p.active, p.alcohol, p.voucher_ok, p.producer_id, p.by_weight"
    " FROM products p LEFT JOIN categories c ON c.id = p.category_id")
_PRODUCT_BY_ID = _PRODUCTS + " WHERE p.id = ?"
_OPERATORS = "SELECT id, name, role, pin_hash, active, failed_count, locked_until FROM operators"
_TABS = "SELECT id, name, operator_id, state, created, updated FROM tabs"
_TICKETS = ("SELECT id, till, number, type, cancels, business_date, timestamp, operator_id, total_cents, journal_seq"
            " FROM tickets")

# The columns the services may set through a mapping of values (every column but the id; a test compares them
# with schema.py); any other name is a programming error, never a way into the SQL.
_WRITABLE = {
    "products": frozenset({"label", "category_id", "price_cents", "vat_on_site_bp", "vat_take_away_bp", "barcode",
                           "colour", "active", "alcohol", "voucher_ok", "position", "producer_id", "by_weight"}),
    "operators": frozenset({"name", "role", "pin_hash", "active", "failed_count", "locked_until"}),
    "producers": frozenset({"name", "address", "siret", "vat_status", "mode", "commission_bp",
                            "commission_includes_vat", "payment_days", "losses_borne_by", "contact", "active",
                            "vat_number"}),
    "till_sessions": frozenset({"till", "state", "opened_at", "opened_by", "float_cents", "after_ticket_id",
                                "closed_at", "closed_by", "last_ticket_id", "counted_cash_cents", "float_kept_cents"}),
}


def _columns(table: str, values: Mapping[str, Any]) -> list[str]:
    names = list(values)
    unknown = set(names) - _WRITABLE[table]
    if unknown or not names:
        raise ValueError(f"cannot write {sorted(unknown) or 'nothing'} to {table}")
    return names


def _product(row: Any) -> ProductRow:
    return ProductRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], bool(row[8]), bool(row[9]),
                      bool(row[10]), row[11], bool(row[12]))


def _operator(row: Any) -> OperatorRow:
    return OperatorRow(row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6])


def _tab(row: Any) -> TabRow:
    return TabRow(row[0], row[1], row[2], json.loads(row[3]), row[4], row[5])


def _move(row: Any) -> MoveRow:
    return MoveRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10], row[11],
                   row[12], row[13], bool(row[14]), row[15])


def _ticket(row: Any) -> TicketRow:
    return TicketRow(*row)


class SqlStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # settings -------------------------------------------------------------------------------------------
    def settings(self) -> dict[str, str]:
        return dict(self._raw("SELECT key, value FROM settings", ()).fetchall())

    def set_setting(self, key: str, value: str) -> None:
        self._raw(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value))

    # catalogue ------------------------------------------------------------------------------------------
    def categories(self) -> list[CategoryRow]:
        rows = self._raw("SELECT id, name, colour, position FROM categories ORDER BY position, id", ())
        return [CategoryRow(*r) for r in rows]

    def category_id(self, name: str, create: bool) -> int | None:
        row = self._raw("SELECT id FROM categories WHERE name = ?", (name,)).fetchone()
        if row is not None or not create:
            return int(row[0]) if row else None
        position = self._raw("SELECT COALESCE(MAX(position), 0) FROM categories", ()).fetchone()[0]
        return int(self._raw("INSERT INTO categories (name, position) VALUES (?, ?)", (name, position + 1)).lastrowid)

    def products(self, active_only: bool) -> list[ProductRow]:
        where = " WHERE p.active = 1" if active_only else ""
        rows = self._raw(_PRODUCTS + where + " ORDER BY c.position, p.position, p.id", ())
        return [_product(r) for r in rows]

    def product(self, product_id: int) -> ProductRow | None:
        row = self._raw(_PRODUCT_BY_ID, (product_id,)).fetchone()  # on every sale line: the raw path
        return _product(row) if row else None

    def find_products(self, ref: str) -> list[ProductRow]:
        sql = _PRODUCTS + " WHERE p.barcode = ? OR p.label = ?"
        params: tuple[Any, ...] = (ref, ref)
        if ref.isdigit():
            sql += " OR p.id = ?"
            params += (int(ref),)
        found = [_product(r) for r in self._raw(sql, params)]
        # An exact id wins over a barcode or label that happens to be the same digits.
        if ref.isdigit():
            by_id = [p for p in found if p.id == int(ref)]
            by_code = [p for p in found if p.barcode == ref]
            return by_code or by_id or found
        return found

    def add_product(self, values: Mapping[str, Any]) -> int:
        return self._insert("products", values)

    def update_product(self, product_id: int, values: Mapping[str, Any]) -> None:
        self._update("products", product_id, values)

    def _insert(self, table: str, values: Mapping[str, Any]) -> int:
        names = _columns(table, values)
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        return int(self._raw(sql, tuple(values[n] for n in names)).lastrowid)

    def _update(self, table: str, row_id: int, values: Mapping[str, Any]) -> None:
        names = _columns(table, values)
        sql = f"UPDATE {table} SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?"
        self._raw(sql, (*(values[n] for n in names), row_id))

    # operators ------------------------------------------------------------------------------------------
    def operators(self) -> list[OperatorRow]:
        return [_operator(r) for r in self._raw(_OPERATORS + " ORDER BY id", ())]

    def operator_by_name(self, name: str) -> OperatorRow | None:
        row = self._raw(_OPERATORS + " WHERE lower(name) = ?", (name.lower(),)).fetchone()
        return _operator(row) if row else None

    def operator(self, operator_id: int) -> OperatorRow | None:
        row = self._raw(_OPERATORS + " WHERE id = ?", (operator_id,)).fetchone()
        return _operator(row) if row else None

    def add_operator(self, name: str, role: str, pin_hash: str) -> int:
        return self._insert("operators", {"name": name, "role": role, "pin_hash": pin_hash})

    def update_operator(self, operator_id: int, values: Mapping[str, Any]) -> None:
        self._update("operators", operator_id, values)

    # tickets --------------------------------------------------------------------------------------------
    def last_ticket_number(self, till: int) -> int:
        value = self._raw("SELECT MAX(number) FROM tickets WHERE till = ?", (till,)).fetchone()[0]
        return int(value or 0)

    def add_ticket(self, row: TicketRow) -> None:
        self._raw(
            "INSERT INTO tickets (till, number, type, cancels, business_date, timestamp, operator_id, total_cents,"
            " journal_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row.till, row.number, row.type, row.cancels, row.business_date, row.timestamp, row.operator_id,
             row.total_cents, row.journal_seq))

    def ticket(self, till: int, number: int) -> TicketRow | None:
        row = self._raw(_TICKETS + " WHERE till = ? AND number = ?", (till, number)).fetchone()
        return _ticket(row) if row else None

    def cancellation_of(self, till: int, number: int) -> TicketRow | None:
        row = self._raw(_TICKETS + " WHERE till = ? AND cancels = ?", (till, number)).fetchone()
        return _ticket(row) if row else None

    def tickets(self, *, till: int | None = None, date_from: str | None = None, date_to: str | None = None,
                total_cents: int | None = None, limit: int = 200) -> list[TicketRow]:
        conds: list[str] = []
        params: list[Any] = []
        for cond, value in (("till = ?", till), ("business_date >= ?", date_from or None),
                            ("business_date <= ?", date_to or None), ("total_cents = ?", total_cents)):
            if value is not None:
                conds.append(cond)
                params.append(value)
        where = f" WHERE {' AND '.join(conds)}" if conds else ""
        rows = self._raw(_TICKETS + where + " ORDER BY id DESC LIMIT ?", (*params, limit))
        return [_ticket(r) for r in rows]

    def iter_tickets(self) -> Iterator[TicketRow]:
        cursor = self._raw(_TICKETS + " ORDER BY journal_seq", ())
        for r in cursor:
            yield TicketRow(*r)

    def _raw(self, sql: str, params: tuple[Any, ...]) -> Any:
        """A cursor inside the current transaction; one place to time or trace every statement."""
        cursor = self.conn.cursor()
        cursor.arraysize = 500
        return cursor.execute(sql, params)

    def duplicate_count(self, till: int, number: int) -> int:
        return int(self._raw("SELECT COUNT(*) FROM duplicates WHERE till = ? AND number = ?",
                             (till, number)).fetchone()[0])

    def add_duplicate(self, till: int, number: int, duplicate_no: int, journal_seq: int) -> None:
        self._raw("INSERT INTO duplicates (till, number, duplicate_no, journal_seq) VALUES (?, ?, ?, ?)",
                  (till, number, duplicate_no, journal_seq))

    # open tabs ------------------------------------------------------------------------------------------
    def tabs(self) -> list[TabRow]:
        return [_tab(r) for r in self._raw(_TABS + " ORDER BY created", ())]

    def tab(self, tab_id: int) -> TabRow | None:
        row = self._raw(_TABS + " WHERE id = ?", (tab_id,)).fetchone()
        return _tab(row) if row else None

    def add_tab(self, name: str, operator_id: int, state: dict[str, Any], now: str) -> int:
        return int(self._raw("INSERT INTO tabs (name, operator_id, state, created, updated) VALUES (?, ?, ?, ?, ?)",
                             (name, operator_id, json.dumps(state), now, now)).lastrowid)

    def update_tab(self, tab_id: int, state: dict[str, Any], now: str) -> None:
        self._raw("UPDATE tabs SET state = ?, updated = ? WHERE id = ?", (json.dumps(state), now, tab_id))

    def delete_tab(self, tab_id: int) -> None:
        self._raw("DELETE FROM tabs WHERE id = ?", (tab_id,))

    # till sessions and closings -------------------------------------------------------------------------
    _SESSION_COLS = ("id, till, state, opened_at, opened_by, float_cents, after_ticket_id, closed_at, last_ticket_id,"
                     " counted_cash_cents, float_kept_cents")

    def open_session(self, till: int) -> SessionRow | None:
        row = self._raw(f"SELECT {self._SESSION_COLS} FROM till_sessions WHERE till = ? AND state = 'open'"
                        " ORDER BY id DESC LIMIT 1", (till,)).fetchone()
        return SessionRow(*row) if row else None

    def max_ticket_id(self) -> int:
        return int(self._raw("SELECT COALESCE(MAX(id), 0) FROM tickets", ()).fetchone()[0])

    def last_closed_session(self, till: int) -> SessionRow | None:
        row = self._raw(f"SELECT {self._SESSION_COLS} FROM till_sessions WHERE till = ? AND state = 'closed'"
                        " ORDER BY id DESC LIMIT 1", (till,)).fetchone()
        return SessionRow(*row) if row else None

    def add_session(self, till: int, opened_at: str, opened_by: int, float_cents: int) -> SessionRow:
        after = self.max_ticket_id()
        cursor = self._raw("INSERT INTO till_sessions (till, state, opened_at, opened_by, float_cents, after_ticket_id)"
                           " VALUES (?, 'open', ?, ?, ?, ?)", (till, opened_at, opened_by, float_cents, after))
        return SessionRow(cursor.lastrowid, till, "open", opened_at, opened_by, float_cents, after, None, None, None,
                          None)

    def close_session(self, session_id: int, values: Mapping[str, Any]) -> None:
        self._update("till_sessions", session_id, values)

    def add_movement(self, session_id: int, kind: str, amount_cents: int, reason: str, operator_id: int,
                     timestamp: str, journal_seq: int) -> None:
        self._raw("INSERT INTO cash_movements (session_id, kind, amount_cents, reason, operator_id, timestamp,"
                  " journal_seq) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  (session_id, kind, amount_cents, reason, operator_id, timestamp, journal_seq))

    def movements(self, session_id: int) -> list[MovementRow]:
        rows = self._raw("SELECT id, session_id, kind, amount_cents, reason, operator_id, timestamp FROM cash_movements"
                         " WHERE session_id = ? ORDER BY id", (session_id,)).fetchall()
        return [MovementRow(*r) for r in rows]

    def session_tickets(self, till: int, after_id: int, last_id: int | None) -> Iterator[tuple[str, str]]:
        sql = ("SELECT j.payload, j.hash FROM tickets t JOIN journal j ON j.chain = 'tickets' AND j.seq = t.journal_seq"
               " WHERE t.till = ? AND t.id > ?")
        params: tuple[Any, ...] = (till, after_id)
        if last_id is not None:
            sql += " AND t.id <= ?"
            params += (last_id,)
        for payload, digest in self._raw(sql + " ORDER BY t.id", params):
            yield payload, bytes(digest).hex()

    def day_tickets(self, till: int, business_date: str) -> Iterator[tuple[str, str]]:
        cursor = self._raw("SELECT j.payload, j.hash FROM tickets t JOIN journal j ON j.chain = 'tickets'"
                           " AND j.seq = t.journal_seq WHERE t.business_date = ? AND t.till = ? ORDER BY t.id",
                           (business_date, till))
        for payload, digest in cursor:
            yield payload, bytes(digest).hex()

    def unclosed_dates(self, till: int, before: str) -> list[str]:
        last = self._raw("SELECT MAX(period) FROM closings WHERE till = ? AND kind = 'day'", (till,)).fetchone()[0]
        rows = self._raw("SELECT DISTINCT business_date FROM tickets WHERE till = ? AND business_date < ?"
                         " AND business_date > ? ORDER BY business_date", (till, before, last or "")).fetchall()
        return [r[0] for r in rows]

    _CLOSING_COLS = ("id, till, kind, period, journal_seq, total_cents, perpetual_cents, perpetual_abs_cents,"
                     " events_seq")

    def closing(self, till: int, kind: str, period: str) -> ClosingRow | None:
        row = self._raw(f"SELECT {self._CLOSING_COLS} FROM closings WHERE till = ? AND kind = ? AND period = ?",
                        (till, kind, period)).fetchone()
        return ClosingRow(*row) if row else None

    def last_closing(self, till: int, kind: str) -> ClosingRow | None:
        row = self._raw(f"SELECT {self._CLOSING_COLS} FROM closings WHERE till = ? AND kind = ? ORDER BY period DESC"
                        " LIMIT 1", (till, kind)).fetchone()
        return ClosingRow(*row) if row else None

    def closings_like(self, till: int, kind: str, prefix: str) -> list[ClosingRow]:
        rows = self._raw(f"SELECT {self._CLOSING_COLS} FROM closings WHERE till = ? AND kind = ? AND period LIKE ?"
                         " ORDER BY period", (till, kind, prefix + "%")).fetchall()
        return [ClosingRow(*r) for r in rows]

    def closings_between(self, till: int, kind: str, start: str, end: str) -> list[ClosingRow]:
        rows = self._raw(f"SELECT {self._CLOSING_COLS} FROM closings WHERE till = ? AND kind = ? AND period >= ?"
                         " AND period <= ? ORDER BY period", (till, kind, start, end)).fetchall()
        return [ClosingRow(*r) for r in rows]

    def add_closing(self, row: ClosingRow) -> None:
        self._raw("INSERT INTO closings (till, kind, period, journal_seq, total_cents, perpetual_cents,"
                  " perpetual_abs_cents, events_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  (row.till, row.kind, row.period, row.journal_seq, row.total_cents, row.perpetual_cents,
                   row.perpetual_abs_cents, row.events_seq))

    # producers on consignment ---------------------------------------------------------------------------
    _PRODUCER_COLS = ("id, name, address, siret, vat_status, mode, commission_bp, commission_includes_vat,"
                      " payment_days, losses_borne_by, contact, active, vat_number")

    @staticmethod
    def _producer(row: Any) -> ProducerRow:
        return ProducerRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]), row[8], row[9],
                           row[10], bool(row[11]), row[12])

    def producers(self) -> list[ProducerRow]:
        rows = self._raw(f"SELECT {self._PRODUCER_COLS} FROM producers ORDER BY name", ()).fetchall()
        return [self._producer(r) for r in rows]

    def producer(self, producer_id: int) -> ProducerRow | None:
        row = self._raw(f"SELECT {self._PRODUCER_COLS} FROM producers WHERE id = ?", (producer_id,)).fetchone()
        return self._producer(row) if row else None

    def producer_by_name(self, name: str) -> ProducerRow | None:
        row = self._raw(f"SELECT {self._PRODUCER_COLS} FROM producers WHERE lower(name) = lower(?)",
                        (name.strip(),)).fetchone()
        return self._producer(row) if row else None

    def add_producer(self, values: Mapping[str, Any]) -> int:
        return self._insert("producers", values)

    def producer_products(self, producer_id: int) -> list[ProductRow]:
        rows = self._raw(_PRODUCTS + " WHERE p.producer_id = ? ORDER BY p.label", (producer_id,))
        return [_product(r) for r in rows]

    def next_deposit_number(self) -> int:
        return int(self._raw("SELECT COALESCE(MAX(number), 0) + 1 FROM deposits", ()).fetchone()[0])

    def add_deposit(self, number: int, producer_id: int, business_date: str, journal_seq: int) -> int:
        return int(self._raw("INSERT INTO deposits (number, producer_id, business_date, journal_seq)"
                             " VALUES (?, ?, ?, ?)", (number, producer_id, business_date, journal_seq)).lastrowid)

    def add_lot(self, product_id: int, deposit_id: int, code: str, dlc: str | None, dlc_kind: str, qty: int) -> int:
        return int(self._raw("INSERT INTO lots (product_id, deposit_id, code, dlc, dlc_kind, qty_deposited, qty_left)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?)", (product_id, deposit_id, code, dlc, dlc_kind, qty,
                                                               qty)).lastrowid)

    def lots_of(self, product_id: int) -> list[tuple[int, str, str | None, str, int]]:
        return [tuple(r) for r in self._raw("SELECT id, code, dlc, dlc_kind, qty_left FROM lots WHERE product_id = ?"
                                            " ORDER BY id", (product_id,)).fetchall()]

    def take_from_lot(self, lot_id: int, qty: int) -> None:
        self._raw("UPDATE lots SET qty_left = qty_left - ? WHERE id = ?", (qty, lot_id))

    def add_stock_move(self, lot_id: int, kind: str, qty: int, amount_cents: int, till: int | None,
                       ticket_number: int | None, reason: str | None, borne_by: str | None, timestamp: str,
                       business_date: str) -> None:
        self._raw("INSERT INTO stock_moves (lot_id, kind, qty, amount_cents, till, ticket_number, reason, borne_by,"
                  " timestamp, business_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  (lot_id, kind, qty, amount_cents, till, ticket_number, reason, borne_by, timestamp, business_date))

    _MOVES = ("SELECT m.lot_id, l.code, l.dlc, p.id, p.label, m.kind, m.qty, m.amount_cents, m.till, m.ticket_number,"
              " m.reason, m.borne_by, m.timestamp, m.business_date, p.by_weight, c.name FROM stock_moves m"
              " JOIN lots l ON l.id = m.lot_id JOIN products p ON p.id = l.product_id"
              " LEFT JOIN categories c ON c.id = p.category_id")

    def producer_moves(self, producer_id: int, until: str) -> list[MoveRow]:
        rows = self._raw(self._MOVES + " WHERE p.producer_id = ? AND m.business_date <= ? ORDER BY m.id",
                         (producer_id, until)).fetchall()
        return [_move(r) for r in rows]

    def lot_moves(self, code: str) -> list[MoveRow]:
        return [_move(r) for r in self._raw(self._MOVES + " WHERE l.code = ? ORDER BY m.id", (code,)).fetchall()]

    def producer_rates(self, producer_id: int) -> dict[str, int]:
        rows = self._raw("SELECT c.name, r.commission_bp FROM producer_rates r"
                         " JOIN categories c ON c.id = r.category_id WHERE r.producer_id = ? ORDER BY c.name",
                         (producer_id,))
        return dict(rows.fetchall())

    def set_producer_rate(self, producer_id: int, category_id: int, commission_bp: int | None) -> None:
        if commission_bp is None:
            self._raw("DELETE FROM producer_rates WHERE producer_id = ? AND category_id = ?",
                      (producer_id, category_id))
        else:
            self._raw("INSERT INTO producer_rates (producer_id, category_id, commission_bp) VALUES (?, ?, ?)"
                      " ON CONFLICT (producer_id, category_id) DO UPDATE SET commission_bp = excluded.commission_bp",
                      (producer_id, category_id, commission_bp))

    def next_statement_number(self) -> int:
        return int(self._raw("SELECT COALESCE(MAX(number), 0) + 1 FROM statements", ()).fetchone()[0])

    def statements_of(self, producer_id: int, period: str | None = None) -> list[tuple[int, str, int | None, int, int]]:
        sql = "SELECT number, period, corrects, net_due_cents, journal_seq FROM statements WHERE producer_id = ?"
        params: tuple[Any, ...] = (producer_id,)
        if period is not None:
            sql += " AND period = ?"
            params += (period,)
        return [tuple(r) for r in self._raw(sql + " ORDER BY number", params).fetchall()]

    def add_statement(self, number: int, producer_id: int, period: str, corrects: int | None, net_due_cents: int,
                      journal_seq: int, created: str) -> None:
        self._raw("INSERT INTO statements (number, producer_id, period, corrects, net_due_cents, journal_seq, created)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?)", (number, producer_id, period, corrects, net_due_cents, journal_seq,
                                                    created))

    def add_producer_payment(self, producer_id: int, amount_cents: int, method: str, advance: bool, timestamp: str,
                             journal_seq: int) -> None:
        self._raw("INSERT INTO producer_payments (producer_id, amount_cents, method, advance, timestamp, journal_seq)"
                  " VALUES (?, ?, ?, ?, ?, ?)", (producer_id, amount_cents, method, advance, timestamp, journal_seq))

    def producer_paid(self, producer_id: int) -> int:
        return int(self._raw("SELECT COALESCE(SUM(amount_cents), 0) FROM producer_payments WHERE producer_id = ?",
                             (producer_id,)).fetchone()[0])

    # receipts waiting for the printer ---------------------------------------------------------------------
    def print_jobs(self) -> list[PrintJobRow]:
        rows = self._raw("SELECT id, till, number, duplicate_no, created, attempts, last_error FROM print_queue"
                         " ORDER BY id", ()).fetchall()
        return [PrintJobRow(*r) for r in rows]

    def add_print_job(self, till: int, number: int, duplicate_no: int | None, created: str, error: str) -> None:
        self._raw("INSERT INTO print_queue (till, number, duplicate_no, created, attempts, last_error)"
                  " VALUES (?, ?, ?, ?, 1, ?)", (till, number, duplicate_no, created, error))

    def print_job_failed(self, job_id: int, error: str) -> None:
        self._raw("UPDATE print_queue SET attempts = attempts + 1, last_error = ? WHERE id = ?", (error, job_id))

    def delete_print_job(self, job_id: int) -> None:
        self._raw("DELETE FROM print_queue WHERE id = ?", (job_id,))

    # journal --------------------------------------------------------------------------------------------
    def head(self, chain: str) -> Head:
        row = self._raw("SELECT seq, hash FROM journal WHERE chain = ? ORDER BY seq DESC LIMIT 1", (chain,)).fetchone()
        if row is None:
            return Head(chain, 0, GENESIS)
        return Head(chain, row[0], bytes(row[1]).hex())

    def add_record(self, record: Record, key_id: int) -> None:
        self._raw(
            "INSERT INTO journal (chain, seq, payload, hash, signature, key_id) VALUES (?, ?, ?, ?, ?, ?)",
            (record.chain, record.seq, record.payload_text, bytes.fromhex(record.hash), unb64url(record.signature),
             key_id))

    def record(self, chain: str, seq: int) -> StoredRecord | None:
        rows = list(self._records(chain, seq, seq))
        return rows[0] if rows else None

    def iter_records(self, chain: str, from_seq: int = 1) -> Iterator[StoredRecord]:
        return self._records(chain, from_seq, None)

    def _records(self, chain: str, from_seq: int, to_seq: int | None) -> Iterator[StoredRecord]:
        """Streams records; prev_hash is not stored but taken from the record before (it is what was hashed)."""
        prev = GENESIS
        if from_seq > 1:
            before = self._raw("SELECT hash FROM journal WHERE chain = ? AND seq = ?", (chain, from_seq - 1)).fetchone()
            prev = bytes(before[0]).hex() if before is not None else "?" * 64
        sql = "SELECT seq, payload, hash, signature, key_id FROM journal WHERE chain = ? AND seq >= ?"
        params: tuple[Any, ...] = (chain, from_seq)
        if to_seq is not None:
            sql += " AND seq <= ?"
            params += (to_seq,)
        cursor = self._raw(sql + " ORDER BY seq", params)
        for seq, payload, digest, signature, key_id in cursor:
            digest_hex = bytes(digest).hex()
            yield StoredRecord(Record(chain, seq, payload, prev, digest_hex, b64url(bytes(signature))), key_id)
            prev = digest_hex

    def scan(self, chain: str) -> Iterator[tuple[int, str, bytes, bytes, int]]:
        return iter(self._raw("SELECT seq, payload, hash, signature, key_id FROM journal WHERE chain = ? ORDER BY seq",
                              (chain,)))

    def scan_tickets(self) -> Iterator[tuple[int, int, str, int | None, str, int, int]]:
        return iter(self._raw("SELECT till, number, type, cancels, business_date, total_cents, journal_seq FROM tickets"
                              " ORDER BY journal_seq", ()))

    def chains(self) -> list[str]:
        # A skip-scan over the (chain, seq) index: one probe per chain, however long the journal.
        rows = self._raw("WITH RECURSIVE c(name) AS (SELECT MIN(chain) FROM journal UNION ALL "
                         "SELECT (SELECT MIN(chain) FROM journal WHERE chain > c.name) FROM c WHERE c.name IS NOT NULL)"
                         " SELECT name FROM c WHERE name IS NOT NULL", ()).fetchall()
        return [r[0] for r in rows]

    def public_keys(self) -> dict[int, str]:
        return dict(self._raw("SELECT id, pem FROM public_keys", ()).fetchall())

    def add_public_key(self, fingerprint: str, pem: str, created: str) -> int:
        existing = self._raw("SELECT id FROM public_keys WHERE fingerprint = ?", (fingerprint,)).fetchone()
        if existing is not None:
            return int(existing[0])
        return int(self._raw("INSERT INTO public_keys (fingerprint, pem, created) VALUES (?, ?, ?)",
                             (fingerprint, pem, created)).lastrowid)
