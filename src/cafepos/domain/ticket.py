"""A ticket: lines, sale mode, payments, and the signed payload that makes it provable without the database.

The payload's keys are a public contract (docs/journal-format.md): auditors and other tools read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cafepos.domain.errors import N_, BadInput, Refused
from cafepos.domain.money import cents_to_text, div_half_up
from cafepos.domain.vat import breakdown

MAX_QTY = 999
MAX_WEIGHT_G = 100_000  # 100 kg on one line: more is a typing mistake at a village counter


def weighed_cents(weight_g: int, per_kg_cents: int) -> int:
    """What a weighed item costs: grams × price per kg / 1000, rounded half-up to the cent."""
    return div_half_up(weight_g * per_kg_cents, 1000)


class SaleMode(StrEnum):
    ON_SITE = "on_site"
    TAKE_AWAY = "take_away"


class PaymentMethod(StrEnum):
    CASH = "cash"
    CARD = "card"
    CHEQUE = "cheque"
    VOUCHER = "voucher"  # titre-restaurant: food only, capped, no change


class TicketType(StrEnum):
    SALE = "sale"
    CANCELLATION = "cancellation"


def ticket_label(till: int, number: int) -> str:
    """What people read and say: "T1-000482"."""
    return f"T{till}-{number:06d}"


@dataclass(frozen=True, slots=True)
class Line:
    """One line as sold: label and price are copied from the catalogue at the time of sale."""

    product_ref: str
    label: str
    qty: int
    unit_price_cents: int
    vat_rate_bp: int
    discount_cents: int = 0
    discount_reason: str | None = None
    voucher_ok: bool = True
    alcohol: bool = False
    party: str | None = None        # "producer:3": whose goods these are (consignment)
    party_name: str | None = None
    agent: bool = False             # sold in the producer's name: the money is held for them, not turnover
    lots: tuple[tuple[str, int], ...] = ()  # (lot code, qty) taken, first expiring first (grams when weighed)
    weight_g: int | None = None     # goods sold by weight: unit_price_cents is then the price per kg

    @property
    def gross_cents(self) -> int:
        if self.weight_g is not None:
            return self.qty * weighed_cents(self.weight_g, self.unit_price_cents)
        return self.qty * self.unit_price_cents

    @property
    def amount_cents(self) -> int:
        return self.gross_cents - self.discount_cents

    def check(self) -> None:
        if not 1 <= self.qty <= MAX_QTY:
            raise BadInput(N_("Quantity {qty} for “{label}” is not possible: type a whole number from 1 to 999."),
                           qty=self.qty, label=self.label)
        if self.unit_price_cents < 0:
            raise BadInput(N_("The price of “{label}” cannot be negative."), label=self.label)
        if self.weight_g is not None and not 1 <= self.weight_g <= MAX_WEIGHT_G:
            raise BadInput(N_("{weight} g of “{label}” is not possible: weigh it again (1 g to 100 kg)."),
                           weight=self.weight_g, label=self.label)
        if not 0 <= self.discount_cents <= self.gross_cents:
            raise BadInput(N_("The discount on “{label}” must be between 0 and the line's amount."),
                           label=self.label)
        if self.discount_cents and not (self.discount_reason or "").strip():
            raise BadInput(N_("Give a reason for the discount on “{label}”."), label=self.label)

    def as_payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "label": self.label, "product_ref": self.product_ref, "qty": self.qty,
            "unit_price_cents": self.unit_price_cents, "vat_rate_bp": self.vat_rate_bp,
            "discount_cents": self.discount_cents, "amount_cents": self.amount_cents,
        }
        if self.discount_cents:
            out["discount_reason"] = self.discount_reason
        if self.weight_g is not None:
            out["weight_g"] = self.weight_g
        if self.party:
            out["party"] = {"id": self.party, "name": self.party_name, "agent": self.agent}
        if self.lots:
            out["lots"] = [{"lot": code, "qty": qty} for code, qty in self.lots]
        return out


@dataclass(frozen=True, slots=True)
class Payment:
    method: PaymentMethod
    amount_cents: int

    def as_payload(self) -> dict[str, Any]:
        return {"method": str(self.method), "amount_cents": self.amount_cents}


@dataclass(frozen=True, slots=True)
class PaymentRules:
    """Settings that change with the law or the café: make them settings, never constants (domain.md §3)."""

    voucher_cap_cents: int = 2500
    cash_cap_cents: int = 100_000


@dataclass(frozen=True, slots=True)
class Settlement:
    payments: tuple[Payment, ...]
    change_cents: int


def settle(lines: Sequence[Line], payments: Sequence[Payment], rules: PaymentRules) -> Settlement:
    """Checks that the payments cover a sale exactly, with change given in cash only, and returns the change."""
    if not lines:
        raise BadInput(N_("The ticket is empty: add at least one product."))
    for line in lines:
        line.check()
    if not payments:
        raise BadInput(N_("Choose how the customer pays."))
    total = sum(line.amount_cents for line in lines)
    by_method: dict[PaymentMethod, int] = {}
    for p in payments:
        if p.amount_cents <= 0:
            raise BadInput(N_("A payment must be a positive amount."))
        by_method[p.method] = by_method.get(p.method, 0) + p.amount_cents
    paid = sum(by_method.values())
    cash = by_method.get(PaymentMethod.CASH, 0)
    voucher = by_method.get(PaymentMethod.VOUCHER, 0)
    non_cash = paid - cash
    if non_cash > total:
        if voucher:
            raise Refused(N_("No change is given on meal vouchers: the voucher is worth more than what is due."))
        raise Refused(N_("Card and cheque payments cannot exceed the amount due ({total}); change is given in cash "
                         "only."), total=cents_to_text(total))
    if voucher:
        eligible = sum(line.amount_cents for line in lines if line.voucher_ok and not line.alcohol)
        if eligible == 0:
            raise Refused(N_("Meal vouchers cannot pay for these items (alcohol and non-food are excluded)."))
        if voucher > eligible:
            raise Refused(N_("Meal vouchers can pay at most {eligible} on this ticket (food only)."),
                          eligible=cents_to_text(eligible))
        if voucher > rules.voucher_cap_cents:
            raise Refused(N_("Meal vouchers are capped at {cap} a day."), cap=cents_to_text(rules.voucher_cap_cents))
    if paid < total:
        raise Refused(N_("Payment short by {missing}: {paid} paid for a total of {total}."),
                      missing=cents_to_text(total - paid), paid=cents_to_text(paid), total=cents_to_text(total))
    if cash - (paid - total) > rules.cash_cap_cents:
        raise Refused(N_("Cash payments are capped at {cap}: take the rest by card or cheque."),
                      cap=cents_to_text(rules.cash_cap_cents))
    ordered = tuple(Payment(m, a) for m, a in by_method.items())
    return Settlement(ordered, paid - total)


@dataclass(frozen=True, slots=True)
class Header:
    """Who, where and when: everything besides the lines that a ticket must carry (domain.md §2)."""

    number: int
    business_date: str
    timestamp: str
    till: int
    operator: str
    sale_mode: SaleMode
    siret: str
    software_version: str
    training: bool = False
    cafe: dict[str, str] = field(default_factory=dict)


def third_party_payload(lines: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Money held for others (agent sales), by party: kept out of the café's VAT table and turnover."""
    parties: dict[str, dict[str, Any]] = {}
    for line in lines:
        party = line.get("party")
        if not party or not party.get("agent"):
            continue
        entry = parties.setdefault(party["id"], {"party": party["id"], "name": party["name"], "amount_cents": 0,
                                                 "rates": []})
        entry["amount_cents"] += line["amount_cents"]
        entry["rates"].append((line["vat_rate_bp"], line["amount_cents"]))
    out = []
    for entry in parties.values():
        entry["vat"] = [row.as_payload() for row in breakdown(entry.pop("rates"))]
        out.append(entry)
    return out


def own_vat(lines: Sequence[dict[str, Any]]) -> list[dict[str, int]]:
    """The café's own VAT table: every line except goods sold in a third party's name."""
    own = ((line["vat_rate_bp"], line["amount_cents"]) for line in lines
           if not (line.get("party") and line["party"].get("agent")))
    return [row.as_payload() for row in breakdown(own)]


def sale_payload(header: Header, lines: Sequence[Line], settlement: Settlement) -> dict[str, Any]:
    line_payloads = [line.as_payload() for line in lines]
    return {
        "number": header.number, "type": str(TicketType.SALE), "cancels": None,
        "business_date": header.business_date, "timestamp": header.timestamp, "till": header.till,
        "operator": header.operator, "sale_mode": str(header.sale_mode), "siret": header.siret,
        "software_version": header.software_version, "training": header.training, "cafe": header.cafe,
        "lines": line_payloads,
        "vat": own_vat(line_payloads),
        "third_party": third_party_payload(line_payloads),
        "total_cents": sum(line.amount_cents for line in lines),
        "payments": [p.as_payload() for p in settlement.payments],
        "change_cents": settlement.change_cents,
    }


def cancellation_payload(header: Header, original: dict[str, Any], reason: str) -> dict[str, Any]:
    """The mirror of a paid ticket: negative lines, VAT and payments; what was paid net goes back by method."""
    if original["type"] != TicketType.SALE:
        raise Refused(N_("A cancellation cannot itself be cancelled."))
    if not reason.strip():
        raise BadInput(N_("Give the reason for the cancellation."))
    lines = [
        {**line, "qty": -line["qty"], "discount_cents": -line["discount_cents"],
         "amount_cents": -line["amount_cents"],
         **({"lots": [{"lot": x["lot"], "qty": -x["qty"]} for x in line["lots"]]} if line.get("lots") else {})}
        for line in original["lines"]
    ]
    net: dict[str, int] = {}
    for p in original["payments"]:
        net[p["method"]] = net.get(p["method"], 0) + p["amount_cents"]
    net["cash"] = net.get("cash", 0) - original["change_cents"]
    payments = [{"method": m, "amount_cents": -a} for m, a in net.items() if a]
    return {
        "number": header.number, "type": str(TicketType.CANCELLATION), "cancels": original["number"],
        "reason": reason.strip(),
        "business_date": header.business_date, "timestamp": header.timestamp, "till": header.till,
        "operator": header.operator, "sale_mode": original["sale_mode"], "siret": header.siret,
        "software_version": header.software_version, "training": header.training, "cafe": header.cafe,
        "lines": lines,
        "vat": own_vat(lines),
        "third_party": third_party_payload(lines),
        "total_cents": -original["total_cents"],
        "payments": payments,
        "change_cents": 0,
    }
