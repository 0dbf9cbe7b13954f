"""Producers' documents on A4 (reportlab): the statement (relevé de dépôt-vente) with its commission invoice, and
the deposit sheet (bon de dépôt).

The figures come from the services (services.statements builds and freezes the statement, services.consignment
records the deposit); this module only lays them out, in the café's language, so a printed copy never computes
anything the signed record does not say. The font (DejaVu Sans, shipped in resources/fonts) is embedded so the €,
the accents and the ☐ boxes print the same on any machine.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from babel.dates import format_date
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from cafepos import __version__
from cafepos.adapters.formatting import LOCALES, Formatter
from cafepos.adapters.i18n import gettext_for
from cafepos.adapters.pdf_common import BOLD, FONT, CafeLike, Points, register_fonts
from cafepos.domain.consignment_text import ConsignmentLabels, line_value
from cafepos.domain.receipt import group_siret
from cafepos.services.consignment import Deposit

Gettext = Callable[[str], str]
MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN
TOP, BOTTOM = 12 * mm, 16 * mm
INK = colors.HexColor("#1f2933")
GREY = colors.HexColor("#616e7c")
LINE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#eef1f4")
ACCENT = colors.HexColor("#4f7cac")
WARN = colors.HexColor("#b44d12")
CELL_SIZE = 7.5
ROW = 10.5       # height of a one-line row of a long list, in points
ROW_BASE = 3.2   # its text's baseline above the row's foot
PAD = 3.0        # cell padding, in points
SECTION_MIN = 30 * mm  # room a section needs at the foot of a page: its heading, the table's and a few rows


# -- front doors ---------------------------------------------------------------------------------------------
def write_statement_pdf(cafe: CafeLike, statement: Mapping[str, Any], path: str | os.PathLike[str]) -> None:
    """The statement (issued or not) as the CLI's `--pdf`: in the café's language, printed now."""
    render_statement_pdf(statement, path, language=cafe.settings.get().language, printed_at=cafe.journal.clock.now())


def write_deposit_pdf(cafe: CafeLike, deposit: Deposit, path: str | os.PathLike[str]) -> None:
    """The deposit sheet the producer signs when leaving goods; the café's identity is today's settings."""
    settings = cafe.settings.get()
    identity = {"name": settings.cafe_name, "address": settings.cafe_address, "siret": settings.siret,
                "vat_number": settings.vat_number, "phone": settings.cafe_phone}
    render_deposit_pdf(deposit, identity, path, language=settings.language, printed_at=cafe.journal.clock.now())


def render_statement_pdf(statement: Mapping[str, Any], path: str | os.PathLike[str], *, language: str = "fr",
                         gettext: Gettext | None = None, printed_at: datetime | None = None) -> None:
    """Lays out a statement already computed; an issued one gets its commission invoice on a page of its own."""
    ctx = _Ctx.make(language, gettext)
    _ = ctx.gettext
    number = statement.get("number")
    producer = str(statement["producer"]["name"])
    title = (_("Statement n°{number}").format(number=number) if number is not None
             else _("Draft statement"))
    invoice = statement.get("invoice") if number is not None else None
    if invoice:
        title += " · " + _("Invoice {number}").format(number=invoice["number"])
    credit = statement.get("credit_note") if number is not None else None
    if credit:
        title += " · " + _("Credit note {number}").format(number=credit["number"])
    footer = f"{title} · {producer} · {ctx.month(str(statement['period']))}"
    story = statement_story(statement, ctx)
    ctx.build(path, story, title=f"{title} — {producer}", footer=footer, cafe=statement["cafe"],
              printed_at=printed_at, draft=number is None)


def render_deposit_pdf(deposit: Deposit, cafe: Mapping[str, str], path: str | os.PathLike[str], *,
                       language: str = "fr", gettext: Gettext | None = None,
                       printed_at: datetime | None = None) -> None:
    """Lays out a recorded deposit sheet, with room for both signatures."""
    ctx = _Ctx.make(language, gettext)
    _ = ctx.gettext
    title = _("Deposit sheet n°{number}").format(number=deposit.number)
    ctx.build(path, deposit_story(deposit, cafe, ctx), title=f"{title} — {deposit.producer.name}",
              footer=f"{title} · {deposit.producer.name}", cafe=cafe, printed_at=printed_at, draft=False)


def consignment_labels(language: str, gettext: Gettext | None = None) -> ConsignmentLabels:
    """The words of the paper copies (domain.consignment_text) through the same gettext as the PDFs."""
    _ = gettext or statement_gettext(language)
    return ConsignmentLabels(
        siret=_("SIRET {siret}"), vat_number=_("VAT no. {vat_number}"), deposit_title=_("DEPOSIT SHEET n°{number}"),
        date=_("Date"), producer=_("Producer: {name}"), lot=_("Lot {lot}"), dlc=_("Use by {date}"),
        ddm=_("Best before {date}"), vat_rate=_("VAT {rate}"), total_value=_("Total value"), items=_("Items"),
        owner_note=_("The producer owns the goods until they are sold."), sign_cafe=_("Signed for the café:"),
        sign_producer=_("Signed by the producer:"), statement_title=_("CONSIGNMENT STATEMENT n°{number}"),
        draft_title=_("DRAFT STATEMENT - NOT ISSUED"), corrects=_("Correction of statement n°{number}"),
        period=_("Period"), period_value=_("{start} - {end}"), sold=_("sold {qty}"),
        stock=_("stock {opening} -> {closing}"), gross=_("Gross sales"), commission=_("Commission {rate}"),
        commission_ht=_("Commission excl. VAT"), commission_vat=_("VAT {rate}"),
        commission_ttc=_("Commission incl. VAT"), cafe_losses=_("Losses borne by the café"), net_due=_("NET DUE"),
        due=_("Pay by"), invoice=_("Commission invoice"), no_sales=_("Nothing happened in the period."))


# -- words ---------------------------------------------------------------------------------------------------
def statement_gettext(language: str) -> Gettext:
    """The café's catalogue; tests/test_i18n.py keeps every word of these legal documents translated."""
    catalogue: Gettext = gettext_for(language)
    return catalogue


# -- fonts and context ---------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    """One document's language (numbers, words, styles) and memos: a 5,000-sale month repeats the same few dates
    and prices, and babel is the slow part of laying it out."""

    language: str
    fmt: Formatter
    gettext: Gettext
    styles: dict[str, ParagraphStyle]
    _money: dict[tuple[int, bool], str] = field(default_factory=dict)
    _dates: dict[str, str] = field(default_factory=dict)
    _fits: dict[tuple[str, float], str] = field(default_factory=dict)
    _widths: dict[tuple[str, str], float] = field(default_factory=dict)

    @staticmethod
    def make(language: str, gettext: Gettext | None) -> _Ctx:
        register_fonts()
        base = ParagraphStyle("base", fontName=FONT, fontSize=8.5, leading=10.5, textColor=INK)
        styles = {
            "base": base,
            "small": ParagraphStyle("small", parent=base, fontSize=7, leading=8.5, textColor=GREY),
            "cafe": ParagraphStyle("cafe", parent=base, fontName=BOLD, fontSize=13, leading=16),
            "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=13, leading=16, alignment=TA_RIGHT),
            "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
            "box_title": ParagraphStyle("box_title", parent=base, fontName=BOLD, fontSize=8, leading=10,
                                        textColor=ACCENT),
            "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=8,
                                 spaceAfter=3, textColor=ACCENT),
            "cell": ParagraphStyle("cell", parent=base, fontSize=CELL_SIZE, leading=9),
            "th": ParagraphStyle("th", parent=base, fontName=BOLD, fontSize=7, leading=8.5),
            "th_right": ParagraphStyle("th_right", parent=base, fontName=BOLD, fontSize=7, leading=8.5,
                                       alignment=TA_RIGHT),
            "warn": ParagraphStyle("warn", parent=base, fontName=BOLD, textColor=WARN, alignment=TA_RIGHT),
            "note": ParagraphStyle("note", parent=base, alignment=TA_RIGHT, textColor=GREY),
            "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER, textColor=GREY),
        }
        return _Ctx(language, Formatter(language), gettext or statement_gettext(language), styles)

    def p(self, text: str, style: str = "base") -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), self.styles[style])

    def bold(self, text: str, style: str = "base") -> Paragraph:
        return Paragraph(f"<b>{escape(text)}</b>", self.styles[style])

    def money(self, cents: int, symbol: bool = True) -> str:
        key = (cents, symbol)
        text = self._money.get(key)
        if text is None:
            text = self._money[key] = self.fmt.money(cents, symbol)
        return text

    def qty(self, row: Mapping[str, Any], key: str = "qty") -> str:
        return self.fmt.quantity(int(row[key]), row.get("unit"))

    def qty_total(self, rows: Sequence[Mapping[str, Any]], key: str = "qty") -> str:
        """The sum of a quantity column, or nothing where pieces and kilograms would be added together."""
        units = {row.get("unit") for row in rows}
        return self.fmt.quantity(sum(int(row[key]) for row in rows), units.pop()) if len(units) == 1 else ""

    def date(self, iso: str | None) -> str:
        if not iso:
            return ""
        text = self._dates.get(iso)
        if text is None:
            try:
                text = self.fmt.date(date.fromisoformat(iso[:10]))
            except ValueError:
                text = iso
            self._dates[iso] = text
        return text

    def month(self, period: str) -> str:
        """"mai 2026": the period as people say it."""
        try:
            first = date.fromisoformat(period + "-01")
        except ValueError:
            return period
        return str(format_date(first, format="LLLL y", locale=LOCALES.get(self.language, "fr_FR")))

    def moment(self, iso: str | None) -> str:
        if not iso:
            return ""
        try:
            return self.fmt.datetime(datetime.fromisoformat(iso))
        except ValueError:
            return iso

    def width(self, text: str, font: str = FONT) -> Points:
        """The width of a cell's text in points, remembered: the same amounts come back thousands of times."""
        key = (text, font)
        out = self._widths.get(key)
        if out is None:
            out = self._widths[key] = pdfmetrics.stringWidth(text, font, CELL_SIZE)
        return out

    def fit(self, text: str, width: Points, font: str = FONT, size: Points = CELL_SIZE) -> str:
        """The text cut with an ellipsis to `width` points: long tables keep one line per row (and their speed);
        the full label is in the stock table above."""
        key = (text, width)
        out = self._fits.get(key)
        if out is None:
            out = text
            if pdfmetrics.stringWidth(text, font, size) > width:
                while out and pdfmetrics.stringWidth(out + "…", font, size) > width:
                    out = out[:-1]
                out = out.rstrip() + "…"
            self._fits[key] = out
        return out

    def build(self, path: str | os.PathLike[str], story: list[Flowable], *, title: str, footer: str,
              cafe: Mapping[str, str], printed_at: datetime | None, draft: bool) -> None:
        _ = self.gettext
        left = f"{cafe.get('name', '')} · {footer}"
        right = _("cafepos {version}").format(version=__version__)
        if printed_at is not None:
            right += " · " + _("printed {time}").format(time=self.fmt.datetime(printed_at))
        page_words = _("page {page} of {pages}")
        watermark = _("DRAFT") if draft else ""

        def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
            if watermark:
                canvas.saveState()
                canvas.setFont(BOLD, 72)
                canvas.setFillColor(colors.Color(0.85, 0.35, 0.1, alpha=0.10))
                canvas.translate(A4[0] / 2, A4[1] / 2)
                canvas.rotate(50)
                canvas.drawCentredString(0, 0, watermark)
                canvas.restoreState()

        def draw_footer(canvas: Canvas, page: int, pages: int) -> None:
            canvas.saveState()
            canvas.setFont(FONT, 7)
            canvas.setFillColor(GREY)
            canvas.setStrokeColor(LINE)
            canvas.line(MARGIN, 11 * mm, A4[0] - MARGIN, 11 * mm)
            numbers = page_words.format(page=page, pages=pages)
            right_text = f"{right} · {numbers}"
            canvas.drawRightString(A4[0] - MARGIN, 7.5 * mm, right_text)
            room = A4[0] - 2 * MARGIN - canvas.stringWidth(right_text, FONT, 7) - 4 * mm
            text = left  # a long producer's name must not run into the page numbers
            while text and canvas.stringWidth(text, FONT, 7) > room:
                text = text[:-2] + "…"
            canvas.drawString(MARGIN, 7.5 * mm, text)
            canvas.restoreState()

        doc = BaseDocTemplate(os.fspath(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                              topMargin=TOP, bottomMargin=BOTTOM, title=title, author=cafe.get("name", ""),
                              creator=f"cafepos {__version__}", subject=title,
                              # else each page starts in Helvetica, the one font that would not be embedded
                              initialFontName=FONT, initialFontSize=8.5)
        # No frame padding: tables WIDTH wide then line up with the paragraphs and the header rule.
        frame = Frame(MARGIN, BOTTOM, WIDTH, A4[1] - TOP - BOTTOM, leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
        with _binary_streams():
            doc.build(story, canvasmaker=_numbered(draw_footer))


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Page streams compressed but not ASCII85-armoured while this document is written: reportlab's pure-Python
    ASCII85 took a sixth of the time of a 5,000-sale month, and the file is a fifth smaller. The setting is
    reportlab's global, so it is put back for whatever else the process writes."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def _numbered(draw: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each footer can say "page 2 of 5": a statement that
    both sides sign must show that no page is missing."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                draw(self, number, pages)
                super().showPage()
            super().save()

    return NumberedCanvas


# -- shared blocks -------------------------------------------------------------------------------------------
def _cafe_block(cafe: Mapping[str, str], ctx: _Ctx) -> list[Flowable]:
    _ = ctx.gettext
    out: list[Flowable] = [ctx.p(cafe.get("name", ""), "cafe")]
    if cafe.get("address"):
        out.append(ctx.p(cafe["address"]))
    ids = []
    if cafe.get("siret"):
        ids.append(_("SIRET {siret}").format(siret=group_siret(cafe["siret"])))
    if cafe.get("vat_number"):
        ids.append(_("VAT no. {vat_number}").format(vat_number=cafe["vat_number"]))
    if ids:
        out.append(ctx.p(" · ".join(ids), "small"))
    if cafe.get("phone"):
        out.append(ctx.p(_("Tel. {phone}").format(phone=cafe["phone"]), "small"))
    return out


def _head(cafe: Mapping[str, str], right: list[Flowable], ctx: _Ctx) -> Table:
    table = Table([[_cafe_block(cafe, ctx), right]], colWidths=[WIDTH * 0.44, WIDTH * 0.56])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("FONT", (0, 0), (-1, -1), FONT, 8),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return table


def _boxes(left_title: str, left: list[str], right_title: str, right: list[str], ctx: _Ctx) -> Table:
    """Two framed blocks side by side (producer and contract, seller and customer)."""
    cells = [[ctx.p(left_title, "box_title"), *[ctx.p(x) for x in left]],
             [ctx.p(right_title, "box_title"), *[ctx.p(x) for x in right]]]
    table = Table([cells], colWidths=[WIDTH * 0.42, WIDTH * 0.58])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), FONT, 8),
                               ("BOX", (0, 0), (0, 0), 0.5, LINE), ("BOX", (1, 0), (1, 0), 0.5, LINE),
                               ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                               ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5)]))
    return table


def _producer_lines(producer: Mapping[str, Any], ctx: _Ctx, contact: str = "") -> list[str]:
    _ = ctx.gettext
    out = [str(producer["name"])]
    if producer.get("address"):
        out.append(str(producer["address"]))
    siret = str(producer.get("siret") or "")
    out.append(_("SIRET {siret}").format(siret=group_siret(siret)) if siret else _("SIRET: not given"))
    status = {"vat": _("registered for VAT"), "franchise": _("VAT-free threshold (franchise en base)"),
              "flat_rate": _("agricultural flat-rate scheme")}.get(str(producer.get("vat_status")))
    if status:
        out.append(_("VAT: {status}").format(status=status))
    if producer.get("vat_number"):
        out.append(_("VAT no. {vat_number}").format(vat_number=producer["vat_number"]))
    if contact:
        out.append(_("Contact: {contact}").format(contact=contact))
    return out


def _payment_terms(days: int, ctx: _Ctx) -> str:
    _ = ctx.gettext
    return _("{days} days after the end of the month").format(days=days) if days else _("at the end of the month")


def _contract_lines(contract: Mapping[str, Any], ctx: _Ctx) -> list[str]:
    _ = ctx.gettext
    mode = (_("transparent agent (sold in the producer's name and on their behalf)") if contract["mode"] == "agent"
            else _("commissionnaire (sold in the café's own name)"))
    rate, vat = ctx.fmt.rate(int(contract["commission_bp"])), ctx.fmt.rate(2000)
    commission = (_("Commission: {rate} of gross sales, VAT included ({vat} VAT inside)")
                  if contract["commission_includes_vat"]
                  else _("Commission: {rate} of gross sales, before VAT ({vat} VAT on top)"))
    days = int(contract["payment_days"])
    payment = (_("Payment: {days} days after the end of the month").format(days=days) if days
               else _("Payment: at the end of the month"))
    who = _("the café") if contract["losses_borne_by"] == "cafe" else _("the producer")
    rates: Mapping[str, int] = contract.get("rates_by_category") or {}
    by_category = [_("{category}: {rate}").format(category=category, rate=ctx.fmt.rate(int(bp)))
                   for category, bp in rates.items()]
    return [_("Mode: {mode}").format(mode=mode), commission.format(rate=rate, vat=vat), *by_category, payment,
            _("Losses borne by: {who}").format(who=who)]


def _signatures(ctx: _Ctx) -> Table:
    _ = ctx.gettext
    cell = [[ctx.p(_("For the café (name, date, signature)"), "box_title"), ctx.p(_("Read and approved"), "small")],
            [ctx.p(_("The producer (name, date, signature)"), "box_title"), ctx.p(_("Read and approved"), "small")]]
    table = Table([[cell[0], "", cell[1]]], colWidths=[WIDTH * 0.48, WIDTH * 0.04, WIDTH * 0.48],
                  rowHeights=[30 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), FONT, 8),
                               ("BOX", (0, 0), (0, 0), 0.6, INK), ("BOX", (2, 0), (2, 0), 0.6, INK),
                               ("TOPPADDING", (0, 0), (-1, -1), 4), ("LEFTPADDING", (0, 0), (-1, -1), 5)]))
    return table


@dataclass(frozen=True)
class _Col:
    """A column of a data table: its heading, its width in mm, and whether it holds numbers (right-aligned)."""

    title: str
    width: Points
    numeric: bool = False


def _table(cols: Sequence[_Col], rows: list[list[Any]], ctx: _Ctx, total: list[Any] | None = None) -> Table:
    """A data table whose heading repeats at the top of every page it runs onto (repeatRows=1); its cells may
    hold paragraphs that wrap."""
    header = [ctx.p(c.title, "th_right" if c.numeric else "th") for c in cols]
    data = [header, *rows] + ([total] if total else [])
    table = Table(data, colWidths=[c.width * mm for c in cols], repeatRows=1)
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, CELL_SIZE), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, LINE), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5), ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3), ("LINEBELOW", (0, 1), (-1, -1), 0.25, SHADE)]
    for i, c in enumerate(cols):
        if c.numeric:
            style.append(("ALIGN", (i, 1), (i, -1), "RIGHT"))
    if total:
        style += [("FONT", (0, -1), (-1, -1), BOLD, CELL_SIZE), ("LINEABOVE", (0, -1), (-1, -1), 0.6, INK)]
    table.setStyle(TableStyle(style))
    return table


class _Rows(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A long list of one-line rows (a month of sales) drawn straight onto the canvas, its heading repeated on
    every page it runs onto, like a Table with repeatRows=1.

    reportlab's Table measures and styles every cell one by one: 5,000 sales took 1.5 to 2.5 s. Here each row is
    a few strings in one text object per page, so the same month is laid out in a fraction of a second.
    """

    def __init__(self, cols: Sequence[_Col], rows: Sequence[Sequence[str]], ctx: _Ctx,
                 total: Sequence[str] | None = None) -> None:
        super().__init__()
        self.cols, self.rows, self.ctx, self.total = cols, rows, ctx, total
        self.header = [ctx.p(c.title, "th_right" if c.numeric else "th") for c in cols]
        self.header_height = max(h.wrap(c.width * mm - 2 * PAD, A4[1])[1] for h, c in zip(self.header, cols,
                                                                                             strict=True)) + 2 * PAD

    def _body_rows(self) -> int:
        return len(self.rows) + (1 if self.total else 0)

    def wrap(self, avail_width: Points, avail_height: Points) -> tuple[Points, Points]:
        self.width, self.height = WIDTH, self.header_height + self._body_rows() * ROW
        return self.width, self.height

    def split(self, avail_width: Points, avail_height: Points) -> list[Flowable]:
        fit = int((avail_height - self.header_height) // ROW)
        if fit < 3:
            return []  # a heading with a row or two at the foot of a page reads badly: start on the next one
        if fit >= self._body_rows():
            return [self]
        keep = min(fit, len(self.rows) - 1)  # the total row never stands alone on a page
        if keep < 1:
            return []
        return [_Rows(self.cols, self.rows[:keep], self.ctx), _Rows(self.cols, self.rows[keep:], self.ctx,
                                                                    self.total)]

    def draw(self) -> None:
        canvas: Canvas = self.canv
        top = self.height
        canvas.saveState()
        canvas.setFillColor(SHADE)
        canvas.rect(0, top - self.header_height, WIDTH, self.header_height, stroke=0, fill=1)
        x = 0.0
        for head, col in zip(self.header, self.cols, strict=True):
            _w, h = head.wrap(col.width * mm - 2 * PAD, self.header_height)
            head.drawOn(canvas, x + PAD, top - PAD - h)
            x += col.width * mm
        y = top - self.header_height
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.6)
        canvas.line(0, y, WIDTH, y)
        edges = []
        x = 0.0
        for col in self.cols:
            edges.append((x + PAD, x + col.width * mm - PAD, col.numeric))
            x += col.width * mm
        text = canvas.beginText()
        text.setFont(FONT, CELL_SIZE)
        text.setFillColor(INK)
        width = self.ctx.width
        separators = []
        for row in self.rows:
            y -= ROW
            for (left, right, numeric), cell in zip(edges, row, strict=True):
                if cell:
                    text.setTextOrigin(right - width(cell) if numeric else left, y + ROW_BASE)
                    text.textLine(cell)  # not textOut: that measures the text again
            separators.append((0, y, WIDTH, y))
        canvas.drawText(text)
        canvas.setStrokeColor(SHADE)
        canvas.setLineWidth(0.25)
        if separators:
            canvas.lines(separators)
        if self.total:
            y -= ROW
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(0.6)
            canvas.line(0, y + ROW, WIDTH, y + ROW)
            bold = canvas.beginText()
            bold.setFont(BOLD, CELL_SIZE)
            bold.setFillColor(INK)
            for (left, right, numeric), cell in zip(edges, self.total, strict=True):
                if cell:
                    bold.setTextOrigin(right - self.ctx.width(cell, BOLD) if numeric else left, y + ROW_BASE)
                    bold.textOut(cell)
            canvas.drawText(bold)
        canvas.restoreState()


def _section(title: str, cols: Sequence[_Col], rows: list[list[Any]], ctx: _Ctx, total: list[Any] | None = None,
             long: bool = False) -> list[Flowable]:
    """A heading and its table; the heading moves to the next page with its table rather than stand alone at the
    foot of one (CondPageBreak, not keepWithNext: that would push a table longer than a page onto a new page)."""
    _ = ctx.gettext
    head = [CondPageBreak(SECTION_MIN), ctx.p(title, "h2")]
    if not rows:
        return [*head, ctx.p(_("None in the period."), "small")]
    if long:
        return [*head, _Rows(cols, rows, ctx, total)]
    return [*head, _table(cols, rows, ctx, total)]


# -- the statement -------------------------------------------------------------------------------------------
def statement_story(st: Mapping[str, Any], ctx: _Ctx) -> list[Flowable]:
    """Everything domain.md §7 lists, in reading order: who, what was left, sold, returned, lost; what is due;
    signatures; then the commission invoice on its own page when the statement is issued."""
    _ = ctx.gettext
    number = st.get("number")
    right: list[Flowable] = []
    if number is None:
        right.append(ctx.p(_("Draft statement — not issued"), "title"))
    else:
        right.append(ctx.p(_("Consignment statement n°{number}").format(number=number), "title"))
    if st.get("corrects"):
        right.append(ctx.p(_("Correction of statement n°{number}").format(number=st["corrects"]), "warn"))
    right.append(ctx.p(_("Period: {month} (from {start} to {end})").format(
        month=ctx.month(str(st["period"])), start=ctx.date(st["from"]), end=ctx.date(st["to"])), "right"))
    if number is None:
        issued = st.get("issued") or []
        note = (_("Not issued: the figures may still change. Already issued for this month: n°{numbers}.").format(
            numbers=", ".join(str(n) for n in issued)) if issued else _("Not issued: the figures may still change."))
        right.append(ctx.p(note, "warn"))
    else:
        right.append(ctx.p(_("Issued on {time} by {operator}.").format(time=ctx.moment(st.get("issued_at")),
                                                                       operator=st.get("operator") or ""), "note"))
    if st.get("corrects"):
        right.append(ctx.p(_("This statement replaces statement n°{number}.").format(number=st["corrects"]), "note"))
    # the answer the producer looks for first, on page 1 even when the sales run over several pages
    right.append(ctx.bold(_("Net due {amount}, to be paid by {date}").format(
        amount=ctx.money(int(st["net_due_cents"])), date=ctx.date(st["payment_due"])), "right"))
    story: list[Flowable] = [_head(st["cafe"], right, ctx), Spacer(1, 5 * mm),
                             _boxes(_("Producer"), _producer_lines(st["producer"], ctx),
                                    _("Contract"), _contract_lines(st["contract"], ctx), ctx)]
    story += _stock(st, ctx)
    story += _deposits(st, ctx)
    story += _sales(st, ctx)
    story += _returns(st, ctx)
    story += _losses(st, ctx)
    story.append(KeepTogether(_settlement(st, ctx)))
    if number is not None and st.get("invoice"):
        story += [PageBreak(), *invoice_story(st, ctx)]
    if number is not None and st.get("credit_note"):
        story += [PageBreak(), *invoice_story(st, ctx, credit_note=True)]
    return story


def _stock(st: Mapping[str, Any], ctx: _Ctx) -> list[Flowable]:
    _ = ctx.gettext
    cols = [_Col(_("Product"), 46), _Col(_("Lot"), 20), _Col(_("Use-by / best-before"), 18),
            _Col(_("Opening stock"), 13, True), _Col(_("Deposited"), 13, True), _Col(_("Sold"), 12, True),
            _Col(_("Returned"), 12, True), _Col(_("Lost"), 12, True), _Col(_("Closing stock"), 13, True),
            _Col(_("Sales"), 21, True)]
    keys = ("opening_qty", "deposited_qty", "sold_qty", "returned_qty", "lost_qty", "closing_qty")
    lines: Sequence[Mapping[str, Any]] = st["lines"]
    rows = [[ctx.p(str(x["label"]), "cell"), ctx.p(str(x["lot"]), "cell"), ctx.date(x.get("dlc")),
             *[ctx.qty(x, k) for k in keys], ctx.money(int(x["amount_cents"]))] for x in lines]
    total = [_("Total"), "", "", *[ctx.qty_total(lines, k) for k in keys], ctx.money(int(st["gross_cents"]))]
    return _section(_("Stock by product and lot"), cols, rows, ctx, total if len(lines) > 1 else None)


def _deposits(st: Mapping[str, Any], ctx: _Ctx) -> list[Flowable]:
    _ = ctx.gettext
    deposits: Sequence[Mapping[str, Any]] = st["deposits"]
    cols = [_Col(_("Date"), 22), _Col(_("Product"), 88), _Col(_("Lot"), 28), _Col(_("Use-by / best-before"), 26),
            _Col(_("Qty"), 16, True)]
    rows = [[ctx.date(d["date"]), ctx.p(str(d["label"]), "cell"), ctx.p(str(d["lot"]), "cell"), ctx.date(d["dlc"]),
             ctx.qty(d)] for d in deposits]
    return _section(_("Deposits ({count})").format(count=len(deposits)), cols, rows, ctx)


def _sales(st: Mapping[str, Any], ctx: _Ctx) -> list[Flowable]:
    _ = ctx.gettext
    sales: Sequence[Mapping[str, Any]] = st["sales"]
    cols = [_Col(_("Date"), 18), _Col(_("Time"), 13), _Col(_("Product"), 56), _Col(_("Lot"), 22),
            _Col(_("Qty"), 10, True), _Col(_("Unit price"), 19, True), _Col(_("Amount"), 21, True),
            _Col(_("Ticket"), 21, True)]
    product_width, lot_width = 56 * mm - 2 * PAD - 1, 22 * mm - 2 * PAD - 1
    rows = []
    for s in sales:
        qty, amount = int(s["qty"]), int(s["amount_cents"])
        # the unit price is shown only when it is exact: a line with a discount has none of its own, and a weighed
        # one is priced per kg
        unit = ctx.money(amount // qty) if qty and amount % qty == 0 and s.get("unit") != "g" else ""
        ticket = s.get("ticket")
        rows.append([ctx.date(s["date"]), str(s["time"])[:5], ctx.fit(str(s["label"]), product_width),
                     ctx.fit(str(s["lot"]), lot_width), ctx.qty(s), unit, ctx.money(amount),
                     f"{ticket:06d}" if isinstance(ticket, int) else str(ticket or "")])
    total = [_("Total"), "", "", "", ctx.qty_total(sales), "",
             ctx.money(sum(int(s["amount_cents"]) for s in sales)), ""]
    return _section(_("Sales ({count})").format(count=len(sales)), cols, rows, ctx, total, long=True)


def _returns(st: Mapping[str, Any], ctx: _Ctx) -> list[Flowable]:
    _ = ctx.gettext
    returns: Sequence[Mapping[str, Any]] = st["returns"]
    cols = [_Col(_("Date"), 20), _Col(_("Product"), 60), _Col(_("Lot"), 24), _Col(_("Qty"), 14, True),
            _Col(_("Reason"), 62)]
    rows = [[ctx.date(r["date"]), ctx.p(str(r["label"]), "cell"), ctx.p(str(r["lot"]), "cell"), ctx.qty(r),
             ctx.p(str(r.get("reason") or ""), "cell")] for r in returns]
    return _section(_("Returns to the producer ({count})").format(count=len(returns)), cols, rows, ctx)


def _losses(st: Mapping[str, Any], ctx: _Ctx) -> list[Flowable]:
    _ = ctx.gettext
    losses: Sequence[Mapping[str, Any]] = st["losses"]
    cols = [_Col(_("Date"), 18), _Col(_("Product"), 45), _Col(_("Lot"), 20), _Col(_("Qty"), 11, True),
            _Col(_("Reason"), 40), _Col(_("Borne by"), 22), _Col(_("Value"), 24, True)]
    who = {"cafe": _("café"), "producer": _("producer")}
    rows = [[ctx.date(x["date"]), ctx.p(str(x["label"]), "cell"), ctx.p(str(x["lot"]), "cell"), ctx.qty(x),
             ctx.p(str(x.get("reason") or ""), "cell"), who.get(str(x.get("borne_by")), str(x.get("borne_by") or "")),
             ctx.money(int(x["value_cents"]))] for x in losses]
    return _section(_("Losses ({count})").format(count=len(losses)), cols, rows, ctx)


def _settlement(st: Mapping[str, Any], ctx: _Ctx) -> list[Flowable]:
    """The sum people check by hand: gross − commission TTC + losses the café bears = net due."""
    _ = ctx.gettext
    vat_rate = ctx.fmt.rate(int(st["commission_vat_rate_bp"]))
    rows = [[_("Gross sales (collected for the producer)"), "", ctx.money(int(st["gross_cents"]))],
            [_("Commission excl. VAT"), ctx.money(int(st["commission_ht_cents"])), ""],
            [_("VAT on the commission {rate}").format(rate=vat_rate), ctx.money(int(st["commission_vat_cents"])), ""],
            [_("Commission incl. VAT (deducted)"), "", ctx.money(-int(st["commission_ttc_cents"]))],
            [_("Losses borne by the café"), "", ctx.money(int(st["cafe_losses_cents"]))],
            [_("NET DUE TO THE PRODUCER"), "", ctx.money(int(st["net_due_cents"]))]]
    table = Table(rows, colWidths=[WIDTH - 70 * mm, 35 * mm, 35 * mm])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 9), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("TEXTCOLOR", (1, 1), (1, 2), GREY),
        ("LINEBELOW", (0, 0), (-1, -2), 0.25, SHADE),
        ("FONT", (0, -1), (-1, -1), BOLD, 10.5), ("BACKGROUND", (0, -1), (-1, -1), SHADE),
        ("BOX", (0, -1), (-1, -1), 0.8, INK), ("TOPPADDING", (0, -1), (-1, -1), 4),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 5)]))
    days = int(st["contract"]["payment_days"])
    out: list[Flowable] = [ctx.p(_("Settlement"), "h2"), *_by_rate(st, ctx), table, Spacer(1, 3 * mm),
                           ctx.p(_("To be paid by {date} ({terms}).").format(date=ctx.date(st["payment_due"]),
                                                                             terms=_payment_terms(days, ctx))),
                           Spacer(1, 1.5 * mm),
                           ctx.p(_("Paid by: ☐ transfer ☐ cheque ☐ cash      on: ____ / ____ / ________"))]
    invoice = st.get("invoice")
    if st.get("number") is None or not invoice:
        out.append(ctx.p(_("The commission invoice is drawn up when the statement is issued."), "small"))
    else:
        out.append(ctx.p(_("Commission invoice {number} follows.").format(number=invoice["number"]), "small"))
    out += [Spacer(1, 4 * mm), _signatures(ctx)]
    return out


def _by_rate(st: Mapping[str, Any], ctx: _Ctx) -> list[Flowable]:
    """Where categories of goods have their own commission rate, each rate's share, as the contract computes it."""
    _ = ctx.gettext
    parts: Sequence[Mapping[str, int]] = st.get("commission_by_rate") or []
    if len(parts) < 2:
        return []
    cols = [_Col(_("Commission rate"), 50), _Col(_("Gross sales"), 33, True), _Col(_("Excl. VAT"), 33, True),
            _Col(_("VAT"), 30, True), _Col(_("Incl. VAT"), 34, True)]
    rows = [[ctx.fmt.rate(p["rate_bp"]), ctx.money(p["gross_cents"]), ctx.money(p["commission_ht_cents"]),
             ctx.money(p["commission_vat_cents"]), ctx.money(p["commission_ttc_cents"])] for p in parts]
    return [_table(cols, rows, ctx), Spacer(1, 3 * mm)]


def _rate_words(st: Mapping[str, Any], ctx: _Ctx) -> str:
    """The rate in the invoice's description: one rate, or each category's."""
    _ = ctx.gettext
    contract = st["contract"]
    rates: Mapping[str, int] = contract.get("rates_by_category") or {}
    main = ctx.fmt.rate(int(contract["commission_bp"]))
    if not rates:
        return main
    others = ", ".join(f"{category} {ctx.fmt.rate(int(bp))}" for category, bp in rates.items())
    return _("{main} ({others})").format(main=main, others=others)


def invoice_story(st: Mapping[str, Any], ctx: _Ctx, credit_note: bool = False) -> list[Flowable]:
    """The café's invoice for its commission, with the mentions a French invoice between businesses needs
    (C. com. L441-9, CGI 242 nonies A): both parties' identities, number, date, service and its period,
    HT, rate, VAT, TTC, due date, late-payment terms; it is settled by deduction from the statement.

    With `credit_note`, the credit note (avoir) that cancels the invoice of the statement this one corrects: an
    invoice once issued is never changed, it is cancelled for its whole amount."""
    _ = ctx.gettext
    invoice: Mapping[str, Any] = st["credit_note"] if credit_note else st["invoice"]
    cafe: Mapping[str, str] = st["cafe"]
    start, end = ctx.date(st["from"]), ctx.date(st["to"])
    heading = _("Credit note n°{number}") if credit_note else _("Commission invoice n°{number}")
    right: list[Flowable] = [
        ctx.p(heading.format(number=invoice["number"]), "title"),
        ctx.p(_("Invoice date: {date}").format(date=ctx.date(invoice["date"])), "right")]
    seller = [cafe.get("name", ""), cafe.get("address", "")]
    if cafe.get("siret"):
        seller.append(_("SIRET {siret}").format(siret=group_siret(cafe["siret"])))
    if cafe.get("vat_number"):
        seller.append(_("VAT no. {vat_number}").format(vat_number=cafe["vat_number"]))
    if cafe.get("legal"):
        seller.append(cafe["legal"])
    rate = _rate_words(st, ctx)
    vat_rate = ctx.fmt.rate(int(invoice["vat_rate_bp"]))
    if credit_note:
        description = [ctx.bold(_("Cancels invoice {invoice} (statement n°{number})").format(
                           invoice=invoice["cancels"], number=st["corrects"]), "cell"),
                       ctx.p(_("Commission on consignment sales, period {start} to {end}").format(
                           start=start, end=end), "cell")]
    else:
        description = [ctx.bold(_("Commission on consignment sales, period {start} to {end}").format(
                           start=start, end=end), "cell"),
                       ctx.p(_("{rate} of {gross} gross sales, statement n°{number}").format(
                           rate=rate, gross=ctx.money(int(st["gross_cents"])), number=st["number"]), "cell")]
    cols = [_Col(_("Description"), 105), _Col(_("Excl. VAT"), 25, True), _Col(_("VAT {rate}").format(rate=vat_rate),
                                                                              25, True),
            _Col(_("Incl. VAT"), 25, True)]
    lines = _table(cols, [[description, ctx.money(int(invoice["ht_cents"])), ctx.money(int(invoice["vat_cents"])),
                           ctx.money(int(invoice["ttc_cents"]))]], ctx)
    totals = Table([[_("Total excl. VAT"), ctx.money(int(invoice["ht_cents"]))],
                    [_("VAT {rate}").format(rate=vat_rate), ctx.money(int(invoice["vat_cents"]))],
                    [_("Total incl. VAT"), ctx.money(int(invoice["ttc_cents"]))]],
                   colWidths=[45 * mm, 30 * mm], hAlign="RIGHT")
    totals.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9), ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                                ("LINEBELOW", (0, 0), (-1, -2), 0.25, SHADE), ("FONT", (0, -1), (-1, -1), BOLD, 10),
                                ("BACKGROUND", (0, -1), (-1, -1), SHADE), ("BOX", (0, -1), (-1, -1), 0.8, INK)]))
    story: list[Flowable] = [
        _head(cafe, right, ctx), Spacer(1, 5 * mm),
        _boxes(_("Seller"), [x for x in seller if x], _("Customer"), _producer_lines(st["producer"], ctx), ctx),
        Spacer(1, 6 * mm), lines, Spacer(1, 4 * mm), totals, Spacer(1, 6 * mm),
        ctx.p(_("Service period: {start} to {end}.").format(start=start, end=end))]
    if credit_note:
        story += [Spacer(1, 1.5 * mm), ctx.bold(_(
            "Invoice {invoice} is cancelled for its whole amount; invoice {new} of statement n°{number} replaces it.")
            .format(invoice=invoice["cancels"], new=st["invoice"]["number"], number=st["number"]))]
        return story
    story += [
        Spacer(1, 1.5 * mm),
        ctx.bold(_("Settled by set-off. Net to deduct from statement n°{number} (net due to the producer {net}).")
                 .format(number=st["number"], net=ctx.money(int(st["net_due_cents"])))),
        Spacer(1, 1.5 * mm),
        ctx.p(_("Due date: {date}.").format(date=ctx.date(st["payment_due"])))]
    if st.get("corrects"):
        story += [Spacer(1, 1.5 * mm), ctx.p(_("Statement n°{number} replaces statement n°{corrects}.").format(
            number=st["number"], corrects=st["corrects"]))]
    story += [Spacer(1, 4 * mm), ctx.p(_(
        "No discount for early payment. Late payment: penalties at three times the legal interest rate and a fixed "
        "recovery fee of 40 € (French Commercial Code, art. L441-10)."), "small")]
    return story


# -- the deposit sheet ---------------------------------------------------------------------------------------
def deposit_story(deposit: Deposit, cafe: Mapping[str, str], ctx: _Ctx) -> list[Flowable]:
    """What the producer left, as both sides sign it: products, quantities, agreed prices, lots and dates."""
    _ = ctx.gettext
    producer = deposit.producer
    right: list[Flowable] = [ctx.p(_("Deposit sheet n°{number}").format(number=deposit.number), "title"),
                             ctx.p(_("Date: {date}").format(date=ctx.date(deposit.business_date)), "right")]
    party = {"name": producer.name, "address": producer.address, "siret": producer.siret,
             "vat_status": producer.vat_status, "vat_number": producer.vat_number}
    contract = {"mode": producer.mode, "commission_bp": producer.commission_bp,
                "commission_includes_vat": producer.commission_includes_vat, "payment_days": producer.payment_days,
                "losses_borne_by": producer.losses_borne_by, "rates_by_category": deposit.rates}
    cols = [_Col(_("Product"), 58), _Col(_("Lot"), 22), _Col(_("Use-by / best-before"), 26), _Col(_("Qty"), 12, True),
            _Col(_("Agreed retail price"), 24, True), _Col(_("Value"), 22, True), _Col(_("VAT rate"), 16, True)]
    rows = []
    total = count = 0
    weighed = False
    for line in deposit.lines:
        qty, price = int(line["qty"]), int(line["unit_price_cents"] or 0)
        value = line_value(line)
        total += value
        if line.get("unit") == "g":
            weighed = True
        else:
            count += qty
        dlc = line.get("dlc")
        when = ""
        if dlc:
            kind = _("Best before {date}") if line.get("dlc_kind") == "ddm" else _("Use by {date}")
            when = kind.format(date=ctx.date(str(dlc)))
        price_text = ctx.money(price) + ("/kg" if line.get("unit") == "g" else "")
        rows.append([ctx.p(str(line["label"]), "cell"), ctx.p(str(line["lot"]), "cell"), when, ctx.qty(line),
                     price_text, ctx.money(value), ctx.fmt.rate(int(line["vat_rate_bp"]))])
    table = _table(cols, rows, ctx, [_("Total value"), "", "", "" if weighed else str(count), "", ctx.money(total),
                                     ""])
    return [_head(cafe, right, ctx), Spacer(1, 5 * mm),
            _boxes(_("Producer"), _producer_lines(party, ctx, producer.contact), _("Contract"),
                   _contract_lines(contract, ctx), ctx),
            Spacer(1, 6 * mm), table, Spacer(1, 5 * mm),
            ctx.p(_("The producer owns the goods until they are sold and sets their retail price.")),
            ctx.p(_("The producer vouches for the lots and dates written above.")),
            Spacer(1, 6 * mm), _signatures(ctx)]
