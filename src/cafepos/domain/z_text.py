"""The Z report as a value, and its layout for the receipt printer: the paper Z and the A4 PDF read the same figures.

The value lives in the domain (not in the services that build it) so this pure layout, the PDF adapter and the
tests can all take it without reaching up a ring.
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from cafepos.domain.errors import N_, BadInput
from cafepos.domain.receipt import MAX_WIDTH, MIN_WIDTH, group_siret, printable
from cafepos.domain.ticket import ticket_label

METHODS = ("cash", "card", "cheque", "voucher")
NOTE_MIN_CENTS = 500  # 5 € and up are notes; below are coins


@dataclass(frozen=True, slots=True)
class CafeIdentity:
    """Who the report is about; on a Z it is taken from the day's signed tickets, not today's settings."""

    name: str
    address: str
    siret: str
    vat_number: str


@dataclass(frozen=True, slots=True)
class CategoryTotal:
    """Net sales of a catalogue category; `category` is None for products the catalogue no longer files."""

    category: str | None
    qty: int
    amount_cents: int


@dataclass(frozen=True, slots=True)
class ProductTotal:
    product_ref: str
    label: str
    qty: int
    amount_cents: int


@dataclass(frozen=True, slots=True)
class HourBucket:
    """Sales tickets and net takings (cancellations deducted) in one hour of the local clock."""

    hour: int
    tickets: int
    amount_cents: int


@dataclass(frozen=True)
class ZReport:
    """The signed daily closing, unchanged, with what the day's signed tickets add: categories, products, hours.

    The extras cover the café's own turnover only (goods sold in a producer's name are money held for them), so
    categories and hours add up to `closing["total_cents"]` exactly like the VAT table does.
    """

    closing: Mapping[str, Any]
    closing_hash: str
    cafe: CafeIdentity
    categories: tuple[CategoryTotal, ...]
    top_products: tuple[ProductTotal, ...]
    hours: tuple[HourBucket, ...]  # 24 buckets, index = hour
    cutoff_hour: int = 4           # the business day starts at this hour: charts read from it

    @property
    def day(self) -> str:
        return str(self.closing["period"])

    @property
    def session(self) -> Mapping[str, Any] | None:
        """The cash count of the closing session; None when the day was closed without counting the drawer."""
        session: Mapping[str, Any] | None = self.closing.get("session")
        return session

    def hours_in_day_order(self) -> list[HourBucket]:
        """The 24 buckets from the cutoff hour on, so a late evening comes after the afternoon, not before dawn."""
        return [self.hours[(self.cutoff_hour + i) % 24] for i in range(24)]


def hash_extract(digest: str | None, size: int = 8) -> str:
    """Enough of a hash for a person to find the record in the journal (the full hash is in the journal)."""
    if not digest:
        return "-"
    return digest if len(digest) <= 2 * size + 3 else f"{digest[:size]}...{digest[-size:]}"


def cash_rows(session: Mapping[str, Any]) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """(denomination, pieces, subtotal) of the counted drawer, notes then coins, largest first."""
    rows = sorted(((int(r["denomination_cents"]), int(r["count"])) for r in session.get("cash_count", ())),
                  reverse=True)
    notes = [(d, n, d * n) for d, n in rows if d >= NOTE_MIN_CENTS]
    coins = [(d, n, d * n) for d, n in rows if d < NOTE_MIN_CENTS]
    return notes, coins


def deposit_total(session: Mapping[str, Any]) -> int:
    """Cash taken to the bank plus the cheques listed on the slip (vouchers go to their issuers, not the bank)."""
    return int(session["bank_deposit_cents"]) + sum(int(c["amount_cents"]) for c in session.get("cheques", ()))


class ZFormat(Protocol):
    """How amounts, rates and dates read in the café's language; the adapters' babel Formatter fits."""

    def money(self, cents: int, symbol: bool = True) -> str: ...

    def rate(self, bp: int) -> str: ...

    def date(self, day: date) -> str: ...

    def datetime(self, moment: datetime) -> str: ...


@dataclass(frozen=True, slots=True)
class ZLabels:
    """Every word of the paper Z, French by default; the front door passes gettext translations instead."""

    title: str = "CLÔTURE JOURNALIÈRE (Z)"
    siret: str = "SIRET {siret}"
    vat_number: str = "TVA intracom. {vat_number}"
    date: str = "Date"
    till: str = "Caisse {till}"
    operator: str = "Opérateur : {operator}"
    signed: str = "Signée le"
    hash: str = "Empreinte"
    previous: str = "Clôture préc."
    tickets: str = "Tickets"
    cancellations: str = "Annulations"
    numbers: str = "Tickets n°"
    sales: str = "Ventes"
    returns: str = "Annulations (montant)"
    total: str = "TOTAL TTC"
    rate: str = "Taux"
    ht: str = "HT"
    vat: str = "TVA"
    ttc: str = "TTC"
    payments: str = "RÈGLEMENTS"
    cash: str = "Espèces"
    card: str = "Carte bancaire"
    cheque: str = "Chèque"
    voucher: str = "Titre-restaurant"
    third_party: str = "Encaissé pour des tiers"
    check: str = "CONTRÔLE DE CAISSE"
    not_counted: str = "Journée close sans comptage"
    expected: str = "Attendu"
    counted: str = "Compté"
    variance: str = "Écart"
    reason: str = "Motif : {reason}"
    float_opening: str = "Fond de caisse"
    pay_ins: str = "Entrées"
    pay_outs: str = "Sorties"
    deposit: str = "REMISE EN BANQUE"
    counted_total: str = "Total compté"
    float_kept: str = "Fond conservé"
    cash_to_bank: str = "Espèces en banque"
    cheques: str = "Chèques ({count})"
    bank_total: str = "Total en banque"
    categories: str = "PAR CATÉGORIE"
    other: str = "Autres"
    top: str = "MEILLEURES VENTES"
    hours: str = "PAR HEURE"
    hour_column: str = "Heure"
    amount: str = "Montant"
    hour: str = "{hour} h"
    perpetual: str = "Grand total perpétuel"
    perpetual_abs: str = "Grand total perpétuel absolu"
    software: str = "{software} {version}"


def z_lines(report: ZReport, width: int, fmt: ZFormat, labels: ZLabels | None = None,
            software: str = "cafepos") -> list[str]:
    """The Z for paper `width` columns wide (32 on 58 mm, 48 on 80 mm): no line is wider, every word folded
    into what the printer's code page has."""
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise BadInput(N_("A receipt must be between {low} and {high} characters wide, not {width}."),
                       low=MIN_WIDTH, high=MAX_WIDTH, width=width)
    words = ZLabels() if labels is None else labels
    words = dataclasses.replace(words, **{f.name: printable(getattr(words, f.name))
                                          for f in dataclasses.fields(words)})
    sheet = _Sheet(width, _Folded(fmt))
    z = report.closing
    _head(sheet, report, words)
    _counts(sheet, z, words)
    _vat(sheet, z["vat"], words)
    _payments(sheet, z, words)
    session = report.session
    if session is None:
        sheet.center(words.not_counted)
        sheet.rule()
    else:
        _check(sheet, session, words)
        _deposit(sheet, session, words)
    if z.get("corrections"):
        _corrections(sheet, z, words)
        sheet.rule()
    _extras(sheet, report, words)
    money = sheet.fmt.money
    sheet.row(words.perpetual, money(int(z["perpetual_cents"])))
    sheet.row(words.perpetual_abs, money(int(z["perpetual_abs_cents"])))
    sheet.center(words.software.format(software=software, version=printable(str(z["software_version"]))))
    return sheet.lines


class _Folded:
    """The format with its output folded for the printer, so widths are measured on what is printed."""

    def __init__(self, fmt: ZFormat) -> None:
        self._fmt = fmt

    def money(self, cents: int, symbol: bool = True) -> str:
        return printable(self._fmt.money(cents, symbol))

    def rate(self, bp: int) -> str:
        return printable(self._fmt.rate(bp))

    def date(self, day: date) -> str:
        return printable(self._fmt.date(day))

    def moment(self, text: str) -> str:
        try:
            return printable(self._fmt.datetime(datetime.fromisoformat(text)))
        except ValueError:
            return printable(text)


class _Sheet:
    def __init__(self, width: int, fmt: _Folded) -> None:
        self.width = width
        self.fmt = fmt
        self.lines: list[str] = []

    def add(self, text: str) -> None:
        """Lines are laid out to fit; this guard keeps the promise if a translation surprises the layout."""
        text = text.rstrip()
        if len(text) <= self.width:
            self.lines.append(text)
            return
        self.lines.extend(part.rstrip() for part in textwrap.wrap(text, self.width, break_long_words=True))

    def center(self, text: str) -> None:
        for part in textwrap.wrap(text, self.width, break_long_words=True) or [""]:
            self.lines.append(part.strip().center(self.width).rstrip())

    def row(self, left: str, right: str, indent: int = 0) -> None:
        """Left text and a right-aligned value on its last line; the left text wraps (keeping its indent) to
        leave the value room, and the value takes a line of its own only if it is wider than the paper allows."""
        pad = " " * indent
        room = self.width - indent - len(right) - 1
        if room < 8:
            self.lines.extend(pad + p for p in textwrap.wrap(left, self.width - indent, break_long_words=True))
            self.add(right.rjust(self.width))
            return
        parts = [pad + p for p in textwrap.wrap(left, room, break_long_words=True)] or [""]
        parts[-1] = parts[-1] + " " * (self.width - len(parts[-1]) - len(right)) + right
        self.lines.extend(parts)

    def rule(self) -> None:
        self.lines.append("-" * self.width)

    def title(self, text: str) -> None:
        self.add(text)


def _head(sheet: _Sheet, report: ZReport, words: ZLabels) -> None:
    z, cafe = report.closing, report.cafe
    if cafe.name:
        sheet.center(printable(cafe.name).upper())
    for part in cafe.address.splitlines():
        if part.strip():
            sheet.center(printable(part))
    if cafe.siret:
        sheet.center(words.siret.format(siret=group_siret(printable(cafe.siret))))
    if cafe.vat_number:
        sheet.center(words.vat_number.format(vat_number=printable(cafe.vat_number)))
    sheet.rule()
    sheet.center(words.title)
    sheet.row(words.date, sheet.fmt.date(date.fromisoformat(report.day)))
    sheet.row(words.till.format(till=z["till"]), words.operator.format(operator=printable(str(z["operator"]))))
    sheet.row(words.signed, sheet.fmt.moment(str(z["timestamp"])))
    sheet.row(words.hash, hash_extract(report.closing_hash, 6 if sheet.width < 40 else 8))
    sheet.row(words.previous, hash_extract(z.get("previous_closing_hash"), 6 if sheet.width < 40 else 8))
    sheet.rule()


def _counts(sheet: _Sheet, z: Mapping[str, Any], words: ZLabels) -> None:
    money = sheet.fmt.money
    sheet.row(words.tickets, str(z["tickets"]))
    sheet.row(words.cancellations, str(z["cancellations"]))
    if z["first_ticket"] is not None:
        first, last = ticket_label(z["till"], z["first_ticket"]), ticket_label(z["till"], z["last_ticket"])
        sheet.row(words.numbers, f"{first} - {last}")
    sheet.row(words.sales, money(int(z["sales_cents"])))
    sheet.row(words.returns, money(int(z["returns_cents"])))
    sheet.row(words.total, money(int(z["total_cents"])))
    sheet.rule()


def _vat(sheet: _Sheet, vat: list[Mapping[str, int]], words: ZLabels) -> None:
    """Rate, HT, VAT, TTC in columns when they fit, else one block per rate."""
    fmt = sheet.fmt
    header = [words.rate, words.ht, words.vat, words.ttc]
    body = [[fmt.rate(r["rate_bp"]), fmt.money(r["ht_cents"], False), fmt.money(r["vat_cents"], False),
             fmt.money(r["ttc_cents"], False)] for r in vat]
    widths = [max(len(cells[i]) for cells in [header, *body]) for i in range(4)]
    if sum(widths) + 6 <= sheet.width:
        gap = (sheet.width - sum(widths)) // 3
        for cells in [header, *body]:
            text = cells[0].ljust(widths[0])
            text += "".join(" " * gap + cell.rjust(w) for cell, w in zip(cells[1:], widths[1:], strict=True))
            sheet.add(text.rjust(sheet.width))
    else:
        for rate, ht, tax, ttc in body:
            sheet.add(f"{words.vat} {rate}")
            for name, value in ((words.ht, ht), (words.vat, tax), (words.ttc, ttc)):
                sheet.row(name, value, indent=2)
    sheet.rule()


def _method(words: ZLabels, method: str) -> str:
    return {"cash": words.cash, "card": words.card, "cheque": words.cheque, "voucher": words.voucher}.get(
        method, printable(method))


def _payments(sheet: _Sheet, z: Mapping[str, Any], words: ZLabels) -> None:
    sheet.title(words.payments)
    payments: Mapping[str, int] = z["payments"]
    for method in [*METHODS, *sorted(set(payments) - set(METHODS))]:
        if method in payments:
            sheet.row(_method(words, method), sheet.fmt.money(int(payments[method])), indent=2)
    held = int(z.get("third_party_cents") or 0)
    if held:
        sheet.row(words.third_party, sheet.fmt.money(held), indent=2)
        for entry in (z.get("third_party") or {}).values():
            sheet.row(printable(str(entry["name"])), sheet.fmt.money(int(entry["amount_cents"]), False), indent=4)
    sheet.rule()


def _check(sheet: _Sheet, session: Mapping[str, Any], words: ZLabels) -> None:
    money = sheet.fmt.money
    sheet.title(words.check)
    sheet.row(words.float_opening, money(int(session["float_cents"]), False), indent=2)
    if session.get("pay_ins_cents"):
        sheet.row(words.pay_ins, money(int(session["pay_ins_cents"]), False), indent=2)
    if session.get("pay_outs_cents"):
        sheet.row(words.pay_outs, money(-int(session["pay_outs_cents"]), False), indent=2)
    checks: Mapping[str, Mapping[str, int | None]] = session["checks"]
    for method in [m for m in METHODS if m in checks] + sorted(set(checks) - set(METHODS)):
        c = checks[method]
        expected = c["expected_cents"] or 0
        if not expected and c["counted_cents"] is None:
            continue
        sheet.add(_method(words, method))
        sheet.row(words.expected, money(expected, False), indent=2)
        counted, variance = c["counted_cents"], c["variance_cents"]
        sheet.row(words.counted, "-" if counted is None else money(counted, False), indent=2)
        if variance is not None:
            sheet.row(words.variance, money(variance, False), indent=2)
    if session.get("variance_reason"):
        sheet.add(words.reason.format(reason=printable(str(session["variance_reason"]))))
    sheet.rule()


def _corrections(sheet: _Sheet, closing: Mapping[str, Any], words: ZLabels) -> None:
    """Counts corrected since the previous Z: a closing is never edited, its correction shows on the next one."""
    money = sheet.fmt.money
    for fix in closing.get("corrections") or ():
        sheet.add(printable(f"{fix['day']} {_method(words, fix['method'])}: {money(fix['counted_cents'], False)}"
                            f" <- {money(fix['previous_cents'] or 0, False)}"))
        sheet.add(words.reason.format(reason=printable(str(fix["reason"]))))


def _deposit(sheet: _Sheet, session: Mapping[str, Any], words: ZLabels) -> None:
    money = sheet.fmt.money
    sheet.title(words.deposit)
    notes, coins = cash_rows(session)
    for denom, pieces, subtotal in notes + coins:
        sheet.row(f"{money(denom)} x {pieces}", money(subtotal, False), indent=2)
    counted = sum(subtotal for _, _, subtotal in notes + coins)
    sheet.row(words.counted_total, money(counted, False))
    sheet.row(words.float_kept, money(-int(session["float_kept_cents"]), False))
    sheet.row(words.cash_to_bank, money(int(session["bank_deposit_cents"]), False))
    cheques = session.get("cheques") or []
    if cheques:
        sheet.row(words.cheques.format(count=len(cheques)),
                  money(sum(int(c["amount_cents"]) for c in cheques), False))
        for c in cheques:
            sheet.row(printable(f"{c['number']} {c['bank']}"), money(int(c["amount_cents"]), False), indent=2)
    sheet.row(words.bank_total, money(deposit_total(session)))
    sheet.rule()


def _extras(sheet: _Sheet, report: ZReport, words: ZLabels) -> None:
    money = sheet.fmt.money
    if report.categories:
        sheet.title(words.categories)
        for cat in report.categories:
            name = words.other if cat.category is None else printable(cat.category)
            sheet.row(name, money(cat.amount_cents, False), indent=2)
        sheet.rule()
    if report.top_products:
        sheet.title(words.top)
        for rank, product in enumerate(report.top_products, start=1):
            sheet.row(f"{rank:>2}. {product.qty} x {printable(product.label)}", money(product.amount_cents, False))
        sheet.rule()
    busy = [b for b in report.hours_in_day_order() if b.tickets or b.amount_cents]
    if busy:
        sheet.title(words.hours)
        hour_w = max(len(words.hour.format(hour="00")), len(words.hour_column))
        count_w = max(len(words.tickets), 4)
        sheet.row(f"{words.hour_column:<{hour_w}} {words.tickets:>{count_w}}", words.amount, indent=2)
        for bucket in busy:
            hour = words.hour.format(hour=f"{bucket.hour:02d}")
            sheet.row(f"{hour:<{hour_w}} {bucket.tickets:>{count_w}}", money(bucket.amount_cents, False), indent=2)
        sheet.rule()
