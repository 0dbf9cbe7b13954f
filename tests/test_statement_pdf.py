"""Producers' documents on A4 and on paper: a month built through the CLI and the services, the PDFs read back.

The figures are checked as a person reads them (French formatting, babel's narrow no-break spaces made plain),
not by comparing files: reportlab's output changes with its version, the words and numbers must not.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import cast

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from cafepos.adapters import statement_pdf
from cafepos.adapters.formatting import Formatter
from cafepos.adapters.statement_pdf import (
    consignment_labels,
    render_deposit_pdf,
    render_statement_pdf,
)
from cafepos.bootstrap import Cafe
from cafepos.domain.consignment_text import deposit_lines, statement_summary_lines
from cafepos.domain.receipt import CODE_PAGE
from cafepos.domain.ticket import Payment, PaymentMethod, SaleMode
from cafepos.services.consignment import DepositItem, ProducerDraft
from cafepos.services.sales import BasketItem
from tests.cli_support import run

PRODUCER = "Ferme du Pré"


def pages_text(path: Path) -> list[str]:
    """Each page's text with runs of spaces (babel's U+202F and U+00A0 included) and line breaks made single
    spaces, so a check reads like the printed line."""
    out = []
    for page in PdfReader(path).pages:
        text = page.extract_text().replace("\u202f", " ").replace("\xa0", " ")
        out.append(" ".join(text.split()))
    return out


def month_of_first_ticket(capsys: pytest.CaptureFixture[str], db: Path) -> str:
    return str(run(capsys, db, "ticket", "1", "--json").json["business_date"])[:7]


@pytest.fixture
def month_sold(cafe_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Ferme du Pré at 20 % (VAT included), 10 boxes of eggs in lot L1 left with a deposit sheet, 3 sold."""
    assert run(capsys, cafe_path, "producer", "add", PRODUCER, "--commission", "20", "--siret", "12345678900011",
               "--address", "Le Bourg, 71460 Bissy").code == 0
    r = run(capsys, cafe_path, "deposit", "--producer", PRODUCER, "--item", "Oeufs bio x6:10:3.20:L1:2099-12-31",
            "--item", "Miel de fleurs 500 g:4:8.50:M7", "--pdf", str(tmp_path / "deposit.pdf"))
    assert r.code == 0, r.err
    assert run(capsys, cafe_path, "sell", "--item", "Oeufs bio x6*2", "--pay", "cash").code == 0
    assert run(capsys, cafe_path, "sell", "--item", "Oeufs bio x6*1", "--pay", "card").code == 0
    return month_of_first_ticket(capsys, cafe_path)


def test_issued_statement_and_its_invoice(cafe_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          month_sold: str) -> None:
    pdf = tmp_path / "releve.pdf"
    r = run(capsys, cafe_path, "statement", "--producer", PRODUCER, "--month", month_sold, "--issue", "--json",
            "--pdf", str(pdf))
    assert r.code == 0, r.err
    st = r.json
    # 3 × 3.20 = 9.60 gross; 20 % VAT included = 1.92 TTC, of which VAT 0.32 and HT 1.60; net 7.68.
    assert (st["gross_cents"], st["commission_ttc_cents"], st["commission_vat_cents"], st["commission_ht_cents"],
            st["net_due_cents"]) == (960, 192, 32, 160, 768)
    pages = pages_text(pdf)
    statement, invoice = " ".join(pages[:-1]), pages[-1]
    for words in ("Café de la Place", "SIRET 912 345 678 00017", "TVA intracom. FR12912345678",
                  "Relevé de dépôt-vente n°1", "Ferme du Pré", "Le Bourg, 71460 Bissy", "SIRET 123 456 789 00011",
                  "mandataire transparent (vente au nom et pour le compte du producteur)",
                  "Commission : 20,0 % des ventes brutes, TTC (TVA 20,0 % incluse)",
                  "Paiement : 30 jours après la fin du mois", "Pertes à la charge : du producteur",
                  "Ventes brutes (encaissées pour le producteur) 9,60 €", "Commission HT 1,60 €",
                  "TVA sur commission 20,0 % 0,32 €", "Commission TTC (déduite) -1,92 €",
                  "Pertes à la charge du café 0,00 €", "NET DÛ AU PRODUCTEUR 7,68 €",
                  "Pour le café (nom, date, signature)", "Le producteur (nom, date, signature)"):
        assert words in statement, words
    # stock per lot: opening 0, deposited 10, sold 3, returned 0, lost 0, closing 7, sales 9,60 €
    assert re.search(r"Oeufs bio x6 L1 31/12/2099 0 10 3 0 0 7 9,60 €", statement)
    assert re.search(r"Miel de fleurs 500 g M7 0 4 0 0 0 4 0,00 €", statement)
    # each sale with its quantity, unit price, amount and ticket
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d Oeufs bio x6 L1 2 3,20 € 6,40 € 000001", statement)
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d Oeufs bio x6 L1 1 3,20 € 3,20 € 000002", statement)
    due = "/".join(reversed(st["payment_due"].split("-")))
    assert f"À payer au plus tard le {due} (30 jours après la fin du mois)" in statement
    # the commission invoice on a page of its own
    assert "Ventes (" not in invoice
    for words in ("Facture de commission n°FC-000001", "Prestataire", "Client", "SIRET 912 345 678 00017",
                  "TVA intracom. FR12912345678", "Le Bourg, 71460 Bissy", "SIRET 123 456 789 00011",
                  "Commission sur ventes en dépôt-vente, période du", "20,0 % de 9,60 € de ventes brutes, relevé n°1",
                  "Total HT 1,60 €", "TVA 20,0 % 0,32 €", "Total TTC 1,92 €", f"Échéance : {due}",
                  "Net à déduire du relevé n°1 (net dû au producteur 7,68 €)", "indemnité forfaitaire"):
        assert words in invoice, words


def test_draft_and_correction(cafe_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                              month_sold: str) -> None:
    draft = tmp_path / "draft.pdf"
    assert run(capsys, cafe_path, "statement", "--producer", PRODUCER, "--month", month_sold, "--pdf",
               str(draft)).code == 0
    text = " ".join(pages_text(draft))
    assert "Relevé provisoire — non émis" in text and "PROVISOIRE" in text and "NET DÛ AU PRODUCTEUR 7,68 €" in text
    assert "Facture de commission n°" not in text
    assert "La facture de commission est établie à l'émission du relevé." in text

    assert run(capsys, cafe_path, "statement", "--producer", PRODUCER, "--month", month_sold, "--issue").code == 0
    again = tmp_path / "draft-again.pdf"
    assert run(capsys, cafe_path, "statement", "--producer", PRODUCER, "--month", month_sold, "--pdf",
               str(again)).code == 0
    assert "Déjà émis pour ce mois : n°1" in " ".join(pages_text(again))

    assert run(capsys, cafe_path, "settings", "set",
               "cafe_legal=SCIC SARL au capital de 12 000 € · RCS Mâcon 912 345 678").code == 0
    fixed = tmp_path / "rectificatif.pdf"
    r = run(capsys, cafe_path, "statement", "--producer", PRODUCER, "--month", month_sold, "--issue", "--correct",
            "--pdf", str(fixed), "--json")
    assert r.code == 0
    # The first invoice (1.92 € of commission, 1.60 HT + 0.32 VAT) is cancelled by a credit note for all of it.
    assert r.json["credit_note"] == {"number": "AV-000002", "date": r.json["invoice"]["date"], "cancels": "FC-000001",
                                     "ht_cents": -160, "vat_rate_bp": 2000, "vat_cents": -32, "ttc_cents": -192}
    pages = pages_text(fixed)
    assert "Relevé de dépôt-vente n°2" in pages[0] and "Rectificatif du relevé n°1" in pages[0]
    assert "Facture de commission n°FC-000002" in pages[-2]
    assert "Le relevé n°2 remplace le relevé n°1." in pages[-2]
    assert "SCIC SARL au capital de 12 000 € · RCS Mâcon 912 345 678" in pages[-2]
    assert "Avoir n°AV-000002" in pages[-1] and "Annule la facture FC-000001 (relevé n°1)" in pages[-1]
    assert "Total TTC -1,92 €" in pages[-1]


def test_deposit_sheet(tmp_path: Path, month_sold: str) -> None:
    text = " ".join(pages_text(tmp_path / "deposit.pdf"))
    for words in ("Bon de dépôt n°1", "Café de la Place", "SIRET 912 345 678 00017", "Ferme du Pré",
                  "SIRET 123 456 789 00011", "Oeufs bio x6 L1 DLC 31/12/2099 10 3,20 € 32,00 € 5,5 %",
                  "Miel de fleurs 500 g M7 4 8,50 € 34,00 € 5,5 %", "Valeur totale 14 66,00 €",
                  "Le producteur reste propriétaire des marchandises", "Le producteur (nom, date, signature)"):
        assert words in text, words


def test_fonts_are_embedded(tmp_path: Path, capsys: pytest.CaptureFixture[str], cafe_path: Path,
                            month_sold: str) -> None:
    pdf = tmp_path / "releve.pdf"
    assert run(capsys, cafe_path, "statement", "--producer", PRODUCER, "--month", month_sold, "--issue", "--pdf",
               str(pdf)).code == 0
    for path in (pdf, tmp_path / "deposit.pdf"):
        raw = path.read_bytes()
        assert b"/FontFile2" in raw and b"Helvetica" not in raw
        for page in PdfReader(path).pages:
            fonts = cast(DictionaryObject, cast(DictionaryObject, page["/Resources"].get_object())["/Font"])
            for ref in fonts.values():
                font = cast(DictionaryObject, ref.get_object())
                assert "DejaVuSans" in str(font["/BaseFont"])
                assert "/FontFile2" in cast(DictionaryObject, font["/FontDescriptor"].get_object())


def test_a_long_month_runs_over_pages_with_its_heading(cafe: Cafe, tmp_path: Path) -> None:
    nadia, paul = cafe.users.acting("Nadia"), cafe.users.acting("Paul")
    cafe.producers.add_producer(nadia, ProducerDraft(PRODUCER, 2500, "agent", "12345678900011"))
    cafe.producers.deposit(nadia, PRODUCER, [DepositItem("Oeufs bio x6", 400, 320, "L300", "2099-12-31")])
    eggs = cafe.catalog.resolve("Oeufs bio x6")
    first = None
    for _ in range(300):
        ticket = cafe.sales.ring_up(paul, [BasketItem(eggs.id, 1)], SaleMode.TAKE_AWAY,
                                    [Payment(PaymentMethod.CARD, 320)])
        first = first or ticket
    assert first is not None
    month = str(first.payload["business_date"])[:7]
    st = cafe.statements.issue(nadia, PRODUCER, month)
    assert len(st["sales"]) == 300 and st["gross_cents"] == 96_000
    pdf = tmp_path / "long.pdf"
    statement_pdf.write_statement_pdf(cafe, st, pdf)
    pages = pages_text(pdf)
    heading = "Date Heure Produit Lot Qté Prix unit. Montant Ticket"
    with_sales = [p for p in pages if "Oeufs bio x6 L300 1 3,20 € 3,20 €" in p]
    assert len(with_sales) >= 4  # about 70 sales a page
    assert all(heading in p for p in with_sales)
    text = " ".join(pages)
    assert all(f"{n:06d}" in text for n in range(1, 301))
    # the sales' total row and the settlement come once, after the last sale
    assert text.count("Total 300 960,00 €") == 1
    assert "NET DÛ AU PRODUCTEUR 720,00 €" in text  # 960 − 25 % (240,00 TTC)
    assert f"page {len(pages)} sur {len(pages)}" in pages[-1]


def test_english_words_and_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str], cafe_path: Path,
                                   month_sold: str) -> None:
    st = run(capsys, cafe_path, "statement", "--producer", PRODUCER, "--month", month_sold, "--issue",
             "--json").json
    full = {**st, "cafe": {"name": "Café de la Place", "address": "", "siret": "", "vat_number": ""},
            "deposits": [], "sales": [], "returns": [], "losses": [], "issued_at": "2026-06-01T10:00:00+02:00",
            "operator": "Nadia", "from": f"{month_sold}-01", "to": f"{month_sold}-28",
            "commission_vat_rate_bp": 2000}
    pdf = tmp_path / "en.pdf"
    render_statement_pdf(full, pdf, language="en")
    text = " ".join(pages_text(pdf))
    assert "Consignment statement n°1" in text and "NET DUE TO THE PRODUCER €7.68" in text
    assert "Commission invoice n°FC-000001" in text


@pytest.mark.parametrize("width", [32, 48])
def test_paper_copies_fit_the_roll(cafe: Cafe, width: int, tmp_path: Path) -> None:
    nadia, paul = cafe.users.acting("Nadia"), cafe.users.acting("Paul")
    cafe.producers.add_producer(nadia, ProducerDraft(PRODUCER, 2000, "agent", "12345678900011", "Le Bourg"))
    label = "Miel de fleurs de printemps du Charolais, pot de 500 g"
    deposit = cafe.producers.deposit(nadia, PRODUCER, [
        DepositItem("Oeufs bio x6", 10, 320, "L2026-05-A", "2099-05-10"),
        DepositItem(label, 12, 850, "M1", "2099-05-01", "ddm")])
    honey = cafe.catalog.resolve(label)
    ticket = cafe.sales.ring_up(paul, [BasketItem(honey.id, 2)], SaleMode.TAKE_AWAY,
                                [Payment(PaymentMethod.CASH, 1700)])
    st = cafe.statements.issue(nadia, PRODUCER, str(ticket.payload["business_date"])[:7])
    fmt = Formatter("fr", plain_spaces=True)
    cafe_identity = {"name": "Café de la Place", "address": "2 place de l'Église, 71460 Bissy",
                     "siret": "91234567800017", "vat_number": "FR12912345678"}
    sheet = deposit_lines(deposit, width, fmt, cafe=cafe_identity)
    summary = statement_summary_lines(st, width, fmt)
    english = statement_summary_lines(st, width, Formatter("en", plain_spaces=True), consignment_labels("en"))
    for lines in (sheet, summary, english):
        assert all(len(line) <= width for line in lines)
        "\n".join(lines).encode(CODE_PAGE)  # every character is on the printer's code page
    sheet_text, summary_text = "\n".join(sheet), "\n".join(summary)
    assert "BON DE DÉPÔT n°1" in sheet_text and "L2026-05-A" in sheet_text and "DDM 01/05/2099" in sheet_text
    assert "Valeur totale" in sheet_text and "134,00 €" in sheet_text  # 10 × 3,20 + 12 × 8,50
    assert "RELEVÉ DE DÉPÔT-VENTE n°1" in summary_text and "vendu 2" in summary_text
    # 17,00 gross; 20 % = 3,40 TTC, VAT 0,57, HT 2,83; net 13,60
    for amount in ("17,00 €", "2,83", "0,57", "3,40", "13,60 €", "FC-000001"):
        assert amount in summary_text, amount
    assert "NET DUE" in "\n".join(english) and "€13.60" in "\n".join(english)


def test_render_deposit_without_a_cafe_object(cafe: Cafe, tmp_path: Path) -> None:
    """The renderer takes the café's identity as data, so the sheet can be laid out again from the journal."""
    nadia = cafe.users.acting("Nadia")
    cafe.producers.add_producer(nadia, ProducerDraft(PRODUCER, 2000, "commissionnaire", losses_borne_by="cafe"))
    deposit = cafe.producers.deposit(nadia, PRODUCER, [DepositItem("Tomme fermière", 5, 1235, "T1", "2099-05-30")])
    pdf = tmp_path / "depot.pdf"
    render_deposit_pdf(deposit, {"name": "Café de la Place"}, pdf)
    text = " ".join(pages_text(pdf))
    assert "commissionnaire (vente en nom propre)" in text and "Pertes à la charge : du café" in text
    assert "SIRET : non communiqué" in text and "Tomme fermière T1 DLC 30/05/2099 5 12,35 € 61,75 € 5,5 %" in text
