"""The services' `Store` port over one SQLAlchemy connection inside a transaction."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.engine import Connection, Row

from cafepos.adapters.db import schema as t
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

_PRODUCT_COLS = (t.products.c.id, t.products.c.label, t.categories.c.name, t.products.c.price_cents,
                 t.products.c.vat_on_site_bp, t.products.c.vat_take_away_bp, t.products.c.barcode,
                 t.products.c.colour, t.products.c.active, t.products.c.alcohol, t.products.c.voucher_ok,
                 t.products.c.producer_id)
_PRODUCTS = select(*_PRODUCT_COLS).select_from(t.products.outerjoin(t.categories))


_PRODUCT_BY_ID = (
    "SELECT p.id, p.label, c.name, p.price_cents, p.vat_on_site_bp, p.vat_take_away_bp, p.barcode, p.colour,"
    " p.active, p.alcohol, p.voucher_ok, p.producer_id"
    " FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.id = ?")


def _product(row: Any) -> ProductRow:
    return ProductRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], bool(row[8]), bool(row[9]),
                      bool(row[10]), row[11])


def _operator(row: Row[Any]) -> OperatorRow:
    return OperatorRow(row.id, row.name, row.role, row.pin_hash, bool(row.active), row.failed_count,
                       row.locked_until)


def _tab(row: Any) -> TabRow:
    return TabRow(row.id, row.name, row.operator_id, json.loads(row.state), row.created, row.updated)


def _ticket(row: Row[Any]) -> TicketRow:
    return TicketRow(row.id, row.till, row.number, row.type, row.cancels, row.business_date, row.timestamp,
                     row.operator_id, row.total_cents, row.journal_seq)


class SqlStore:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # settings -------------------------------------------------------------------------------------------
    def settings(self) -> dict[str, str]:
        return dict(self._raw("SELECT key, value FROM settings", ()).fetchall())

    def set_setting(self, key: str, value: str) -> None:
        self.conn.exec_driver_sql(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value))

    # catalogue ------------------------------------------------------------------------------------------
    def categories(self) -> list[CategoryRow]:
        rows = self.conn.execute(select(t.categories).order_by(t.categories.c.position, t.categories.c.id))
        return [CategoryRow(r.id, r.name, r.colour, r.position) for r in rows]

    def category_id(self, name: str, create: bool) -> int | None:
        found = self.conn.execute(select(t.categories.c.id).where(t.categories.c.name == name)).scalar()
        if found is not None or not create:
            return found
        position = self.conn.execute(select(func.coalesce(func.max(t.categories.c.position), 0))).scalar_one()
        return int(self.conn.execute(insert(t.categories).values(name=name, position=position + 1)).lastrowid)

    def products(self, active_only: bool) -> list[ProductRow]:
        query = _PRODUCTS.order_by(t.categories.c.position, t.products.c.position, t.products.c.id)
        if active_only:
            query = query.where(t.products.c.active.is_(True))
        return [_product(r) for r in self.conn.execute(query)]

    def product(self, product_id: int) -> ProductRow | None:
        row = self._raw(_PRODUCT_BY_ID, (product_id,)).fetchone()  # on every sale line: the raw path
        return _product(row) if row else None

    def find_products(self, ref: str) -> list[ProductRow]:
        conds = [t.products.c.barcode == ref, t.products.c.label == ref]
        if ref.isdigit():
            conds.append(t.products.c.id == int(ref))
        rows = self.conn.execute(_PRODUCTS.where(or_(*conds)))
        found = [_product(r) for r in rows]
        # An exact id wins over a barcode or label that happens to be the same digits.
        if ref.isdigit():
            by_id = [p for p in found if p.id == int(ref)]
            by_code = [p for p in found if p.barcode == ref]
            return by_code or by_id or found
        return found

    def add_product(self, values: Mapping[str, Any]) -> int:
        return int(self.conn.execute(insert(t.products).values(**values)).lastrowid)

    def update_product(self, product_id: int, values: Mapping[str, Any]) -> None:
        self.conn.execute(update(t.products).where(t.products.c.id == product_id).values(**values))

    # operators ------------------------------------------------------------------------------------------
    def operators(self) -> list[OperatorRow]:
        return [_operator(r) for r in self.conn.execute(select(t.operators).order_by(t.operators.c.id))]

    def operator_by_name(self, name: str) -> OperatorRow | None:
        row = self.conn.execute(select(t.operators).where(func.lower(t.operators.c.name) == name.lower())).first()
        return _operator(row) if row else None

    def operator(self, operator_id: int) -> OperatorRow | None:
        row = self.conn.execute(select(t.operators).where(t.operators.c.id == operator_id)).first()
        return _operator(row) if row else None

    def add_operator(self, name: str, role: str, pin_hash: str) -> int:
        return int(self.conn.execute(insert(t.operators).values(name=name, role=role, pin_hash=pin_hash)).lastrowid)

    def update_operator(self, operator_id: int, values: Mapping[str, Any]) -> None:
        self.conn.execute(update(t.operators).where(t.operators.c.id == operator_id).values(**values))

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
        query = select(t.tickets).where(t.tickets.c.till == till, t.tickets.c.number == number)
        row = self.conn.execute(query).first()
        return _ticket(row) if row else None

    def cancellation_of(self, till: int, number: int) -> TicketRow | None:
        query = select(t.tickets).where(t.tickets.c.till == till, t.tickets.c.cancels == number)
        row = self.conn.execute(query).first()
        return _ticket(row) if row else None

    def tickets(self, *, till: int | None = None, date_from: str | None = None, date_to: str | None = None,
                total_cents: int | None = None, limit: int = 200) -> list[TicketRow]:
        query = select(t.tickets).order_by(t.tickets.c.id.desc()).limit(limit)
        if till is not None:
            query = query.where(t.tickets.c.till == till)
        if date_from:
            query = query.where(t.tickets.c.business_date >= date_from)
        if date_to:
            query = query.where(t.tickets.c.business_date <= date_to)
        if total_cents is not None:
            query = query.where(t.tickets.c.total_cents == total_cents)
        return [_ticket(r) for r in self.conn.execute(query)]

    def iter_tickets(self) -> Iterator[TicketRow]:
        cursor = self._raw(
            "SELECT id, till, number, type, cancels, business_date, timestamp, operator_id, total_cents, journal_seq"
            " FROM tickets ORDER BY journal_seq", ())
        for r in cursor:
            yield TicketRow(*r)

    def _raw(self, sql: str, params: tuple[Any, ...]) -> Any:
        """A plain DB-API cursor inside the current transaction, for long scans where row wrappers cost most."""
        dbapi = self.conn.connection.dbapi_connection
        assert dbapi is not None
        cursor = dbapi.cursor()
        cursor.arraysize = 500
        return cursor.execute(sql, params)

    def duplicate_count(self, till: int, number: int) -> int:
        return int(self.conn.exec_driver_sql(
            "SELECT COUNT(*) FROM duplicates WHERE till = ? AND number = ?", (till, number)).scalar_one())

    def add_duplicate(self, till: int, number: int, duplicate_no: int, journal_seq: int) -> None:
        self.conn.execute(insert(t.duplicates).values(till=till, number=number, duplicate_no=duplicate_no,
                                                      journal_seq=journal_seq))

    # open tabs ------------------------------------------------------------------------------------------
    def tabs(self) -> list[TabRow]:
        return [_tab(r) for r in self.conn.execute(select(t.tabs).order_by(t.tabs.c.created))]

    def tab(self, tab_id: int) -> TabRow | None:
        row = self.conn.execute(select(t.tabs).where(t.tabs.c.id == tab_id)).first()
        return _tab(row) if row else None

    def add_tab(self, name: str, operator_id: int, state: dict[str, Any], now: str) -> int:
        values = {"name": name, "operator_id": operator_id, "state": json.dumps(state), "created": now, "updated": now}
        return int(self.conn.execute(insert(t.tabs).values(**values)).lastrowid)

    def update_tab(self, tab_id: int, state: dict[str, Any], now: str) -> None:
        self.conn.execute(update(t.tabs).where(t.tabs.c.id == tab_id).values(state=json.dumps(state), updated=now))

    def delete_tab(self, tab_id: int) -> None:
        self.conn.execute(t.tabs.delete().where(t.tabs.c.id == tab_id))

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
        self.conn.execute(update(t.till_sessions).where(t.till_sessions.c.id == session_id).values(**values))

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
                      " payment_days, losses_borne_by, contact, active")

    @staticmethod
    def _producer(row: Any) -> ProducerRow:
        return ProducerRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]), row[8], row[9],
                           row[10], bool(row[11]))

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
        return int(self.conn.execute(insert(t.producers).values(**values)).lastrowid)

    def producer_products(self, producer_id: int) -> list[ProductRow]:
        return [_product(r) for r in self.conn.execute(_PRODUCTS.where(t.products.c.producer_id == producer_id)
                                                       .order_by(t.products.c.label))]

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
              " m.reason, m.borne_by, m.timestamp, m.business_date FROM stock_moves m JOIN lots l ON l.id = m.lot_id"
              " JOIN products p ON p.id = l.product_id")

    def producer_moves(self, producer_id: int, until: str) -> list[MoveRow]:
        rows = self._raw(self._MOVES + " WHERE p.producer_id = ? AND m.business_date <= ? ORDER BY m.id",
                         (producer_id, until)).fetchall()
        return [MoveRow(*r) for r in rows]

    def lot_moves(self, code: str) -> list[MoveRow]:
        return [MoveRow(*r) for r in self._raw(self._MOVES + " WHERE l.code = ? ORDER BY m.id", (code,)).fetchall()]

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
            before = self.conn.exec_driver_sql(
                "SELECT hash FROM journal WHERE chain = ? AND seq = ?", (chain, from_seq - 1)).scalar()
            prev = bytes(before).hex() if before is not None else "?" * 64
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
        return {r.id: r.pem for r in self.conn.execute(select(t.public_keys.c.id, t.public_keys.c.pem))}

    def add_public_key(self, fingerprint: str, pem: str, created: str) -> int:
        existing = self.conn.execute(
            select(t.public_keys.c.id).where(t.public_keys.c.fingerprint == fingerprint)).scalar()
        if existing is not None:
            return int(existing)
        return int(self.conn.execute(
            insert(t.public_keys).values(fingerprint=fingerprint, pem=pem, created=created)).lastrowid)
