"""Producers' deposit sheets and statement summaries as plain text for the receipt printer.

The A4 PDF is the document both sides sign; this paper copy is what the counter can hand a producer on the spot
(what was left today, what the month comes to). It lives in the domain, free of babel and reportlab, so it takes a
formatter (the adapters' babel Formatter fits) and a set of words (French by default, like the receipts).
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from cafepos.domain.errors import N_, BadInput
from cafepos.domain.receipt import MAX_WIDTH, MIN_WIDTH, group_siret, printable
from cafepos.domain.ticket import weighed_cents


class ConsignmentFormat(Protocol):
    """How amounts, rates and dates read in the café's language; the adapters' babel Formatter fits."""

    def money(self, cents: int, symbol: bool = True) -> str: ...

    def rate(self, bp: int) -> str: ...

    def date(self, day: date) -> str: ...


class PartyLike(Protocol):
    """The producer as a deposit carries it (services.ports.ProducerRow fits)."""

    @property
    def name(self) -> str: ...

    @property
    def siret(self) -> str: ...


class DepositLike(Protocol):
    """A recorded deposit sheet (services.consignment.Deposit fits): the domain cannot import the services."""

    @property
    def number(self) -> int: ...

    @property
    def producer(self) -> PartyLike: ...

    @property
    def business_date(self) -> str: ...

    @property
    def lines(self) -> Sequence[Mapping[str, Any]]: ...


@dataclass(frozen=True, slots=True)
class ConsignmentLabels:
    """Every word of the paper copies, French by default; the front door passes gettext translations instead."""

    siret: str = "SIRET {siret}"
    vat_number: str = "TVA intracom. {vat_number}"
    deposit_title: str = "BON DE DÉPÔT n°{number}"
    date: str = "Date"
    producer: str = "Producteur : {name}"
    lot: str = "Lot {lot}"
    dlc: str = "DLC {date}"
    ddm: str = "DDM {date}"
    vat_rate: str = "TVA {rate}"
    total_value: str = "Valeur totale"
    items: str = "Articles"
    owner_note: str = "Le producteur reste propriétaire des marchandises jusqu'à leur vente."
    sign_cafe: str = "Signature du café :"
    sign_producer: str = "Signature du producteur :"
    statement_title: str = "RELEVÉ DE DÉPÔT-VENTE n°{number}"
    draft_title: str = "RELEVÉ PROVISOIRE - NON ÉMIS"
    corrects: str = "Rectificatif du relevé n°{number}"
    period: str = "Période"
    period_value: str = "{start} - {end}"
    sold: str = "vendu {qty}"
    stock: str = "stock {opening} -> {closing}"
    gross: str = "Ventes brutes"
    commission: str = "Commission {rate}"
    commission_ht: str = "Commission HT"
    commission_vat: str = "TVA {rate}"
    commission_ttc: str = "Commission TTC"
    cafe_losses: str = "Pertes à la charge du café"
    net_due: str = "NET DÛ"
    due: str = "À payer le"
    invoice: str = "Facture de commission"
    no_sales: str = "Aucun mouvement sur la période."


def line_value(line: Mapping[str, Any]) -> int:
    """A deposited line's retail value: pieces × price, or grams × price per kg (rounded half-up)."""
    qty, price = int(line["qty"]), int(line["unit_price_cents"] or 0)
    return weighed_cents(qty, price) if line.get("unit") == "g" else qty * price


def deposit_lines(deposit: DepositLike, width: int, fmt: ConsignmentFormat, labels: ConsignmentLabels | None = None,
                  cafe: Mapping[str, str] | None = None) -> list[str]:
    """The deposit sheet for paper `width` columns wide (32 on 58 mm, 48 on 80 mm), with the two signatures.

    `cafe` (name, address, siret, vat_number) heads the sheet when given: the deposit itself does not carry it.
    """
    sheet = _Sheet(width, fmt)
    words = _fold(labels)
    _cafe_head(sheet, cafe, words)
    sheet.center(words.deposit_title.format(number=deposit.number))
    sheet.row(words.date, sheet.date(deposit.business_date))
    sheet.add(words.producer.format(name=printable(deposit.producer.name)))
    if deposit.producer.siret:
        sheet.add(words.siret.format(siret=group_siret(printable(deposit.producer.siret))))
    sheet.rule()
    total = count = 0
    for line in deposit.lines:
        qty, price = int(line["qty"]), int(line["unit_price_cents"] or 0)
        value = line_value(line)
        total += value
        sheet.add(printable(str(line["label"])))
        if line.get("unit") == "g":
            sheet.row(f"{qty} g x {sheet.fmt_money(price)}/kg", sheet.fmt_money(value, False), indent=2)
        else:
            count += qty
            sheet.row(f"{qty} x {sheet.fmt_money(price)}", sheet.fmt_money(value, False), indent=2)
        details = [words.lot.format(lot=printable(str(line["lot"])))]
        if line.get("dlc"):
            kind = words.ddm if line.get("dlc_kind") == "ddm" else words.dlc
            details.append(kind.format(date=sheet.date(str(line["dlc"]))))
        details.append(words.vat_rate.format(rate=sheet.fmt_rate(int(line["vat_rate_bp"]))))
        sheet.pieces(details, indent=2)
    sheet.rule()
    if count:
        sheet.row(words.items, str(count))
    sheet.row(words.total_value, sheet.fmt_money(total))
    sheet.rule()
    sheet.wrap(words.owner_note)
    _signatures(sheet, words)
    return sheet.lines


def statement_summary_lines(statement: Mapping[str, Any], width: int, fmt: ConsignmentFormat,
                            labels: ConsignmentLabels | None = None) -> list[str]:
    """A statement's summary for paper: per product and lot what was sold and what is left, then the totals.

    The detail of every sale stays on the A4 statement; paper this long would be read by no one.
    """
    sheet = _Sheet(width, fmt)
    words = _fold(labels)
    _cafe_head(sheet, statement.get("cafe"), words)
    number = statement.get("number")
    sheet.center(words.draft_title if number is None else words.statement_title.format(number=number))
    if statement.get("corrects"):
        sheet.center(words.corrects.format(number=statement["corrects"]))
    sheet.add(words.producer.format(name=printable(str(statement["producer"]["name"]))))
    sheet.row(words.period, words.period_value.format(start=sheet.date(str(statement["from"])),
                                                      end=sheet.date(str(statement["to"]))))
    sheet.rule()
    lines: Sequence[Mapping[str, Any]] = statement["lines"]
    for line in lines:
        sheet.wrap(printable(str(line["label"])))
        lot = words.lot.format(lot=printable(str(line["lot"])))
        sheet.row(f"{lot} · {words.sold.format(qty=line['sold_qty'])}",
                  sheet.fmt_money(int(line["amount_cents"]), False), indent=2)
        sheet.wrap(words.stock.format(opening=line["opening_qty"], closing=line["closing_qty"]), indent=2)
    if not lines:
        sheet.wrap(words.no_sales)
    sheet.rule()
    contract: Mapping[str, Any] = statement["contract"]
    sheet.row(words.gross, sheet.fmt_money(int(statement["gross_cents"])))
    sheet.wrap(words.commission.format(rate=sheet.fmt_rate(int(contract["commission_bp"]))))
    sheet.row(words.commission_ht, sheet.fmt_money(int(statement["commission_ht_cents"]), False), indent=2)
    sheet.row(words.commission_vat.format(rate=sheet.fmt_rate(int(statement["commission_vat_rate_bp"]))),
              sheet.fmt_money(int(statement["commission_vat_cents"]), False), indent=2)
    sheet.row(words.commission_ttc, sheet.fmt_money(int(statement["commission_ttc_cents"]), False), indent=2)
    if statement.get("cafe_losses_cents"):
        sheet.row(words.cafe_losses, sheet.fmt_money(int(statement["cafe_losses_cents"]), False))
    sheet.row(words.net_due, sheet.fmt_money(int(statement["net_due_cents"])))
    sheet.row(words.due, sheet.date(str(statement["payment_due"])))
    invoice = statement.get("invoice")
    if invoice:
        sheet.row(words.invoice, printable(str(invoice["number"])))
    _signatures(sheet, words)
    return sheet.lines


# -- layout ---------------------------------------------------------------------------------------------------
def _fold(labels: ConsignmentLabels | None) -> ConsignmentLabels:
    words = ConsignmentLabels() if labels is None else labels
    return dataclasses.replace(words, **{f.name: printable(getattr(words, f.name))
                                         for f in dataclasses.fields(words)})


def _cafe_head(sheet: _Sheet, cafe: Mapping[str, str] | None, words: ConsignmentLabels) -> None:
    if not cafe:
        return
    if cafe.get("name"):
        sheet.center(printable(cafe["name"]).upper())
    for part in (cafe.get("address") or "").splitlines():
        if part.strip():
            sheet.center(printable(part))
    if cafe.get("siret"):
        sheet.center(words.siret.format(siret=group_siret(printable(cafe["siret"]))))
    if cafe.get("vat_number"):
        sheet.center(words.vat_number.format(vat_number=printable(cafe["vat_number"])))
    sheet.rule()


def _signatures(sheet: _Sheet, words: ConsignmentLabels) -> None:
    """Room to sign by hand: two blank lines under each caption, then a line to sign on."""
    for caption in (words.sign_cafe, words.sign_producer):
        sheet.add("")
        sheet.wrap(caption)
        sheet.add("")
        sheet.add("")
        sheet.add("_" * sheet.width)


class _Sheet:
    """Lines no wider than the paper, every piece of text folded into the printer's code page before measuring."""

    def __init__(self, width: int, fmt: ConsignmentFormat) -> None:
        if not MIN_WIDTH <= width <= MAX_WIDTH:
            raise BadInput(N_("A receipt must be between {low} and {high} characters wide, not {width}."),
                           low=MIN_WIDTH, high=MAX_WIDTH, width=width)
        self.width = width
        self.fmt = fmt
        self.lines: list[str] = []

    def fmt_money(self, cents: int, symbol: bool = True) -> str:
        return printable(self.fmt.money(cents, symbol))

    def fmt_rate(self, bp: int) -> str:
        return printable(self.fmt.rate(bp))

    def date(self, iso: str) -> str:
        try:
            return printable(self.fmt.date(date.fromisoformat(iso)))
        except ValueError:
            return printable(iso)

    def add(self, text: str) -> None:
        """Lines are laid out to fit; this guard keeps the promise if a translation surprises the layout."""
        text = text.rstrip()
        if len(text) <= self.width:
            self.lines.append(text)
            return
        self.lines.extend(part.rstrip() for part in textwrap.wrap(text, self.width, break_long_words=True))

    def wrap(self, text: str, indent: int = 0) -> None:
        pad = " " * indent
        for part in textwrap.wrap(text, self.width - indent, break_long_words=True) or [""]:
            self.add(pad + part)

    def pieces(self, parts: Sequence[str], indent: int = 0) -> None:
        """Short pieces (lot, date, rate) on one line when they fit, else one per line: a piece is never cut."""
        joined = "  ".join(parts)
        if len(joined) <= self.width - indent:
            self.add(" " * indent + joined)
            return
        for part in parts:
            self.wrap(part, indent)

    def center(self, text: str) -> None:
        for part in textwrap.wrap(text, self.width, break_long_words=True) or [""]:
            self.lines.append(part.strip().center(self.width).rstrip())

    def row(self, left: str, right: str, indent: int = 0) -> None:
        """Left text and a right-aligned value on its last line; the left text wraps to leave the value room, and
        the value takes a line of its own only if the paper is too narrow for both."""
        pad = " " * indent
        room = self.width - indent - len(right) - 1
        if room < 8:
            self.wrap(left, indent)
            self.add(right.rjust(self.width))
            return
        parts = [pad + p for p in textwrap.wrap(left, room, break_long_words=True)] or [""]
        parts[-1] = parts[-1] + " " * (self.width - len(parts[-1]) - len(right)) + right
        self.lines.extend(parts)

    def rule(self) -> None:
        self.lines.append("-" * self.width)
