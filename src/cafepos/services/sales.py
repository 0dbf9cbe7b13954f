"""Ringing up, cancelling and reprinting tickets: each is one transaction and one signed record."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from cafepos import __version__
from cafepos.domain.calendar import business_date, iso_second
from cafepos.domain.consignment import ContractMode, take_from_lots
from cafepos.domain.errors import N_, BadInput, NotFound, Refused
from cafepos.domain.journal import Chain, Record
from cafepos.domain.operators import Operator, Right
from cafepos.domain.ticket import (
    MAX_QTY,
    Header,
    Line,
    Payment,
    SaleMode,
    TicketType,
    cancellation_payload,
    sale_payload,
    settle,
    ticket_label,
)
from cafepos.services.catalog import vat_for
from cafepos.services.journal import Journal, Tx
from cafepos.services.ports import TicketRow
from cafepos.services.settings import Settings
from cafepos.services.till import check_day_for_sale, open_session


@dataclass(frozen=True)
class BasketItem:
    """What the counter asks for: a product, how many, and an optional discount with its reason; goods sold by
    weight also say how many grams the scale showed."""

    product_id: int
    qty: int = 1
    discount_cents: int = 0
    discount_reason: str | None = None
    weight_g: int | None = None


@dataclass(frozen=True)
class SignedTicket:
    """A ticket as signed: its payload is the whole truth; the record proves it."""

    payload: dict[str, Any]
    record: Record
    unclosed_days: tuple[str, ...] = ()  # earlier business days still open: the manager should close them

    @property
    def number(self) -> int:
        return int(self.payload["number"])

    @property
    def label(self) -> str:
        return ticket_label(int(self.payload["till"]), self.number)


@dataclass(frozen=True)
class Duplicate:
    ticket: SignedTicket
    duplicate_no: int
    timestamp: str
    operator: str


@dataclass
class SalesService:
    journal: Journal

    def ring_up(self, operator: Operator, items: Sequence[BasketItem], mode: SaleMode,
                payments: Sequence[Payment], training: bool = False,
                approved_by: Operator | None = None) -> SignedTicket:
        """Records a paid ticket. A discount needs the right to give it: the operator's own, or a manager who
        approved it at the counter (`approved_by`, logged as a manager override)."""
        operator.require(Right.SELL)
        if not items:
            raise BadInput(N_("The ticket is empty: add at least one product."))
        discounted = [item for item in items if item.discount_cents]
        override = discounted and not operator.may(Right.DISCOUNT)
        if discounted:
            (approved_by if override and approved_by is not None else operator).require(Right.DISCOUNT)
        now = self.journal.clock.now()
        with self.journal.unit() as tx:
            settings = Settings.from_rows(tx.store.settings())
            unclosed = check_day_for_sale(tx, settings, now, settings.close_grace_hours)
            today = business_date(now, settings.cutoff_hour)
            taken: dict[int, int] = {}  # lot id -> quantity already taken by earlier lines of this ticket
            lines = [self._line(tx, item, mode, today, taken) for item in items]
            settlement = settle(lines, payments, settings.payment_rules)
            if tx.store.open_session(settings.till) is None:
                # The window asks for the float before it gets here; a script takes over the kept float.
                open_session(self.journal, tx, operator, settings, None, auto=True)
            header = self._header(tx, settings, operator, mode, training, now)
            payload = sale_payload(header, lines, settlement)
            record = self._record_ticket(tx, operator, payload)
            self._move_stock(tx, payload, "sale")
            if override and approved_by is not None:
                self.journal.event(tx, "manager_override", approved_by.name, settings.till, right="discount",
                                   cashier=operator.name, ticket=payload["number"],
                                   discounts=[{"product_ref": str(i.product_id), "discount_cents": i.discount_cents,
                                               "reason": i.discount_reason} for i in discounted])
        return SignedTicket(payload, record, tuple(unclosed))

    def cancel(self, operator: Operator, number: int, reason: str) -> SignedTicket:
        """A correction is a cancelling ticket with negative amounts; at most one per ticket, managers only."""
        operator.require(Right.CANCEL_TICKET)
        now = self.journal.clock.now()
        with self.journal.unit() as tx:
            settings = Settings.from_rows(tx.store.settings())
            original = self._payload(tx, settings.till, number)
            if tx.store.cancellation_of(settings.till, number):
                raise Refused(N_("Ticket {ticket} has already been cancelled."),
                              ticket=ticket_label(settings.till, number))
            check_day_for_sale(tx, settings, now, settings.close_grace_hours)
            if tx.store.open_session(settings.till) is None:
                open_session(self.journal, tx, operator, settings, None, auto=True)
            header = self._header(tx, settings, operator, SaleMode(original["sale_mode"]), False, now)
            payload = cancellation_payload(header, original, reason)
            record = self._record_ticket(tx, operator, payload)
            self._move_stock(tx, payload, "cancel")
        return SignedTicket(payload, record)

    def ticket(self, number: int, till: int | None = None) -> SignedTicket:
        with self.journal.ledger.read() as store:
            till = till or Settings.from_rows(store.settings()).till
            row = store.ticket(till, number)
            if row is None:
                raise NotFound(N_("There is no ticket number {number}."), number=number)
            stored = store.record(Chain.TICKETS, row.journal_seq)
        assert stored is not None
        return SignedTicket(json.loads(stored.record.payload_text), stored.record)

    def is_cancelled(self, number: int) -> bool:
        with self.journal.ledger.read() as store:
            till = Settings.from_rows(store.settings()).till
            return store.cancellation_of(till, number) is not None

    def find(self, date_from: str | None = None, date_to: str | None = None, total_cents: int | None = None,
             limit: int = 200) -> list[TicketRow]:
        with self.journal.ledger.read() as store:
            return store.tickets(date_from=date_from, date_to=date_to, total_cents=total_cents, limit=limit)

    def reprint(self, operator: Operator, number: int) -> Duplicate:
        """A reprint is "DUPLICATA n°k", a signed record in the `duplicates` chain with operator and time."""
        operator.require(Right.REPRINT)
        original = self.ticket(number)
        now = iso_second(self.journal.clock.now())
        with self.journal.unit() as tx:
            settings = Settings.from_rows(tx.store.settings())
            k = tx.store.duplicate_count(settings.till, number) + 1
            payload = {"ticket": number, "till": settings.till, "duplicate_no": k, "timestamp": now,
                       "operator": operator.name, "ticket_hash": original.record.hash,
                       "software_version": __version__}
            record = self.journal.append(tx, Chain.DUPLICATES, payload)
            tx.store.add_duplicate(settings.till, number, k, record.seq)
        return Duplicate(original, k, now, operator.name)

    def void(self, operator: Operator, what: str, lines: Sequence[dict[str, Any]]) -> None:
        """Removing a line or dropping an unpaid basket is not a ticket, but it is logged (domain.md §2)."""
        with self.journal.unit() as tx:
            till = Settings.from_rows(tx.store.settings()).till
            self.journal.event(tx, "void", operator.name, till, scope=what, lines=list(lines))

    def open_drawer(self, operator: Operator, reason: str = "") -> None:
        operator.require(Right.OPEN_DRAWER)
        with self.journal.unit() as tx:
            till = Settings.from_rows(tx.store.settings()).till
            self.journal.event(tx, "drawer_opened", operator.name, till, reason=reason)

    # -- inside a transaction ---------------------------------------------------------------------------
    @staticmethod
    def _line(tx: Tx, item: BasketItem, mode: SaleMode, today: date, taken_before: dict[int, int]) -> Line:
        product = tx.store.product(item.product_id)
        if product is None or not product.active:
            raise NotFound(N_("Unknown product “{ref}”: give its number, barcode or exact label."),
                           ref=str(item.product_id))
        if not 1 <= item.qty <= MAX_QTY:
            raise BadInput(N_("Quantity {qty} for “{label}” is not possible: type a whole number from 1 to 999."),
                           qty=item.qty, label=product.label)
        if product.by_weight and item.weight_g is None:
            raise BadInput(N_("“{label}” is sold by weight: weigh it and give the weight in grams."),
                           label=product.label)
        if not product.by_weight and item.weight_g is not None:
            raise BadInput(N_("“{label}” is sold by the unit, not by weight."), label=product.label)
        line = Line(str(product.id), product.label, item.qty, product.price_cents, vat_for(product, mode),
                    item.discount_cents, item.discount_reason, product.voucher_ok, product.alcohol,
                    weight_g=item.weight_g)
        line.check()
        if product.producer_id is None:
            return line
        from cafepos.services.consignment import stock_of  # set up at the first producer's sale, not at start-up

        producer = tx.store.producer(product.producer_id)
        assert producer is not None
        amount = item.qty * (item.weight_g or 1)  # what leaves the lots: pieces, or grams
        lots = [replace(lot, qty_left=lot.qty_left - taken_before.get(lot.lot_id, 0))
                for lot in stock_of(tx.store, product.id)]
        taken = take_from_lots(lots, amount, today, product.label, product.by_weight)
        for lot, qty in taken:
            taken_before[lot.lot_id] = taken_before.get(lot.lot_id, 0) + qty
        return replace(line, label=f"{product.label} ({producer.name})", party=f"producer:{producer.id}",
                       party_name=producer.name, agent=producer.mode == ContractMode.AGENT,
                       lots=tuple((lot.code, qty) for lot, qty in taken))

    @staticmethod
    def _move_stock(tx: Tx, payload: dict[str, Any], kind: str) -> None:
        """Takes sold goods out of their lots (or puts cancelled ones back), with the amount each lot earned."""
        for line in payload["lines"]:
            if not line.get("lots"):
                continue
            lots = {code: lot_id for lot_id, code, *_ in tx.store.lots_of(int(line["product_ref"]))}
            total_qty = sum(x["qty"] for x in line["lots"])
            done_qty = done_amount = 0
            for x in line["lots"]:
                done_qty += x["qty"]
                amount = line["amount_cents"] * done_qty // total_qty - done_amount  # exact split, last gets the rest
                done_amount += amount
                tx.store.take_from_lot(lots[x["lot"]], x["qty"])
                tx.store.add_stock_move(lots[x["lot"]], kind, -x["qty"], amount, payload["till"], payload["number"],
                                        None, None, payload["timestamp"], payload["business_date"])

    def _header(self, tx: Tx, settings: Settings, operator: Operator, mode: SaleMode, training: bool,
                now: Any) -> Header:
        number = tx.store.last_ticket_number(settings.till) + 1  # gap-free: taken inside the write lock
        return Header(number=number, business_date=business_date(now, settings.cutoff_hour).isoformat(),
                      timestamp=iso_second(now), till=settings.till, operator=operator.name, sale_mode=mode,
                      siret=settings.siret, software_version=__version__, training=training,
                      cafe=settings.cafe_identity)

    def _record_ticket(self, tx: Tx, operator: Operator, payload: dict[str, Any]) -> Record:
        record = self.journal.append(tx, Chain.TICKETS, payload)
        tx.store.add_ticket(TicketRow(
            id=0, till=payload["till"], number=payload["number"], type=payload["type"],
            cancels=payload["cancels"], business_date=payload["business_date"], timestamp=payload["timestamp"],
            operator_id=operator.id, total_cents=payload["total_cents"], journal_seq=record.seq))
        return record

    @staticmethod
    def _payload(tx: Tx, till: int, number: int) -> dict[str, Any]:
        row = tx.store.ticket(till, number)
        if row is None:
            raise NotFound(N_("There is no ticket number {number}."), number=number)
        if row.type != TicketType.SALE:
            raise Refused(N_("A cancellation cannot itself be cancelled."))
        stored = tx.store.record(Chain.TICKETS, row.journal_seq)
        assert stored is not None
        payload: dict[str, Any] = json.loads(stored.record.payload_text)
        return payload
