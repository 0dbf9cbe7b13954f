"""Z and monthly reports: a known day at the café, its A4 PDFs read back as text, and the paper Z.

The figures expected here are worked out by hand from the day's story, not taken from the code under test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from cafepos.adapters.clock import FixedClock
from cafepos.adapters.db.store import SqlStore
from cafepos.adapters.formatting import Formatter
from cafepos.adapters.i18n import gettext_for
from cafepos.adapters.reports import ENGLISH_Z, render_z_pdf, write_month_pdf, write_z_pdf, z_labels
from cafepos.bootstrap import Cafe, open_cafe
from cafepos.domain.cash import parse_count
from cafepos.domain.errors import BadInput, NotFound
from cafepos.domain.ticket import Payment, PaymentMethod, SaleMode
from cafepos.domain.z_text import ZReport, z_lines
from cafepos.services.closings import Cheque, CloseCount
from cafepos.services.reports import ReportService, day_extras
from cafepos.services.sales import BasketItem

PARIS = ZoneInfo("Europe/Paris")
CASH, CARD, CHEQUE, VOUCHER = PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.CHEQUE, PaymentMethod.VOUCHER
FR = Formatter("fr")


def norm(text: str) -> str:
    """babel's French amounts use narrow and ordinary no-break spaces; compare with plain spaces."""
    return re.sub(r"[ \t]+", " ", text.replace("\u202f", " ").replace("\xa0", " "))


def money(cents: int) -> str:
    return norm(FR.money(cents))


def pdf_text(path: Path) -> str:
    return norm("\n".join(page.extract_text() for page in PdfReader(path).pages))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 8, 0, tzinfo=PARIS))


@pytest.fixture
def day_cafe(cafe_path: Path, clock: FixedClock) -> Iterator[Cafe]:
    c = open_cafe(cafe_path, clock=clock)
    yield c
    c.close()


def at(clock: FixedClock, day: int, hour: int, minute: int = 0, month: int = 3) -> None:
    clock.moment = datetime(2026, month, day, hour, minute, tzinfo=PARIS)


def items(cafe: Cafe, *spec: tuple[str, int]) -> list[BasketItem]:
    return [BasketItem(cafe.catalog.resolve(label).id, qty) for label, qty in spec]


@pytest.fixture
def closed_day(day_cafe: Cafe, clock: FixedClock) -> dict[str, Any]:
    """2 March 2026: six sales and a cancellation, a pay-out, a count 0.10 short; the Z is signed at 21:00."""
    cafe = day_cafe
    nadia, paul = cafe.users.acting("Nadia"), cafe.users.acting("Paul")
    cafe.till.open(nadia, parse_count("50x1,20x2,10x1,5x2,2x5,1x5,0.50x4"))            # 127.00 €
    sell = cafe.sales.ring_up
    at(clock, 2, 8, 10)
    sell(paul, items(cafe, ("Café", 2), ("Croissant", 1)), SaleMode.ON_SITE, [Payment(CASH, 500)])      # 3.80
    at(clock, 2, 12, 15)
    sell(paul, items(cafe, ("Croque-monsieur", 1), ("Soda (verre)", 1)), SaleMode.ON_SITE, [Payment(CARD, 830)])
    at(clock, 2, 12, 40)
    sell(paul, items(cafe, ("Bière pression 50 cl", 2)), SaleMode.ON_SITE, [Payment(CHEQUE, 1160)])
    at(clock, 2, 13, 5)
    sell(paul, items(cafe, ("Sandwich jambon-beurre", 1), ("Café", 1)), SaleMode.ON_SITE,
         [Payment(VOUCHER, 450), Payment(CASH, 200)])                                                   # 5.80
    at(clock, 2, 16, 40)
    sell(paul, items(cafe, ("Canette soda 33 cl", 2)), SaleMode.TAKE_AWAY, [Payment(CARD, 360)])       # 3.60
    at(clock, 2, 18, 5)
    pastis = sell(paul, items(cafe, ("Pastis", 2)), SaleMode.ON_SITE, [Payment(CASH, 1000)])            # 5.60
    at(clock, 2, 18, 7)
    cafe.sales.cancel(nadia, pastis.number, "commande en double")
    at(clock, 2, 18, 30)
    cafe.till.pay_out(nadia, 1200, "lait à l'épicerie")
    # Expected cash: 127.00 + 3.80 + 1.30 + 5.60 − 5.60 − 12.00 = 120.10; counted 120.00.
    at(clock, 2, 21, 0)
    closed = cafe.closings.close_session(nadia, CloseCount(
        cash=parse_count("50x1,20x2,10x2,5x1,2x2,0.50x2"), cheques=[Cheque("0012345", "Crédit Agricole", 1160)],
        vouchers_by_issuer={"Swile": 450}, card_terminal_cents=1190, float_kept_cents=10000,
        reason="erreur de rendu"))
    assert closed is not None
    return closed.payload


# -- the data ------------------------------------------------------------------------------------------------
def test_z_report_extras_add_up_to_the_signed_total(day_cafe: Cafe, closed_day: dict[str, Any]) -> None:
    z = ReportService(day_cafe.journal).z_report("2026-03-02")
    assert z.closing == closed_day and z.closing["total_cents"] == 3310
    assert len(z.hours) == 24 and [b.hour for b in z.hours] == list(range(24))
    assert sum(b.amount_cents for b in z.hours) == 3310
    assert sum(b.tickets for b in z.hours) == closed_day["tickets"] == 6
    by_hour = {b.hour: (b.tickets, b.amount_cents) for b in z.hours if b.tickets or b.amount_cents}
    # 18h: the pastis sold then cancelled: one sale, 5.60 − 5.60
    assert by_hour == {8: (1, 380), 12: (2, 830 + 1160), 13: (1, 580), 16: (1, 360), 18: (1, 0)}
    assert sum(c.amount_cents for c in z.categories) == 3310
    categories = {p.id: p.category for p in day_cafe.catalog.products(active_only=False)}
    cafe_id = str(day_cafe.catalog.resolve("Café").id)
    hot = next(c for c in z.categories if c.category == categories[int(cafe_id)])
    assert hot.qty == 3 and hot.amount_cents == 3 * 130
    assert [p.label for p in z.top_products][:2] == ["Bière pression 50 cl", "Croque-monsieur"]
    assert all(p.label != "Pastis" for p in z.top_products)  # sold then cancelled: nothing left
    assert z.cafe.name == "Café de la Place" and z.cafe.siret == "91234567800017"
    assert len(z.closing_hash) == 64


def test_day_extras_files_unknown_products_apart_and_leaves_agent_sales_out() -> None:
    def line(ref: str, label: str, qty: int, cents: int, **extra: Any) -> dict[str, Any]:
        return {"product_ref": ref, "label": label, "qty": qty, "amount_cents": cents, "vat_rate_bp": 550, **extra}

    tickets = [
        {"type": "sale", "timestamp": "2026-03-02T23:50:00+01:00", "lines": [line("1", "Café", 1, 130)]},
        {"type": "sale", "timestamp": "2026-03-03T00:20:00+01:00",
         "lines": [line("999", "Ancien produit", 2, 400),
                   line("7", "Miel", 1, 900, party={"id": "producer:1", "name": "Ferme", "agent": True})]},
    ]
    cats, top, hours = day_extras(tickets, {"1": "Boissons chaudes", "7": "Producteurs"})
    assert [(c.category, c.qty, c.amount_cents) for c in cats] == [("Boissons chaudes", 1, 130), (None, 2, 400)]
    assert [p.label for p in top] == ["Ancien produit", "Café"]
    assert (hours[23].amount_cents, hours[0].amount_cents, hours[0].tickets) == (130, 400, 1)


def test_a_z_reads_only_its_own_day(day_cafe: Cafe, closed_day: dict[str, Any],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark's promise: the cost of a Z does not grow with the years kept in the database."""
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a Z must not scan the history")

    for name in ("iter_tickets", "scan", "scan_tickets", "iter_records", "tickets", "closings_like"):
        monkeypatch.setattr(SqlStore, name, refuse)
    assert ReportService(day_cafe.journal).z_report("2026-03-02").closing["total_cents"] == 3310


def test_asking_for_what_is_not_there(day_cafe: Cafe, closed_day: dict[str, Any]) -> None:
    reports = ReportService(day_cafe.journal)
    with pytest.raises(NotFound):
        reports.z_report("2026-03-03")
    with pytest.raises(BadInput):
        reports.month_report("2026-13")
    with pytest.raises(BadInput):
        write_z_pdf(day_cafe, {"kind": "month", "period": "2026-03"}, "unused.pdf")


# -- the PDFs ------------------------------------------------------------------------------------------------
def test_z_pdf_shows_the_signed_figures_in_french(day_cafe: Cafe, closed_day: dict[str, Any],
                                                  tmp_path: Path) -> None:
    path = tmp_path / "z.pdf"
    write_z_pdf(day_cafe, closed_day, path)
    text = pdf_text(path)
    _ = gettext_for("fr")
    for words in (_("Daily closing (Z)"), _("VAT"), _("Cash check"), _("Bank deposit slip"), _("Sales by hour"),
                  _("Perpetual grand total"), "lundi 2 mars 2026", "Café de la Place", "SIRET 912 345 678 00017",
                  "FR12912345678", "T1-000001", "T1-000007", "Nadia"):
        assert norm(words) in text, words
    assert money(3310) == "33,10 €" and "33,10 €" in text
    for row in closed_day["vat"]:
        for key in ("ht_cents", "vat_cents", "ttc_cents"):
            assert money(row[key]) in text
        assert norm(FR.rate(row["rate_bp"])) in text
    assert sum(row["ttc_cents"] for row in closed_day["vat"]) == 3310
    assert {norm(FR.rate(r["rate_bp"])) for r in closed_day["vat"]} == {"5,5 %", "10,0 %", "20,0 %"}
    # The cash check: expected 120.10, counted 120.00, 0.10 short, and why.
    for figure in ("120,10 €", "120,00 €", "-0,10 €", "127,00 €", "-12,00 €"):
        assert figure in text, figure
    assert "erreur de rendu" in text
    # The deposit slip: 120.00 counted − 100.00 kept = 20.00 cash, + 11.60 cheque = 31.60 to the bank.
    for figure in ("-100,00 €", "20,00 €", "11,60 €", "31,60 €", "0012345", "Crédit Agricole", "Swile", "4,50 €"):
        assert figure in text, figure
    assert money(closed_day["perpetual_cents"]) in text and money(closed_day["perpetual_abs_cents"]) in text
    assert "cafepos" in text and closed_day["software_version"] in text


def assert_fonts_embedded(path: Path) -> None:
    """Every font the PDF uses is embedded DejaVu (FontFile2): € and accents print the same everywhere."""
    fonts = [font.get_object() for page in PdfReader(path).pages for font in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        assert "DejaVuSans" in str(font["/BaseFont"]), font["/BaseFont"]  # no Helvetica slipped in
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]


def test_pdf_fonts_are_embedded(day_cafe: Cafe, closed_day: dict[str, Any], tmp_path: Path) -> None:
    write_z_pdf(day_cafe, closed_day, tmp_path / "z.pdf")
    assert_fonts_embedded(tmp_path / "z.pdf")
    write_month_pdf(day_cafe, "2026-03", tmp_path / "month.pdf")
    assert_fonts_embedded(tmp_path / "month.pdf")


def test_month_pdf_closed_and_provisional(day_cafe: Cafe, closed_day: dict[str, Any], clock: FixedClock,
                                          tmp_path: Path) -> None:
    cafe, nadia = day_cafe, day_cafe.users.acting("Nadia")
    at(clock, 3, 9, 0)
    cafe.till.open(nadia, None)
    at(clock, 3, 10, 0)
    cafe.sales.ring_up(nadia, items(cafe, ("Café", 3)), SaleMode.ON_SITE, [Payment(CARD, 390)])
    at(clock, 3, 20, 0)
    cafe.closings.close_session(nadia, CloseCount(cash=parse_count("50x2"), card_terminal_cents=390))
    at(clock, 4, 10, 0)
    cafe.sales.ring_up(nadia, items(cafe, ("Thé", 1)), SaleMode.ON_SITE, [Payment(CARD, 200)])  # left open

    provisional = ReportService(cafe.journal).month_report("2026-03")
    assert not provisional.signed and provisional.closing_hash is None
    assert [d.day for d in provisional.days] == ["2026-03-02", "2026-03-03"]
    assert provisional.unclosed_days == ("2026-03-04",)
    assert provisional.totals["total_cents"] == provisional.days_total_cents == 3310 + 390
    first = tmp_path / "provisional.pdf"
    write_month_pdf(cafe, "2026-03", first)
    assert "04/03/2026" in pdf_text(first)  # named as a day with sales but no Z

    at(clock, 1, 10, 0, month=4)
    cafe.closings.close_month(nadia, "2026-03")
    report = ReportService(cafe.journal).month_report("2026-03")
    assert report.signed and report.matches_days and report.closing_hash
    assert [d.day for d in report.days] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert report.totals["total_cents"] == 3310 + 390 + 200
    assert sum(sum(d.ttc_cents.values()) for d in report.days) == report.totals["total_cents"]
    assert report.rates == (550, 1000, 2000)

    path = tmp_path / "month.pdf"
    write_month_pdf(cafe, "2026-03", path)
    text = pdf_text(path)
    _ = gettext_for("fr")
    for words in (_("Monthly report"), "mars 2026", "02/03/2026", "03/03/2026", "04/03/2026"):
        assert norm(words) in text, words
    assert "39,00 €" in text and money(3310 + 390 + 200) == "39,00 €"
    for row in report.totals["vat"]:
        assert money(row["ht_cents"]) in text and money(row["vat_cents"]) in text
    day2 = report.days[0]
    assert norm(FR.money(day2.total_cents, symbol=False)) == "33,10" and "33,10" in text
    for rate, cents in day2.vat_cents.items():
        assert norm(FR.money(cents, symbol=False)) in text, rate

    # 4 March was closed with the month, without a count: its Z says so, on A4 and on paper.
    assert not report.days[2].counted
    uncounted = ReportService(cafe.journal).z_report("2026-03-04")
    assert uncounted.session is None and sum(b.amount_cents for b in uncounted.hours) == 200
    render_z_pdf(uncounted, tmp_path / "z-uncounted.pdf", language="fr", gettext=_)
    assert norm(_("The day was closed without a cash count.")) in pdf_text(tmp_path / "z-uncounted.pdf")
    paper = z_lines(uncounted, 32, Formatter("fr", plain_spaces=True))
    assert "Journée close sans comptage" in "\n".join(paper) and all(len(line) <= 32 for line in paper)


def test_reports_render_in_english_too(day_cafe: Cafe, closed_day: dict[str, Any], tmp_path: Path) -> None:
    report = ReportService(day_cafe.journal).z_report("2026-03-02")
    path = tmp_path / "z-en.pdf"
    render_z_pdf(report, path, language="en", gettext=lambda msgid: msgid)
    text = pdf_text(path)
    assert "Daily closing (Z)" in text and "€33.10" in text and "Monday, 2 March 2026" in text


# -- the paper Z ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("width", [32, 48])
def test_paper_z_fits_the_paper(day_cafe: Cafe, closed_day: dict[str, Any], width: int) -> None:
    report: ZReport = ReportService(day_cafe.journal).z_report("2026-03-02")
    lines = z_lines(report, width, Formatter("fr", plain_spaces=True), z_labels("fr"))
    assert all(len(line) <= width for line in lines), [line for line in lines if len(line) > width]
    text = "\n".join(lines)
    for figure in ("33,10 €", "120,10", "120,00", "-0,10", "31,60 €", "SIRET 912 345 678 00017", "T1-000001"):
        assert figure in text, figure
    assert "CLÔTURE JOURNALIÈRE (Z)" in text and "Motif : erreur de rendu" in text
    english = "\n".join(z_lines(report, width, Formatter("en", plain_spaces=True), ENGLISH_Z))
    assert "DAILY CLOSING (Z)" in english and "€33.10" in english
