"""A4 reports in PDF (the Z and the monthly report) with reportlab, in the café's language, with an embedded font.

The figures come from services.reports (signed closings and tickets); this module only lays them out. The font is
embedded (DejaVu Sans, shipped in resources/fonts) so the € and the accents print the same on any machine.
"""

from __future__ import annotations

import os
from calendar import monthrange
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from babel.dates import format_date
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cafepos import __version__
from cafepos.adapters.formatting import Formatter
from cafepos.adapters.i18n import gettext_for
from cafepos.adapters.pdf_common import BOLD, FONT, CafeLike, register_fonts
from cafepos.adapters.z_paper import ENGLISH_Z, z_labels  # noqa: F401 - re-exported
from cafepos.domain.errors import N_, BadInput
from cafepos.domain.receipt import group_siret
from cafepos.domain.ticket import ticket_label
from cafepos.domain.z_text import METHODS, CafeIdentity, ZReport, cash_rows, deposit_total, hash_extract
from cafepos.services.reports import MonthReport, ReportService

Gettext = Callable[[str], str]
MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN
INK = colors.HexColor("#1f2933")
GREY = colors.HexColor("#616e7c")
LINE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#eef1f4")
BAR = colors.HexColor("#4f7cac")
# Tables that only place blocks: they still need a font, or reportlab sets Helvetica (which is not embedded).
_LAYOUT: list[tuple[Any, ...]] = [("FONT", (0, 0), (-1, -1), FONT, 8), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0)]
_TH_LEFT = ParagraphStyle("th_left", fontName=BOLD, fontSize=7.5, leading=9, textColor=INK)
_TH_RIGHT = ParagraphStyle("th_right", parent=_TH_LEFT, alignment=TA_RIGHT)
_TH_CENTER = ParagraphStyle("th_center", parent=_TH_LEFT, alignment=TA_CENTER)


# -- front doors ---------------------------------------------------------------------------------------------
def write_z_pdf(cafe: CafeLike, payload: Mapping[str, Any], path: str | os.PathLike[str]) -> None:
    """The Z of the signed daily closing `payload` as an A4 PDF (the CLI's `--pdf`)."""
    if payload.get("kind") != "day":
        raise BadInput(N_("Only a daily closing has a Z report."))
    report = ReportService(cafe.journal).z_report(str(payload["period"]))
    render_z_pdf(report, path, language=cafe.settings.get().language, printed_at=cafe.journal.clock.now())


def write_month_pdf(cafe: CafeLike, month: str, path: str | os.PathLike[str]) -> None:
    """The monthly report of `month` (YYYY-MM) as an A4 PDF."""
    report = ReportService(cafe.journal).month_report(month)
    render_month_pdf(report, path, language=cafe.settings.get().language, printed_at=cafe.journal.clock.now())


def render_z_pdf(report: ZReport, path: str | os.PathLike[str], *, language: str = "fr",
                 gettext: Gettext | None = None, printed_at: datetime | None = None) -> None:
    """Lays out a Z already read; `gettext` defaults to the shipped catalogue of `language` (tests pass their own)."""
    ctx = _Ctx.make(language, gettext)
    _ = ctx.gettext
    title = _("Daily closing (Z)")
    ctx.build(path, z_story(report, ctx), title=f"{title} {report.day}", cafe=report.cafe,
              signed_with=str(report.closing.get("software_version") or ""), printed_at=printed_at)


def render_month_pdf(report: MonthReport, path: str | os.PathLike[str], *, language: str = "fr",
                     gettext: Gettext | None = None, printed_at: datetime | None = None) -> None:
    """Lays out a monthly report already read, like render_z_pdf."""
    ctx = _Ctx.make(language, gettext)
    _ = ctx.gettext
    title = _("Monthly report")
    ctx.build(path, month_story(report, ctx), title=f"{title} {report.month}", cafe=report.cafe,
              signed_with="", printed_at=printed_at)


# -- layout helpers ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    """One document's language: its number format, its gettext and its paragraph styles."""

    fmt: Formatter
    gettext: Gettext
    styles: dict[str, ParagraphStyle]

    @staticmethod
    def make(language: str, gettext: Gettext | None) -> _Ctx:
        register_fonts()
        base = ParagraphStyle("base", fontName=FONT, fontSize=8.5, leading=10.5, textColor=INK)
        styles = {
            "base": base,
            "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9, textColor=GREY),
            "cafe": ParagraphStyle("cafe", parent=base, fontName=BOLD, fontSize=13, leading=16),
            "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=15, leading=18, alignment=TA_RIGHT),
            "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
            "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=7,
                                 spaceAfter=3, textColor=BAR),
            "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=9.5),
            "warn": ParagraphStyle("warn", parent=base, fontName=BOLD, textColor=colors.HexColor("#b44d12")),
        }
        return _Ctx(Formatter(language), gettext or gettext_for(language), styles)

    def p(self, text: str, style: str = "base") -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), self.styles[style])

    def h2(self, text: str) -> Paragraph:
        return self.p(text, "h2")

    def money(self, cents: int, symbol: bool = True) -> str:
        return self.fmt.money(cents, symbol)

    def method(self, method: str) -> str:
        _ = self.gettext
        return {"cash": _("Cash"), "card": _("Card"), "cheque": _("Cheque"), "voucher": _("Meal voucher")}.get(
            method, method)

    def build(self, path: str | os.PathLike[str], story: list[Flowable], *, title: str, cafe: CafeIdentity,
              signed_with: str, printed_at: datetime | None) -> None:
        _ = self.gettext
        left = f"{cafe.name} · {title}"
        right = _("cafepos {version}").format(version=__version__)
        if signed_with and signed_with != __version__:
            right += " · " + _("signed with {version}").format(version=signed_with)
        if printed_at is not None:
            right += " · " + _("printed {time}").format(time=self.fmt.datetime(printed_at))

        def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
            canvas.saveState()
            canvas.setFont(FONT, 7)
            canvas.setFillColor(GREY)
            canvas.setStrokeColor(LINE)
            canvas.line(MARGIN, 11 * mm, A4[0] - MARGIN, 11 * mm)
            canvas.drawString(MARGIN, 7.5 * mm, left)
            page = _("page {page}").format(page=canvas.getPageNumber())
            canvas.drawRightString(A4[0] - MARGIN, 7.5 * mm, f"{right} · {page}")
            canvas.restoreState()

        doc = SimpleDocTemplate(os.fspath(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=12 * mm, bottomMargin=16 * mm, title=title, author=cafe.name,
                                creator=f"cafepos {__version__}", subject=title,
                                # else each page starts in Helvetica, the one font that would not be embedded
                                initialFontName=FONT, initialFontSize=8, initialLeading=10)
        doc.build(story, onFirstPage=footer, onLaterPages=footer)


def _table(rows: Sequence[Sequence[Any]], widths: Sequence[float], *, numeric_from: int = 1, header: bool = True,
           total: bool = False, repeat: bool = False, centred: bool = False,
           extra: Sequence[tuple[Any, ...]] = ()) -> Table:
    """A ruled table: header shaded, numbers right-aligned from column `numeric_from` (or everything centred),
    an optional bold total row."""
    body = [list(r) for r in rows]
    if header:  # header words wrap inside their column instead of running into the next one
        body[0] = [Paragraph(escape(c).replace("\n", "<br/>"),
                             _TH_CENTER if centred else _TH_RIGHT if i >= numeric_from else _TH_LEFT)
                   if isinstance(c, str) else c for i, c in enumerate(body[0])]
    table = Table(body, colWidths=list(widths), repeatRows=1 if (header and repeat) else 0, hAlign="LEFT")
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("ALIGN", (0, 0), (-1, -1), "CENTER") if centred else ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE), ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5), ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style += [("FONT", (0, 0), (-1, 0), BOLD, 7.5), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                  ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK)]
    if total:
        style += [("FONT", (0, -1), (-1, -1), BOLD, 8), ("LINEABOVE", (0, -1), (-1, -1), 0.6, INK)]
    table.setStyle(TableStyle(style + list(extra)))
    return table


GAP = 6 * mm


def _columns(split: float = 0.5) -> tuple[float, float]:
    """Widths of the left and right blocks of a side-by-side row, the gap between them taken out."""
    return WIDTH * split - GAP / 2, WIDTH * (1 - split) - GAP / 2


def _fit_widths(rows: Sequence[Sequence[str]], total: float) -> list[float]:
    """Column widths for plain-text rows: each column gets what its widest cell (and the longest word of its
    header) needs, then the room left is shared evenly, so a long header wraps between words, not inside one."""
    pad = 6.0
    needs = []
    for i in range(len(rows[0])):
        head = max(pdfmetrics.stringWidth(word, BOLD, 7.5) for word in str(rows[0][i]).split() or [""])
        cells = max(pdfmetrics.stringWidth(str(r[i]), BOLD, 8) for r in rows[1:]) if len(rows) > 1 else 0.0
        needs.append(max(head, cells) + pad)
    spare = max(0.0, total - sum(needs)) / len(needs)
    return [need + spare for need in needs]


def _figures(headers: Sequence[str], values: Sequence[str], bold_last: bool = True) -> Table:
    """A row of key figures under their names, centred, a little larger than table text."""
    width = WIDTH / len(headers)
    return _table([headers, values], [width] * len(headers), centred=True,
                  extra=[("FONT", (0, 1), (-1, 1), FONT, 9.5), ("TOPPADDING", (0, 1), (-1, 1), 4),
                         ("BOTTOMPADDING", (0, 1), (-1, 1), 4),
                         *([("FONT", (-1, 1), (-1, 1), BOLD, 9.5)] if bold_last else [])])


def _side_by_side(left: Flowable | Sequence[Flowable], right: Flowable | Sequence[Flowable],
                  split: float = 0.5, top: float = 7) -> Table:
    """Two blocks next to each other; `top` stands in for the heading space a table cell would swallow."""
    gap = GAP
    outer = Table([[left, right]], colWidths=[WIDTH * split - gap / 2 + gap, WIDTH * (1 - split) - gap / 2],
                  hAlign="LEFT")
    outer.setStyle(TableStyle([*_LAYOUT,
                               ("RIGHTPADDING", (0, 0), (0, -1), gap), ("RIGHTPADDING", (1, 0), (1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), top), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return outer


def _nice_step(span: int) -> int:
    """An axis step of 1, 2 or 5 × 10^k cents giving at most 5 steps over `span` (integers: money stays exact)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if span <= 5 * step * factor:
                return step * factor
        step *= 10


def _bar_chart(values: Sequence[int], names: Sequence[str], ctx: _Ctx, height: float,
               counts: Sequence[int] | None = None) -> Drawing:
    """Bars of amounts in cents; the axis reads in the café's money format, ticket counts above the bars."""
    drawing = Drawing(WIDTH, height, initialFontName=FONT, initialFontSize=7)  # not reportlab's Helvetica
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 46, 16, WIDTH - 52, height - 26
    chart.data = [list(values) or [0]]
    low, high = min(0, *values) if values else 0, max(1, *values) if values else 1
    step = _nice_step(high - low)
    chart.valueAxis.valueMin = (low // step) * step  # a day of refunds dips below zero
    chart.valueAxis.valueMax = -(-high // step) * step
    chart.valueAxis.valueStep = step
    chart.valueAxis.labelTextFormat = lambda v: ctx.money(round(v), symbol=True)
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.gridStrokeColor = SHADE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.strokeColor = LINE
    chart.categoryAxis.categoryNames = list(names) or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.strokeColor = LINE
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 3
    if counts is not None:
        shown = list(counts)
        chart.barLabelFormat = "values"  # the labels are the counts below, not the amounts
        chart.barLabelArray = [[str(n) if n else "" for n in shown]]
        chart.barLabels.fontName = FONT
        chart.barLabels.fontSize = 6
        chart.barLabels.fillColor = GREY
        chart.barLabels.nudge = 5
    drawing.add(chart)
    return drawing


def _header(ctx: _Ctx, cafe: CafeIdentity, title: str, subtitle: str, lines: Sequence[str]) -> Table:
    """Who (the café and its identifiers) on the left, what and when on the right, ruled below."""
    _ = ctx.gettext
    ids = []
    if cafe.siret:
        ids.append(_("SIRET {siret}").format(siret=group_siret(cafe.siret)))
    if cafe.vat_number:
        ids.append(_("VAT no. {vat_number}").format(vat_number=cafe.vat_number))
    left = [ctx.p(cafe.name, "cafe"), ctx.p(cafe.address), ctx.p(" · ".join(ids), "small")]
    right = [ctx.p(title, "title"), ctx.p(subtitle, "right"), *(ctx.p(line, "right") for line in lines)]
    table = _side_by_side(left, right, 0.48, top=0)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.8, INK), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return table


def _vat_table(ctx: _Ctx, vat: Sequence[Mapping[str, int]], widths: Sequence[float]) -> Table:
    """Rate, HT, VAT, TTC per rate and their totals: the TTC column adds up to the period's total."""
    _ = ctx.gettext
    rows: list[list[str]] = [[_("VAT rate"), _("Net (HT)"), _("VAT"), _("Gross (TTC)")]]
    for r in vat:
        rows.append([ctx.fmt.rate(r["rate_bp"]), ctx.money(r["ht_cents"]), ctx.money(r["vat_cents"]),
                     ctx.money(r["ttc_cents"])])
    rows.append([_("Total"), ctx.money(sum(r["ht_cents"] for r in vat)), ctx.money(sum(r["vat_cents"] for r in vat)),
                 ctx.money(sum(r["ttc_cents"] for r in vat))])
    return _table(rows, widths, total=True)


# -- the Z ---------------------------------------------------------------------------------------------------
def z_story(report: ZReport, ctx: _Ctx) -> list[Flowable]:
    """The Z from top to bottom; sections are kept whole across page breaks."""
    _ = ctx.gettext
    z = report.closing
    day = date.fromisoformat(report.day)
    story: list[Flowable] = [_header(ctx, report.cafe, _("Daily closing (Z)"), ctx.fmt.long_date(day), [
        _("Till {till} · closed by {operator}").format(till=z["till"], operator=z["operator"]),
    ])]
    signed = ctx.fmt.datetime(datetime.fromisoformat(str(z["timestamp"])))
    story.append(_table([
        [_("Signed"), _("Closing hash"), _("Previous closing"), _("Last ticket hash"), _("Software")],
        [signed, hash_extract(report.closing_hash), hash_extract(z.get("previous_closing_hash")),
         hash_extract(z.get("last_ticket_hash")), f"cafepos {z.get('software_version', '')}"],
    ], [WIDTH * 0.2] * 5, numeric_from=5))
    first = ticket_label(z["till"], z["first_ticket"]) if z["first_ticket"] is not None else "-"
    last = ticket_label(z["till"], z["last_ticket"]) if z["last_ticket"] is not None else "-"
    story += [ctx.h2(_("Tickets")), _figures(
        [_("Tickets"), _("Cancellations"), _("First ticket"), _("Last ticket"), _("Sales"),
         _("Cancelled amount"), _("Total (TTC)")],
        [str(z["tickets"]), str(z["cancellations"]), first, last, ctx.money(z["sales_cents"]),
         ctx.money(z["returns_cents"]), ctx.money(z["total_cents"])])]
    half, _right = _columns()
    vat = [ctx.h2(_("VAT")), _vat_table(ctx, z["vat"], [half * 0.22, half * 0.28, half * 0.22, half * 0.28])]
    story.append(_side_by_side(vat, [ctx.h2(_("Payments")), _payments_table(report, ctx, half)]))
    story += [ctx.h2(_("Perpetual grand totals")), _figures(
        [_("Day's total"), _("Perpetual grand total"), _("Perpetual grand total (absolute value)")],
        [ctx.money(z["grand_total_cents"]), ctx.money(z["perpetual_cents"]), ctx.money(z["perpetual_abs_cents"])],
        bold_last=False)]
    story += _cash_check(report, ctx)
    story += _deposit_slip(report, ctx)
    story += _sales_detail(report, ctx)
    return story


def _payments_table(report: ZReport, ctx: _Ctx, width: float) -> Table:
    _ = ctx.gettext
    z = report.closing
    payments: Mapping[str, int] = z["payments"]
    rows = [[_("Method"), _("Amount")]]
    rows += [[ctx.method(m), ctx.money(payments[m])] for m in [*METHODS, *sorted(set(payments) - set(METHODS))]
             if m in payments]
    held = int(z.get("third_party_cents") or 0)
    for entry in (z.get("third_party") or {}).values():
        rows.append([_("Held for {name}").format(name=entry["name"]), ctx.money(-int(entry["amount_cents"]))])
    rows.append([_("Total"), ctx.money(sum(payments.values()) - held)])
    return _table(rows, [width * 0.6, width * 0.4], total=True)


def _cash_check(report: ZReport, ctx: _Ctx) -> list[Flowable]:
    _ = ctx.gettext
    session = report.session
    if session is None:
        return [ctx.h2(_("Cash check")), ctx.p(_("The day was closed without a cash count."), "warn"),
                *corrections(report, ctx)]
    rows = [[_("Method"), _("Expected"), _("Counted"), _("Variance")]]
    extra: list[tuple[Any, ...]] = []
    checks: Mapping[str, Mapping[str, int | None]] = session["checks"]
    for method in [m for m in METHODS if m in checks] + sorted(set(checks) - set(METHODS)):
        c = checks[method]
        counted, variance = c["counted_cents"], c["variance_cents"]
        rows.append([ctx.method(method), ctx.money(c["expected_cents"] or 0),
                     _("not counted") if counted is None else ctx.money(counted),
                     "" if variance is None else ctx.money(variance)])
        if variance:
            extra.append(("TEXTCOLOR", (3, len(rows) - 1), (3, len(rows) - 1), colors.HexColor("#b44d12")))
            extra.append(("FONT", (3, len(rows) - 1), (3, len(rows) - 1), BOLD, 8))
    left, right = _columns(0.6)
    table = _table(rows, [left / 4] * 4, extra=extra)
    facts = _table([
        [_("Opening float"), ctx.money(session["float_cents"])],
        [_("Pay-ins"), ctx.money(session["pay_ins_cents"])],
        [_("Pay-outs"), ctx.money(-int(session["pay_outs_cents"]))],
        [_("Session"), _("{opened} to {closed}").format(
            opened=ctx.fmt.time(datetime.fromisoformat(session["opened_at"])),
            closed=ctx.fmt.time(datetime.fromisoformat(session["closed_at"])))],
    ], [right * 0.55, right * 0.45], header=False)
    out: list[Flowable] = [_side_by_side(table, facts, 0.6, top=0)]
    reason = session.get("variance_reason")
    if reason:
        out += [Spacer(1, 2), ctx.p(_("Reason for the variance: {reason}").format(reason=reason))]
    out += corrections(report, ctx)
    return [KeepTogether([ctx.h2(_("Cash check")), *out])]


def corrections(report: ZReport, ctx: _Ctx) -> list[Flowable]:
    """Counts corrected since the previous Z: a closing is never edited, its correction shows on the next one."""
    _ = ctx.gettext
    return [ctx.p(_("Correction of the count of {day} ({method}): {after} instead of {before} — {reason}").format(
        day=fix["day"], method=ctx.method(fix["method"]), after=ctx.money(fix["counted_cents"]),
        before=ctx.money(fix["previous_cents"] or 0), reason=fix["reason"]), "warn")
        for fix in report.closing.get("corrections") or ()]


def _deposit_slip(report: ZReport, ctx: _Ctx) -> list[Flowable]:
    _ = ctx.gettext
    session = report.session
    if session is None:
        return []
    notes, coins = cash_rows(session)
    pad = 4 * mm
    cols = (WIDTH * 0.29, WIDTH * 0.29, WIDTH * 0.42)
    col, wide = cols[0] - pad, cols[2]

    def pieces(title: str, rows: list[tuple[int, int, int]]) -> Table:
        body = [[title, _("Qty"), _("Amount")]]
        body += [[ctx.money(d), str(n), ctx.money(s)] for d, n, s in rows]
        body.append([_("Subtotal"), str(sum(n for _d, n, _s in rows)), ctx.money(sum(s for _d, _n, s in rows))])
        return _table(body, [col * 0.36, col * 0.28, col * 0.36], total=True)

    cheques = session.get("cheques") or []
    cheque_rows = [[_("Cheque no."), _("Bank"), _("Amount")]]
    cheque_rows += [[str(c["number"]), ctx.p(str(c["bank"]), "cell"), ctx.money(c["amount_cents"])] for c in cheques]
    cheque_rows.append([_("Cheques: {count}").format(count=len(cheques)), "",
                        ctx.money(sum(int(c["amount_cents"]) for c in cheques))])
    counted = sum(s for _d, _n, s in notes + coins)
    summary = [
        [_("Cash counted"), ctx.money(counted)],
        [_("Float kept for the next day"), ctx.money(-int(session["float_kept_cents"]))],
        [_("Cash to the bank"), ctx.money(session["bank_deposit_cents"])],
        [_("Cheques to the bank"), ctx.money(sum(int(c["amount_cents"]) for c in cheques))],
        [_("Total to the bank"), ctx.money(deposit_total(session))],
    ]
    right: list[Flowable] = [_table(summary, [wide * 0.66, wide * 0.34], header=False, total=True)]
    if cheques:
        right += [Spacer(1, 3 * mm), _table(cheque_rows, [wide * 0.3, wide * 0.4, wide * 0.3], numeric_from=2,
                                            total=True)]
    vouchers: Mapping[str, int] = session.get("vouchers_by_issuer") or {}
    if vouchers:
        rows = [[_("Meal vouchers by issuer"), _("Amount")]]
        rows += [[issuer, ctx.money(cents)] for issuer, cents in sorted(vouchers.items())]
        right += [Spacer(1, 3 * mm), _table(rows, [wide * 0.66, wide * 0.34])]
    grid = Table([[pieces(_("Notes"), notes), pieces(_("Coins"), coins), right]], colWidths=list(cols),
                 hAlign="LEFT")
    grid.setStyle(TableStyle([*_LAYOUT,
                              ("RIGHTPADDING", (0, 0), (1, -1), pad), ("RIGHTPADDING", (2, 0), (2, -1), 0)]))
    return [KeepTogether([ctx.h2(_("Bank deposit slip")), grid])]


def _sales_detail(report: ZReport, ctx: _Ctx) -> list[Flowable]:
    _ = ctx.gettext
    half, _right = _columns()
    cats = [[_("Category"), _("Qty"), _("Amount")]]
    cats += [[ctx.p(_("Other") if c.category is None else c.category, "cell"), str(c.qty), ctx.money(c.amount_cents)]
             for c in report.categories]
    cats.append([_("Total"), str(sum(c.qty for c in report.categories)),
                 ctx.money(sum(c.amount_cents for c in report.categories))])
    top = [[_("Best sellers"), _("Qty"), _("Amount")]]
    top += [[ctx.p(f"{i}. {p.label}", "cell"), str(p.qty), ctx.money(p.amount_cents)]
            for i, p in enumerate(report.top_products, start=1)]
    widths = [half * 0.58, half * 0.14, half * 0.28]
    out: list[Flowable] = [_side_by_side([ctx.h2(_("Sales by category")), _table(cats, widths, total=True)],
                                         [ctx.h2(_("Top {n} products").format(n=len(report.top_products))),
                                          _table(top, widths)])]
    hours = report.hours_in_day_order()
    busy = [i for i, b in enumerate(hours) if b.tickets or b.amount_cents]
    if busy:
        shown = hours[busy[0]:busy[-1] + 1]
        chart = _bar_chart([b.amount_cents for b in shown], [f"{b.hour:02d}" for b in shown], ctx, 52 * mm,
                           counts=[b.tickets for b in shown])
        note = _("Takings (TTC) by hour of sale; the figure above a bar is the number of tickets.")
        out.append(KeepTogether([ctx.h2(_("Sales by hour")), chart, ctx.p(note, "small")]))
    return out


# -- the month -----------------------------------------------------------------------------------------------
def month_story(report: MonthReport, ctx: _Ctx) -> list[Flowable]:
    """A row per closed day (the header repeats on each page), the month's totals, VAT, payments and a chart."""
    _ = ctx.gettext
    first = date.fromisoformat(report.month + "-01")
    month_name = format_date(first, "LLLL y", locale=ctx.fmt.locale)
    t = report.totals
    if report.signed:
        status = [_("Monthly closing signed {time}").format(
            time=ctx.fmt.datetime(datetime.fromisoformat(str(t["timestamp"])))),
            _("Closing hash {hash}").format(hash=hash_extract(report.closing_hash))]
    else:
        status = [_("Month not closed yet: provisional totals")]
    story: list[Flowable] = [_header(ctx, report.cafe, _("Monthly report"), month_name, status)]
    if not report.signed:
        story.append(ctx.p(_("The month has no signed closing yet: its totals below are the sum of the signed "
                             "daily closings."), "warn"))
    if report.unclosed_days:
        days = ", ".join(ctx.fmt.date(date.fromisoformat(d)) for d in report.unclosed_days)
        story.append(ctx.p(_("Days with sales but no Z yet (not included): {days}").format(days=days), "warn"))
    if report.signed and not report.matches_days:
        story.append(ctx.p(_("The signed monthly totals differ from the sum of the daily closings: check the "
                             "journal."), "warn"))
    story += [ctx.h2(_("Totals")), _figures(
        [_("Days closed"), _("Tickets"), _("Cancellations"), _("Sales"), _("Cancelled amount"), _("Total (TTC)")],
        [str(len(report.days)), str(t["tickets"]), str(t["cancellations"]), ctx.money(t["sales_cents"]),
         ctx.money(t["returns_cents"]), ctx.money(t["total_cents"])])]
    story += [ctx.h2(_("Daily closings")), ctx.p(_("Amounts in euros, VAT included; VAT columns give the tax "
                                                  "collected at each rate."), "small"), Spacer(1, 2),
              _days_table(report, ctx)]
    if any(not row.counted for row in report.days):
        story.append(ctx.p(_("* closed without a cash count"), "small"))
    half, _right = _columns()
    payments: Mapping[str, int] = t["payments"]
    pay_rows = [[_("Method"), _("Amount")]] + [[ctx.method(m), ctx.money(payments.get(m, 0))] for m in METHODS]
    held = int(t.get("third_party_cents") or 0)
    if held:
        pay_rows.append([_("Held for third parties"), ctx.money(-held)])
    pay_rows.append([_("Total"), ctx.money(sum(payments.values()) - held)])
    story.append(KeepTogether(_side_by_side(
        [ctx.h2(_("VAT for the month")), _vat_table(ctx, t["vat"], [half * 0.22, half * 0.28, half * 0.22,
                                                                     half * 0.28])],
        [ctx.h2(_("Payments for the month")), _table(pay_rows, [half * 0.6, half * 0.4], total=True)])))
    if report.days:
        # Every day of the month has its place, so a gap in the closings shows as a gap in the bars.
        by_day = {int(row.day[8:]): row.total_cents for row in report.days}
        last_day = monthrange(first.year, first.month)[1]
        chart = _bar_chart([by_day.get(d, 0) for d in range(1, last_day + 1)], [str(d) for d in range(1, last_day + 1)],
                           ctx, 60 * mm)
        story.append(KeepTogether([ctx.h2(_("Total (TTC) by day")), chart]))
    return story


def _days_table(report: MonthReport, ctx: _Ctx) -> Table:
    _ = ctx.gettext
    held = any(row.third_party_cents for row in report.days)
    header = [_("Date"), _("Tickets"), _("Total (TTC)")]
    header += [_("VAT") + "\n" + ctx.fmt.rate(r) for r in report.rates]
    header += [ctx.method(m) for m in METHODS] + ([_("Third parties")] if held else [])
    rows: list[list[Any]] = [header]
    for row in report.days:
        day = ctx.fmt.date(date.fromisoformat(row.day)) + ("" if row.counted else " *")
        cells = [day, str(row.tickets), ctx.money(row.total_cents, False)]
        cells += [ctx.money(row.vat_cents.get(r, 0), False) for r in report.rates]
        cells += [ctx.money(row.payments.get(m, 0), False) for m in METHODS]
        rows.append(cells + ([ctx.money(row.third_party_cents, False)] if held else []))
    total = [_("Total"), str(sum(r.tickets for r in report.days)),
             ctx.money(sum(r.total_cents for r in report.days), False)]
    total += [ctx.money(sum(r.vat_cents.get(rate, 0) for r in report.days), False) for rate in report.rates]
    total += [ctx.money(sum(r.payments.get(m, 0) for r in report.days), False) for m in METHODS]
    rows.append(total + ([ctx.money(sum(r.third_party_cents for r in report.days), False)] if held else []))
    table = _table(rows, _fit_widths(rows, WIDTH), total=True, repeat=True,
                   extra=[("FONT", (2, 1), (2, -1), BOLD, 8), ("ROWBACKGROUNDS", (0, 1), (-1, -2),
                                                                [colors.white, colors.HexColor("#f7f9fa")])])
    return table
