"""Receipt layout from the signed ticket alone, so the paper, its duplicates and its PDF copy can never disagree."""

from __future__ import annotations

import dataclasses
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Flag, auto
from typing import Any, Protocol

from cafepos.domain.errors import N_, BadInput
from cafepos.domain.ticket import ticket_label

MIN_WIDTH = 24
MAX_WIDTH = 80
WIDE = 40  # from this many columns a line item fits on one row (80 mm paper has 48, 58 mm has 32)
CODE_PAGE = "cp858"  # what the printer is switched to: it has € and the French accents, not œ nor typographic quotes
CODES = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# Characters people type or babel produces that the printer's code page lacks, replaced by what reads the same.
_FOLD = str.maketrans({
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\t": " ", "\n": " ", "\r": " ",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2026": "...", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u0153": "oe", "\u0152": "OE", "\u0141": "L", "\u0142": "l", "\u00e6": "ae", "\u00c6": "AE", "\u2022": "\u00b7",
})


class ReceiptFormat(Protocol):
    """How amounts, rates and dates read in the café's language; the adapters' babel Formatter fits."""

    def money(self, cents: int, symbol: bool = True) -> str: ...

    def rate(self, bp: int) -> str: ...

    def datetime(self, moment: datetime) -> str: ...


class Style(Flag):
    """How the printer sets a line; flags combine (a centred bold title), text() ignores them."""

    NORMAL = 0
    BOLD = auto()
    DOUBLE = auto()  # double height, same width: the total stands out without losing columns
    CENTER = auto()


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    text: str
    style: Style = Style.NORMAL


@dataclass(frozen=True, slots=True)
class Receipt:
    """What goes on paper: the printer adapter renders it, the PDF copy and snapshot tests read text()."""

    lines: list[ReceiptLine]
    qr_data: str | None = None
    cut: bool = True
    logo: str | None = None  # an image file printed above the café's name (the printer adapter reads it)

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True, slots=True)
class ReceiptLabels:
    """Every word printed, so the front door can pass gettext translations; {fields} are filled in here."""

    ticket: str = "Ticket {ticket}"
    till: str = "Caisse {till}"
    operator: str = "Opérateur : {operator}"
    on_site: str = "Sur place"
    take_away: str = "À emporter"
    total: str = "TOTAL TTC"
    cash: str = "Espèces"
    card: str = "Carte bancaire"
    cheque: str = "Chèque"
    voucher: str = "Titre-restaurant"
    change: str = "Rendu"
    vat_code: str = "TVA"
    rate: str = "Taux"
    ht: str = "HT"
    vat: str = "TVA"
    ttc: str = "TTC"
    items_one: str = "{n} article"
    items_other: str = "{n} articles"
    lines_one: str = "{n} ligne"
    lines_other: str = "{n} lignes"
    signature: str = "Signature : {signature}"
    duplicate: str = "DUPLICATA n°{k}"
    reprinted: str = "Réimprimé le {time}"
    cancellation: str = "ANNULATION du ticket {ticket}"
    reason: str = "Motif : {reason}"
    discount: str = "Remise : {reason}"
    training: str = "MODE FORMATION - NE PAS REMETTRE"
    siret: str = "SIRET {siret}"
    vat_number: str = "TVA intracom. {vat_number}"
    phone: str = "Tél. {phone}"
    separator: str = " · "
    agent_note: str = "* Vendu au nom et pour le compte de :"
    weighed: str = "{weight} g x {price}/kg"


def printable(text: str) -> str:
    """Folds text into what the printer's code page can show, keeping the width honest (measured after folding)."""
    folded = unicodedata.normalize("NFC", text).translate(_FOLD)
    out = []
    for char in folded:
        if _encodable(char):
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if _encodable(c) and not unicodedata.combining(c))
        out.append(base or "?")
    return "".join(out)


def _encodable(char: str) -> bool:
    if not char.isprintable():
        return False
    try:
        char.encode(CODE_PAGE)
    except UnicodeEncodeError:
        return False
    return True


def signature_extract(signature: str) -> str:
    """Enough of the signature for a person to compare with the journal, in characters every printer has.

    Taken from the end: a DER-encoded ECDSA signature always starts with the same few characters (MEUC, MEQC).
    """
    return signature if len(signature) <= 11 else f"{signature[-8:-4]}...{signature[-4:]}"


def vat_codes(rates: Iterable[int]) -> dict[int, str]:
    """A, B, C... by ascending rate among the rates on this ticket, so the table and the lines agree."""
    return {rate: CODES[i] for i, rate in enumerate(sorted(set(rates)))}


def group_siret(siret: str) -> str:
    digits = siret.replace(" ", "")
    if len(digits) == 14 and digits.isdigit():
        return f"{digits[:3]} {digits[3:6]} {digits[6:9]} {digits[9:]}"
    return siret


class _Printable:
    """Wraps the format so amounts and dates are folded before they are measured."""

    def __init__(self, fmt: ReceiptFormat) -> None:
        self._fmt = fmt

    def money(self, cents: int, symbol: bool = True) -> str:
        return printable(self._fmt.money(cents, symbol))

    def rate(self, bp: int) -> str:
        return printable(self._fmt.rate(bp))

    def datetime(self, moment: datetime) -> str:
        return printable(self._fmt.datetime(moment))


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def _row(left: str, right: str, width: int, indent: int = 0) -> list[str]:
    """Left text and a right-aligned value; the value drops to its own line rather than overflow.

    Wrapped left text keeps its indent, so a long discount reason stays visibly under its line.
    """
    pad = " " * indent
    lines = [pad + part for part in _wrap(left, width - indent)] if left else []
    if not right:
        return lines or [""]
    if lines and len(lines[-1]) + 1 + len(right) <= width:
        last = lines[-1]
        lines[-1] = last + " " * (width - len(last) - len(right)) + right
        return lines
    return lines + [part.rjust(width) for part in _wrap(right, width)]


class _Sheet:
    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[ReceiptLine] = []

    def add(self, text: str, style: Style = Style.NORMAL) -> None:
        text = text.rstrip()
        # The layout never overflows by design; this guard keeps the promise if a translation surprises it.
        parts = [text] if len(text) <= self.width else [text[i:i + self.width] for i in range(0, len(text), self.width)]
        for part in parts:
            self.lines.append(ReceiptLine(part, style))

    def many(self, lines: Iterable[str], style: Style = Style.NORMAL) -> None:
        for line in lines:
            self.add(line, style)

    def center(self, text: str, style: Style = Style.NORMAL) -> None:
        for part in _wrap(text, self.width):
            part = part.strip()
            self.add(" " * ((self.width - len(part)) // 2) + part, style | Style.CENTER)

    def row(self, left: str, right: str, style: Style = Style.NORMAL, width: int | None = None) -> None:
        self.many(_row(left, right, width or self.width), style)

    def rule(self) -> None:
        self.add("-" * self.width)


def layout(payload: Mapping[str, Any], *, width: int, fmt: ReceiptFormat, signature: str, software: str = "cafepos",
           duplicate_no: int | None = None, duplicate_time: str | None = None, header: str = "", footer: str = "",
           labels: ReceiptLabels | None = None, logo: str | None = None) -> Receipt:
    """Lays out a signed ticket for paper `width` columns wide: what domain.md §3 requires, no line wider."""
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise BadInput(N_("A receipt must be between {low} and {high} characters wide, not {width}."),
                       low=MIN_WIDTH, high=MAX_WIDTH, width=width)
    words = ReceiptLabels() if labels is None else labels
    words = dataclasses.replace(words, **{f.name: printable(getattr(words, f.name))
                                          for f in dataclasses.fields(words)})
    money = _Printable(fmt)
    sheet = _Sheet(width)
    label = ticket_label(payload["till"], payload["number"])
    sep = words.separator

    _identity(sheet, payload, words, printable(header))
    if duplicate_no is not None:
        sheet.center(words.duplicate.format(k=duplicate_no), Style.BOLD)
        if duplicate_time:
            sheet.center(words.reprinted.format(time=_moment(duplicate_time, money)))
    if payload["type"] == "cancellation":
        cancelled = ticket_label(payload["till"], payload["cancels"])
        sheet.center(words.cancellation.format(ticket=cancelled), Style.BOLD)
        sheet.many(_wrap(words.reason.format(reason=printable(payload.get("reason") or "")), width))
    if payload.get("training"):
        sheet.center(words.training, Style.BOLD)
    sheet.rule()

    sheet.row(words.ticket.format(ticket=label), _moment(payload["timestamp"], money))
    till = words.till.format(till=payload["till"])
    operator = words.operator.format(operator=printable(payload["operator"]))
    mode = words.on_site if payload["sale_mode"] == "on_site" else words.take_away
    if len(till) + len(sep) + len(operator) + 1 + len(mode) <= width:
        sheet.row(till + sep + operator, mode)
    else:
        sheet.row(till, mode)
        sheet.many(_wrap(operator, width))
    sheet.rule()

    codes = vat_codes(line["vat_rate_bp"] for line in payload["lines"] if not _agent(line))
    _items(sheet, payload["lines"], codes, money, words)
    sheet.rule()
    sheet.row(words.total, money.money(payload["total_cents"]), Style.BOLD | Style.DOUBLE)
    sheet.rule()
    _payments(sheet, payload, money, words)
    sheet.rule()
    _vat_table(sheet, payload["vat"], codes, money, words)
    if payload.get("third_party"):
        # Goods sold in a producer's name are not the café's turnover: shown apart, so the columns still add up.
        sheet.many(_wrap(words.agent_note, width))
        for party in payload["third_party"]:
            sheet.row("  " + printable(party["name"]), money.money(party["amount_cents"], symbol=False),
                      width=width - 2)
    sheet.rule()

    items = sum(line["qty"] for line in payload["lines"])
    count = len(payload["lines"])
    sheet.many(_wrap((words.items_one if abs(items) == 1 else words.items_other).format(n=items) + sep
                     + (words.lines_one if count == 1 else words.lines_other).format(n=count), width))
    version = printable(f"{software} {payload['software_version']}")
    if signature:
        sheet.row(words.signature.format(signature=printable(signature_extract(signature))), version)
    else:
        sheet.row("", version)
    if payload.get("training"):
        sheet.center(words.training, Style.BOLD)
    for part in footer.splitlines():
        if part.strip():
            sheet.center(printable(part))
    qr = f"{label} {signature_extract(signature).replace('...', '')}" if signature else None
    return Receipt(lines=sheet.lines, qr_data=qr, logo=logo or None)


def _moment(text: str, fmt: _Printable) -> str:
    """ISO 8601 from the record, shown the café's way; anything else is shown as the caller wrote it."""
    try:
        return fmt.datetime(datetime.fromisoformat(text))
    except ValueError:
        return printable(text)


def _identity(sheet: _Sheet, payload: Mapping[str, Any], words: ReceiptLabels, header: str) -> None:
    cafe: Mapping[str, str] = payload.get("cafe") or {}
    if cafe.get("name"):
        sheet.center(printable(cafe["name"]).upper(), Style.BOLD)
    for part in (cafe.get("address") or "").splitlines():
        if part.strip():
            sheet.center(printable(part))
    ids = []
    if payload.get("siret"):
        ids.append(words.siret.format(siret=group_siret(printable(payload["siret"]))))
    if cafe.get("vat_number"):
        ids.append(words.vat_number.format(vat_number=printable(cafe["vat_number"])))
    joined = words.separator.join(ids)
    if len(joined) <= sheet.width:
        if joined:
            sheet.center(joined)
    else:
        for part in ids:
            sheet.center(part)
    if cafe.get("phone"):
        sheet.center(words.phone.format(phone=printable(cafe["phone"])))
    for part in header.splitlines():
        if part.strip():
            sheet.center(part)


def _items(sheet: _Sheet, lines: list[dict[str, Any]], codes: dict[int, str], fmt: _Printable,
           words: ReceiptLabels) -> None:
    """One row per line on wide paper (qty x label, unit price, amount, code); two rows on narrow paper.

    The amount column shows qty x unit price and each discount below it as a negative amount, so the column
    adds up to the total printed under it.
    """
    width = sheet.width
    rows = []
    for line in lines:
        gross = line["amount_cents"] + line["discount_cents"]
        # A weighed line's price is per kg: it goes on a row of its own under the label, not in the unit column.
        unit = "" if "weight_g" in line else fmt.money(line["unit_price_cents"], symbol=False)
        rows.append((line, unit, fmt.money(gross, symbol=False),
                     fmt.money(-line["discount_cents"], symbol=False) if line["discount_cents"] else ""))
    qty_w = max(len(str(line["qty"])) for line in lines)
    unit_w = max(len(unit) for _, unit, _, _ in rows) + 2
    amount_w = max(max(len(gross), len(disc)) for _, _, gross, disc in rows) + 2
    prefix_w = qty_w + 3
    label_room = width - (unit_w + amount_w + 2) - 1 - prefix_w
    airy = max(unit_w, 8) - unit_w + max(amount_w, 10) - amount_w  # columns a customer's eye can follow
    if label_room - airy >= 20:
        unit_w, amount_w, label_room = max(unit_w, 8), max(amount_w, 10), label_room - airy
    wide = width >= WIDE and label_room >= 12
    for line, unit, gross, disc in rows:
        code = "*" if _agent(line) else codes[line["vat_rate_bp"]]
        label = printable(line["label"])
        qty = str(line["qty"]).rjust(qty_w)
        weighed = printable(words.weighed.format(weight=line["weight_g"], price=fmt.money(line["unit_price_cents"]))) \
            if "weight_g" in line else ""
        if wide:
            right = f"{unit:>{unit_w}}{gross:>{amount_w}} {code}"
            parts = _wrap(label, label_room)
            sheet.row(f"{qty} x {parts[0]}", right)
            sheet.many(" " * prefix_w + part for part in [*parts[1:], *([weighed] if weighed else [])])
            indent = prefix_w
        else:
            sheet.many(_wrap(label, width))
            sheet.row(f"  {qty} x {weighed or unit}", f"{gross} {code}")
            indent = 4
        if disc:
            reason = printable(line.get("discount_reason") or "")
            text = words.discount.format(reason=reason).strip()
            sheet.many(_row(text, f"{disc} {code}", width, indent))


def _agent(line: Mapping[str, Any]) -> bool:
    party = line.get("party")
    return bool(party and party.get("agent"))


def _payments(sheet: _Sheet, payload: Mapping[str, Any], fmt: _Printable, words: ReceiptLabels) -> None:
    names = {"cash": words.cash, "card": words.card, "cheque": words.cheque, "voucher": words.voucher}
    column = sheet.width - 2  # amounts line up with the item amounts, left of the VAT code
    for payment in payload["payments"]:
        name = names.get(payment["method"], printable(str(payment["method"])))
        sheet.row(name, fmt.money(payment["amount_cents"], symbol=False), width=column)
    paid_cash = any(p["method"] == "cash" for p in payload["payments"])
    if payload["change_cents"] or (paid_cash and payload["type"] == "sale"):
        sheet.row(words.change, fmt.money(payload["change_cents"], symbol=False), width=column)


def _vat_table(sheet: _Sheet, vat: list[dict[str, int]], codes: dict[int, str], fmt: _Printable,
               words: ReceiptLabels) -> None:
    """Code, rate, HT, VAT, TTC per rate, copied from the signed record; stacked when the paper is too narrow."""
    header = [words.vat_code, words.rate, words.ht, words.vat, words.ttc]
    body = [[codes.get(row["rate_bp"], "?"), fmt.rate(row["rate_bp"]), fmt.money(row["ht_cents"], symbol=False),
             fmt.money(row["vat_cents"], symbol=False), fmt.money(row["ttc_cents"], symbol=False)] for row in vat]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(5)]
    # Amounts like "1 234,50" contain spaces: then two spaces at least must part the columns.
    min_gap = 2 if any(" " in cell for cells in body for cell in cells[2:]) else 1
    for room in (sheet.width - 2, sheet.width):  # TTC under the item amounts if it fits, else the full width
        spare = room - sum(widths)
        if spare < 4 * min_gap:
            continue
        gap, extra = divmod(spare, 4)
        for cells in [header, *body]:
            text = cells[0].ljust(widths[0]) + " " * (gap + extra)
            text += (" " * gap).join(cell.rjust(w) for cell, w in zip(cells[1:], widths[1:], strict=True))
            sheet.add(text)
        return
    room = sheet.width - 2
    for code, rate, ht, tax, ttc in body:
        sheet.add(f"{words.vat_code} {code} {rate}")
        for name, value in ((words.ht, ht), (words.vat, tax), (words.ttc, ttc)):
            sheet.row("  " + name, value, width=room)
