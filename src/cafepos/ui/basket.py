"""The basket being rung up: lines, quantities, discounts, sale mode and totals, without Qt.

A presenter in moneyGuru's sense: the sale screen only displays it and forwards taps, so the counter's rules
are tested in plain pytest. Prices and VAT always come from the catalogue through `lookup`, because the sale
service prices a ticket from the catalogue too: what the screen shows is what gets signed. Removing a line (or a
unit of it) before payment is not a ticket but must be logged (domain.md §2), through `void_log`, before the
line disappears, so nothing leaves the basket unrecorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from cafepos.domain.errors import N_, BadInput
from cafepos.domain.money import div_half_up, parse_amount
from cafepos.domain.ticket import MAX_QTY, MAX_WEIGHT_G, Line, SaleMode, weighed_cents
from cafepos.domain.vat import VatRow, breakdown
from cafepos.services.catalog import vat_for
from cafepos.services.ports import ProductRow
from cafepos.services.sales import BasketItem

STATE_VERSION = 1
Lookup = Callable[[int], ProductRow | None]
VoidLog = Callable[[str, list[dict[str, Any]]], None]


class BasketObserver(Protocol):
    """Qt's model protocol, without Qt: told before and after each structural change."""

    def about_to_insert(self, row: int) -> None: ...
    def inserted(self) -> None: ...
    def about_to_remove(self, row: int) -> None: ...
    def removed(self) -> None: ...
    def changed(self, first: int, last: int) -> None: ...
    def about_to_reset(self) -> None: ...
    def reset_done(self) -> None: ...


class _Silent:
    def about_to_insert(self, row: int) -> None: ...
    def inserted(self) -> None: ...
    def about_to_remove(self, row: int) -> None: ...
    def removed(self) -> None: ...
    def changed(self, first: int, last: int) -> None: ...
    def about_to_reset(self) -> None: ...
    def reset_done(self) -> None: ...


@dataclass
class BasketLine:
    product: ProductRow
    qty: int
    vat_bp: int
    discount_cents: int = 0
    discount_reason: str | None = None
    approved_by: str | None = None  # the manager who allowed the discount, when the operator may not
    weight_g: int | None = None     # goods sold by weight: what the scale showed; the price is then per kg

    @property
    def label(self) -> str:
        return self.product.label

    @property
    def unit_cents(self) -> int:
        """One piece, or one weighed portion, at the catalogue's price."""
        if self.weight_g is not None:
            return weighed_cents(self.weight_g, self.product.price_cents)
        return self.product.price_cents

    @property
    def gross_cents(self) -> int:
        return self.qty * self.unit_cents

    @property
    def amount_cents(self) -> int:
        return self.gross_cents - self.discount_cents

    def void_entry(self, qty: int | None = None) -> dict[str, Any]:
        qty = self.qty if qty is None else qty
        entry = {"product_ref": str(self.product.id), "label": self.label, "qty": qty,
                 "unit_price_cents": self.product.price_cents,
                 "amount_cents": qty * self.unit_cents - (self.discount_cents if qty == self.qty else 0)}
        return entry if self.weight_g is None else {**entry, "weight_g": self.weight_g}


def parse_discount(text: str, gross_cents: int) -> int:
    """"1,50" is an amount off; "10 %" a share of the line, rounded half-up to the cent."""
    cleaned = text.strip()
    if cleaned.endswith("%"):
        try:
            pct = Decimal(cleaned[:-1].strip().replace(",", "."))
        except InvalidOperation:
            raise BadInput(N_("“{text}” is not a percentage, like 5.5 or 20."), text=text) from None
        if not pct.is_finite() or not 0 <= pct <= 100:
            raise BadInput(N_("“{text}”: a rate must be between 0 and 100 %."), text=text)
        bp = int(pct * 100)
        return div_half_up(gross_cents * bp, 10_000)
    return parse_amount(cleaned)


class Basket:
    def __init__(self, lookup: Lookup, void_log: VoidLog | None = None) -> None:
        self.lookup = lookup
        self.void_log = void_log
        self.observer: BasketObserver = _Silent()
        self.mode = SaleMode.ON_SITE
        self.lines: list[BasketLine] = []
        self.tab_id: int | None = None
        self.tab_name: str | None = None

    # -- reading ------------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.lines)

    @property
    def total_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)

    @property
    def article_count(self) -> int:
        return sum(line.qty for line in self.lines)

    def vat_rows(self) -> list[VatRow]:
        return breakdown((line.vat_bp, line.amount_cents) for line in self.lines)

    def items(self) -> list[BasketItem]:
        """What the sale service rings up."""
        return [BasketItem(line.product.id, line.qty, line.discount_cents, line.discount_reason, line.weight_g)
                for line in self.lines]

    def preview_lines(self) -> list[Line]:
        """The lines as the service will build them, to check payments before anything is signed."""
        return [Line(str(line.product.id), line.label, line.qty, line.product.price_cents, line.vat_bp,
                     line.discount_cents, line.discount_reason, line.product.voucher_ok, line.product.alcohol,
                     weight_g=line.weight_g)
                for line in self.lines]

    def approvers(self) -> set[str]:
        return {line.approved_by for line in self.lines if line.discount_cents and line.approved_by}

    # -- changing -----------------------------------------------------------------------------------------
    def add(self, product: ProductRow, qty: int = 1, weight_g: int | None = None) -> int:
        """Adds to the product's undiscounted line if there is one (one line per product reads best); goods sold
        by weight need their weight, and each weighing is a line of its own."""
        if product.by_weight and weight_g is None:
            raise BadInput(N_("“{label}” is sold by weight: weigh it and give the weight in grams."),
                           label=product.label)
        if not product.by_weight and weight_g is not None:
            raise BadInput(N_("“{label}” is sold by the unit, not by weight."), label=product.label)
        if weight_g is not None and not 1 <= weight_g <= MAX_WEIGHT_G:
            raise BadInput(N_("{weight} g of “{label}” is not possible: weigh it again (1 g to 100 kg)."),
                           weight=weight_g, label=product.label)
        for row, line in enumerate(self.lines):
            if line.product.id == product.id and not line.discount_cents and weight_g is None:
                self.set_qty(row, line.qty + qty)
                return row
        self._check_qty(qty, product.label)
        row = len(self.lines)
        self.observer.about_to_insert(row)
        self.lines.append(BasketLine(product, qty, vat_for(product, self.mode), weight_g=weight_g))
        self.observer.inserted()
        return row

    def set_qty(self, row: int, qty: int) -> None:
        line = self.lines[row]
        self._check_qty(qty, line.label)
        if line.discount_cents > qty * line.unit_cents:
            raise BadInput(N_("The discount on “{label}” must be between 0 and the line's amount."),
                           label=line.label)
        if qty < line.qty:
            self._void("line", [line.void_entry(line.qty - qty)])
        line.qty = qty
        self.observer.changed(row, row)

    def increment(self, row: int) -> None:
        self.set_qty(row, self.lines[row].qty + 1)

    def decrement(self, row: int) -> None:
        """Down to one; taking the last one away is "remove", a deliberate act."""
        if self.lines[row].qty > 1:
            self.set_qty(row, self.lines[row].qty - 1)

    def remove(self, row: int) -> None:
        line = self.lines[row]
        self._void("line", [line.void_entry()])
        self.observer.about_to_remove(row)
        del self.lines[row]
        self.observer.removed()

    def discount(self, row: int, cents: int, reason: str, approved_by: str | None = None) -> None:
        line = self.lines[row]
        if not 0 <= cents <= line.gross_cents:
            raise BadInput(N_("The discount on “{label}” must be between 0 and the line's amount."),
                           label=line.label)
        if cents and not reason.strip():
            raise BadInput(N_("Give a reason for the discount on “{label}”."), label=line.label)
        line.discount_cents = cents
        line.discount_reason = reason.strip() if cents else None
        line.approved_by = approved_by if cents else None
        self.observer.changed(row, row)

    def set_mode(self, mode: SaleMode) -> None:
        """On site / take away: every line takes the catalogue's current price and the VAT of the new mode."""
        self.mode = mode
        for line in self.lines:
            line.product = self.lookup(line.product.id) or line.product
            line.vat_bp = vat_for(line.product, mode)
        if self.lines:
            self.observer.changed(0, len(self.lines) - 1)

    def clear(self, voided: bool) -> None:
        """Empties the basket: `voided` when the customer gave up (logged), not when paid or parked."""
        if voided and self.lines:
            self._void("ticket", [line.void_entry() for line in self.lines])
        self.observer.about_to_reset()
        self.lines = []
        self.mode = SaleMode.ON_SITE
        self.tab_id = None
        self.tab_name = None
        self.observer.reset_done()

    # -- parking: a plain dict that survives a restart ------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        return {"version": STATE_VERSION, "mode": str(self.mode), "lines": [
            {"product_id": line.product.id, "qty": line.qty, "discount_cents": line.discount_cents,
             "discount_reason": line.discount_reason, "approved_by": line.approved_by,
             # Label and price are kept for the record (a dropped tab's void lists them); they are not reused.
             "label": line.label, "unit_price_cents": line.product.price_cents,
             **({"weight_g": line.weight_g} if line.weight_g is not None else {})}
            for line in self.lines]}

    def load_state(self, state: dict[str, Any], tab_id: int | None = None, tab_name: str | None = None) -> list[str]:
        """Replaces the basket with a parked one, priced from today's catalogue; returns labels no longer sold."""
        mode = SaleMode(state.get("mode", SaleMode.ON_SITE))
        lines: list[BasketLine] = []
        missing: list[str] = []
        for raw in state.get("lines", []):
            product = self.lookup(int(raw["product_id"]))
            if product is None or not product.active:
                missing.append(str(raw.get("label", raw["product_id"])))
                continue
            qty = max(1, min(MAX_QTY, int(raw.get("qty", 1))))
            weight = raw.get("weight_g")
            if product.by_weight != (weight is not None):  # sold by weight since it was parked, or no longer
                missing.append(str(raw.get("label", raw["product_id"])))
                continue
            line = BasketLine(product, qty, vat_for(product, mode), weight_g=int(weight) if weight else None)
            discount = max(0, min(int(raw.get("discount_cents", 0)), line.gross_cents))
            line.discount_cents = discount
            line.discount_reason = raw.get("discount_reason") if discount else None
            line.approved_by = raw.get("approved_by") if discount else None
            lines.append(line)
        self.observer.about_to_reset()
        self.mode, self.lines, self.tab_id, self.tab_name = mode, lines, tab_id, tab_name
        self.observer.reset_done()
        return missing

    @staticmethod
    def state_total(state: dict[str, Any], lookup: Lookup) -> int:
        """A parked tab's total at today's prices, for the list of tabs."""
        total = 0
        for raw in state.get("lines", []):
            product = lookup(int(raw["product_id"]))
            if product is not None:
                weight = raw.get("weight_g")
                unit = weighed_cents(int(weight), product.price_cents) if weight else product.price_cents
                total += int(raw.get("qty", 1)) * unit - int(raw.get("discount_cents", 0))
        return total

    # -- inside -------------------------------------------------------------------------------------------
    @staticmethod
    def _check_qty(qty: int, label: str) -> None:
        if not 1 <= qty <= MAX_QTY:
            raise BadInput(N_("Quantity {qty} for “{label}” is not possible: type a whole number from 1 to 999."),
                           qty=qty, label=label)

    def _void(self, scope: str, entries: list[dict[str, Any]]) -> None:
        if self.void_log is not None:
            self.void_log(scope, entries)
