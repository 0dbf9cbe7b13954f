"""Statements (relevés de dépôt-vente), commission invoices and payouts to producers.

A statement is computed from the lots' stock movements; issuing it freezes it as a signed record. A mistake is
corrected by a new statement that refers to the one it replaces.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from cafepos.domain.calendar import iso_second
from cafepos.domain.consignment import Commission, commission
from cafepos.domain.errors import N_, BadInput, Refused
from cafepos.domain.journal import Chain
from cafepos.domain.money import cents_to_text
from cafepos.domain.operators import Operator, Right
from cafepos.domain.ticket import weighed_cents
from cafepos.services.consignment import _producer
from cafepos.services.journal import Journal
from cafepos.services.ports import MoveRow, ProducerRow, Store
from cafepos.services.settings import Settings
from cafepos.services.till import record_movement

PAYOUT_METHODS = ("transfer", "cheque", "cash")


def month_bounds(month: str) -> tuple[date, date]:
    try:
        first = date.fromisoformat(month + "-01")
    except ValueError:
        raise BadInput(N_("“{text}” is not a month: write YYYY-MM."), text=month) from None
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def commission_by_rate(gross_by_rate: dict[int, int], includes_vat: bool) -> tuple[Commission, list[dict[str, int]]]:
    """The commission when some categories of goods have their own rate: each rate's share is computed and rounded
    on its own gross sales (as the contract reads), then the shares are added up."""
    parts = []
    for rate_bp, gross in sorted(gross_by_rate.items()):
        c = commission(gross, rate_bp, includes_vat)
        parts.append({"rate_bp": rate_bp, "gross_cents": gross, "commission_ht_cents": c.ht_cents,
                      "commission_vat_cents": c.vat_cents, "commission_ttc_cents": c.ttc_cents})
    total = Commission(sum(p["commission_ht_cents"] for p in parts), sum(p["commission_vat_cents"] for p in parts),
                       sum(p["commission_ttc_cents"] for p in parts))
    return total, parts


def build_statement(producer: ProducerRow, moves: list[MoveRow], month: str, cafe: dict[str, str],
                    prices: dict[int, int], rates: dict[str, int] | None = None) -> dict[str, Any]:
    """Everything domain.md §7 lists, computed from the movements of the producer's lots up to the month's end.

    Quantities of goods sold by weight are in grams (`"unit": "g"` on their rows) and their prices per kg.
    """
    first, last = month_bounds(month)
    start = first.isoformat()
    lots: dict[int, dict[str, Any]] = {}
    deposits: list[dict[str, Any]] = []
    sales: list[dict[str, Any]] = []
    returns: list[dict[str, Any]] = []
    losses: list[dict[str, Any]] = []
    rates = rates or {}
    gross_by_rate: dict[int, int] = {}
    for m in moves:
        unit = "g" if m.by_weight else "unit"
        lot = lots.setdefault(m.lot_id, {"label": m.label, "lot": m.lot_code, "dlc": m.dlc, "unit": unit,
                                         "opening_qty": 0, "deposited_qty": 0, "sold_qty": 0, "returned_qty": 0,
                                         "lost_qty": 0, "amount_cents": 0, "product_id": m.product_id})
        if m.business_date < start:
            lot["opening_qty"] += m.qty
            continue
        if m.kind == "deposit":
            lot["deposited_qty"] += m.qty
            deposits.append({"date": m.business_date, "label": m.label, "lot": m.lot_code, "dlc": m.dlc, "qty": m.qty,
                             "unit": unit})
        elif m.kind in ("sale", "cancel"):
            lot["sold_qty"] -= m.qty
            lot["amount_cents"] += m.amount_cents
            rate = rates.get(m.category or "", producer.commission_bp)
            gross_by_rate[rate] = gross_by_rate.get(rate, 0) + m.amount_cents
            sales.append({"date": m.business_date, "time": m.timestamp[11:19], "label": m.label, "lot": m.lot_code,
                          "qty": -m.qty, "unit": unit, "amount_cents": m.amount_cents, "ticket": m.ticket_number})
        elif m.kind == "return":
            lot["returned_qty"] -= m.qty
            returns.append({"date": m.business_date, "label": m.label, "lot": m.lot_code, "qty": -m.qty,
                            "unit": unit, "reason": m.reason})
        elif m.kind == "loss":
            lot["lost_qty"] -= m.qty
            price = prices.get(m.product_id, 0)
            value = weighed_cents(-m.qty, price) if m.by_weight else -m.qty * price
            losses.append({"date": m.business_date, "label": m.label, "lot": m.lot_code, "qty": -m.qty,
                           "unit": unit, "reason": m.reason, "borne_by": m.borne_by, "value_cents": value})
    lines: list[dict[str, Any]] = []
    for lot in lots.values():
        lot["closing_qty"] = (lot["opening_qty"] + lot["deposited_qty"] - lot["sold_qty"] - lot["returned_qty"]
                              - lot["lost_qty"])
        if any(lot[k] for k in ("opening_qty", "deposited_qty", "sold_qty", "returned_qty", "lost_qty")):
            lines.append({k: v for k, v in lot.items() if k != "product_id"})
    lines.sort(key=lambda x: (x["label"], x["lot"]))
    gross = sum(x["amount_cents"] for x in lines)
    c, by_rate = commission_by_rate(gross_by_rate or {producer.commission_bp: 0}, producer.commission_includes_vat)
    assert sum(p["gross_cents"] for p in by_rate) == gross
    cafe_losses = sum(x["value_cents"] for x in losses if x["borne_by"] == "cafe")
    net_due = gross - c.ttc_cents + cafe_losses
    due_date = (last + timedelta(days=producer.payment_days)).isoformat()
    return {
        "kind": "statement", "period": month, "from": start, "to": last.isoformat(),
        "producer": {"name": producer.name, "address": producer.address, "siret": producer.siret,
                     "vat_status": producer.vat_status, "vat_number": producer.vat_number},
        "contract": {"mode": producer.mode, "commission_bp": producer.commission_bp,
                     "commission_includes_vat": producer.commission_includes_vat,
                     "payment_days": producer.payment_days, "losses_borne_by": producer.losses_borne_by,
                     **({"rates_by_category": dict(rates)} if rates else {})},
        "cafe": cafe, "lines": lines, "deposits": deposits, "sales": sales, "returns": returns, "losses": losses,
        "gross_cents": gross, "commission_ht_cents": c.ht_cents, "commission_vat_cents": c.vat_cents,
        "commission_ttc_cents": c.ttc_cents, "commission_vat_rate_bp": 2000, "commission_by_rate": by_rate,
        "cafe_losses_cents": cafe_losses,
        "net_due_cents": net_due, "payment_due": due_date,
    }


@dataclass
class StatementService:
    journal: Journal

    def compute(self, producer_name: str, month: str) -> dict[str, Any]:
        """The statement as it stands (not issued): number None."""
        _, last = month_bounds(month)
        with self.journal.ledger.read() as store:
            return self._compute(store, _producer(store, producer_name), month, last)

    def _compute(self, store: Store, producer: ProducerRow, month: str, last: date) -> dict[str, Any]:
        settings = Settings.from_rows(store.settings())
        moves = store.producer_moves(producer.id, last.isoformat())
        prices = {p.id: p.price_cents for p in store.producer_products(producer.id)}
        cafe = {**settings.cafe_identity, "siret": settings.siret, "legal": settings.cafe_legal}
        statement = build_statement(producer, moves, month, cafe, prices, store.producer_rates(producer.id))
        issued = store.statements_of(producer.id, month)
        statement["number"] = None
        statement["issued"] = [n for n, *_ in issued]
        return statement

    def issue(self, operator: Operator, producer_name: str, month: str, correct: bool = False) -> dict[str, Any]:
        """Freezes the month's statement as a signed record with its commission invoice; a second one must be a
        correction of the first."""
        operator.require(Right.EDIT_CATALOGUE)
        _, last = month_bounds(month)
        now = self.journal.clock.now()
        with self.journal.unit() as tx:
            producer = _producer(tx.store, producer_name)
            statement = self._compute(tx.store, producer, month, last)
            previous = tx.store.statements_of(producer.id, month)
            if previous and not correct:
                raise Refused(N_("The statement of {producer} for {month} was already issued (n°{number}); issue a "
                                 "correction instead."), producer=producer.name, month=month,
                              number=previous[-1][0])
            number = tx.store.next_statement_number()
            corrects = previous[-1][0] if previous else None
            statement.update({"number": number, "corrects": corrects, "issued_at": iso_second(now),
                              "operator": operator.name, "issued": None,
                              "invoice": {"number": f"FC-{number:06d}", "date": now.date().isoformat(),
                                          "ht_cents": statement["commission_ht_cents"],
                                          "vat_rate_bp": 2000, "vat_cents": statement["commission_vat_cents"],
                                          "ttc_cents": statement["commission_ttc_cents"]}})
            if previous:
                # An invoice is never changed: the one issued with the replaced statement is cancelled by a credit
                # note (avoir) for its whole amount, and the new invoice stands in its place.
                stored = tx.store.record(Chain.EVENTS, previous[-1][4])
                assert stored is not None
                old = json.loads(stored.record.payload_text)["statement"]["invoice"]
                statement["credit_note"] = {
                    "number": f"AV-{number:06d}", "date": now.date().isoformat(), "cancels": old["number"],
                    "ht_cents": -old["ht_cents"], "vat_rate_bp": old["vat_rate_bp"], "vat_cents": -old["vat_cents"],
                    "ttc_cents": -old["ttc_cents"]}
            till = Settings.from_rows(tx.store.settings()).till
            record = self.journal.event(tx, "statement", operator.name, till, statement=statement)
            tx.store.add_statement(number, producer.id, month, corrects, statement["net_due_cents"], record.seq,
                                   iso_second(now))
        return statement

    def issued(self, producer_name: str, month: str) -> list[dict[str, Any]]:
        """The statements issued for a month, as they were signed (the last one replaces the others)."""
        with self.journal.ledger.read() as store:
            producer = _producer(store, producer_name)
            out = []
            for *_, seq in store.statements_of(producer.id, month):
                stored = store.record(Chain.EVENTS, seq)
                assert stored is not None
                out.append(json.loads(stored.record.payload_text)["statement"])
        return out

    def balance(self, producer_name: str) -> dict[str, Any]:
        """What the café owes the producer: the net due of the statements in force, less what was paid."""
        with self.journal.ledger.read() as store:
            producer = _producer(store, producer_name)
            return self._balance(store, producer)

    @staticmethod
    def _balance(store: Store, producer: ProducerRow) -> dict[str, Any]:
        in_force: dict[str, tuple[int, int]] = {}
        for number, period, _corrects, net_due, _seq in store.statements_of(producer.id):
            in_force[period] = (number, net_due)  # a correction replaces what it corrects
        owed = sum(net for _, net in in_force.values())
        paid = store.producer_paid(producer.id)
        return {"producer": producer.name, "owed_cents": owed, "paid_cents": paid, "balance_cents": owed - paid,
                "statements": [{"period": p, "number": n, "net_due_cents": net,
                                "paid": paid >= sum(v for q, (_, v) in in_force.items() if q <= p)}
                               for p, (n, net) in sorted(in_force.items())]}

    def payout(self, operator: Operator, producer_name: str, amount_cents: int, method: str,
               advance: bool = False) -> dict[str, Any]:
        """Pays a producer; cash comes out of the drawer as a pay-out of the session. More than owed is an advance,
        recorded only once the manager has said so."""
        operator.require(Right.CASH_MOVEMENT)
        if method not in PAYOUT_METHODS:
            raise BadInput(N_("Pay by transfer, cheque or cash."))
        if amount_cents <= 0:
            raise BadInput(N_("The amount must be more than zero."))
        now = iso_second(self.journal.clock.now())
        with self.journal.unit() as tx:
            producer = _producer(tx.store, producer_name)
            balance = self._balance(tx.store, producer)["balance_cents"]
            is_advance = amount_cents > balance
            if is_advance and not advance:
                raise Refused(N_("{producer} is owed {owed}; paying {amount} would be an advance. Confirm it as an "
                                 "advance."), producer=producer.name, owed=cents_to_text(max(balance, 0)),
                              amount=cents_to_text(amount_cents))
            if method == "cash":
                record_movement(self.journal, tx, operator, "pay_out", amount_cents,
                                f"Paiement producteur {producer.name}")
            till = Settings.from_rows(tx.store.settings()).till
            record = self.journal.event(tx, "producer_payout", operator.name, till, producer=producer.name,
                                        amount_cents=amount_cents, method=method, advance=is_advance)
            tx.store.add_producer_payment(producer.id, amount_cents, method, is_advance, now, record.seq)
            return self._balance(tx.store, producer)


STATEMENT_CSV = ["section", "date", "label", "lot", "dlc", "qty", "amount_cents", "reason"]


def statement_csv(st: dict[str, Any]) -> str:
    """A statement's figures for a spreadsheet: one row per stock line, movement and total (CLI and window)."""
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\n")
    w.writerow(STATEMENT_CSV)
    for line in st["lines"]:
        w.writerow(["stock", "", line["label"], line["lot"], line["dlc"] or "", line["opening_qty"], "", "opening"])
        w.writerow(["stock", "", line["label"], line["lot"], line["dlc"] or "", line["closing_qty"], "", "closing"])
    for d in st["deposits"]:
        w.writerow(["deposit", d["date"], d["label"], d["lot"], d["dlc"] or "", d["qty"], "", ""])
    for s in st["sales"]:
        w.writerow(["sale", s["date"], s["label"], s["lot"], "", s["qty"], s["amount_cents"], f"ticket {s['ticket']}"])
    for r in st["returns"]:
        w.writerow(["return", r["date"], r["label"], r["lot"], "", r["qty"], "", r["reason"]])
    for r in st["losses"]:
        w.writerow(["loss", r["date"], r["label"], r["lot"], "", r["qty"], r["value_cents"], r["reason"]])
    for key in ("gross_cents", "commission_ht_cents", "commission_vat_cents", "commission_ttc_cents",
                "cafe_losses_cents", "net_due_cents"):
        w.writerow(["total", "", key, "", "", "", st[key], ""])
    return buffer.getvalue()
