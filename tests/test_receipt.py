"""The receipt a customer reads: every mention the law asks for, sums that add up, and nothing wider than the paper."""

from __future__ import annotations

import base64
import re
from datetime import datetime
from typing import Any

import pytest

from cafepos.adapters.formatting import Formatter
from cafepos.domain.errors import BadInput
from cafepos.domain.money import cents_to_text
from cafepos.domain.receipt import Receipt, ReceiptLabels, Style, layout, printable, signature_extract, vat_codes
from cafepos.domain.ticket import (
    Header,
    Line,
    Payment,
    PaymentMethod,
    SaleMode,
    Settlement,
    cancellation_payload,
    sale_payload,
)

CAFE = {"name": "Café de la Place", "address": "2 place de l'Église, 71460 Bissy", "vat_number": "FR12912345678",
        "phone": "03 85 00 00 00"}
# What an ECDSA P-256 DER signature looks like in base64url (72 bytes); fixed so snapshots are stable.
SIGNATURE = base64.urlsafe_b64encode(bytes(range(48, 120))).rstrip(b"=").decode()
WIDTHS = [32, 48]


class FakeFormat:
    """Machine-plain formatting: proves the layout takes every number and date from the format it is given."""

    def money(self, cents: int, symbol: bool = True) -> str:
        return f"{cents_to_text(cents)} EUR" if symbol else cents_to_text(cents)

    def rate(self, bp: int) -> str:
        return f"{bp // 100}.{bp % 100:02d}%"

    def datetime(self, moment: datetime) -> str:
        return moment.strftime("%Y-%m-%d %H:%M:%S")


REAL = Formatter("fr", plain_spaces=True)
FAKE = FakeFormat()


def header(number: int = 482, *, training: bool = False, timestamp: str = "2026-11-27T08:42:13+01:00",
           mode: SaleMode = SaleMode.ON_SITE) -> Header:
    return Header(number=number, business_date=timestamp[:10], timestamp=timestamp, till=1, operator="Nadia",
                  sale_mode=mode, siret="91234567800017", software_version="0.1.0", training=training, cafe=CAFE)


LINES = [
    Line("1", "Café", 2, 130, 1000),  # on site: 10 %
    Line("7", "Bière pression 25 cl", 3, 310, 2000, discount_cents=50, discount_reason="fidélité"),  # 20 %
    Line("9", "Canette de soda 33 cl", 1, 150, 550),  # closed can to take away: 5.5 %
]


def sale(lines: list[Line] | None = None, paid: int = 2000, **kw: Any) -> dict[str, Any]:
    lines = LINES if lines is None else lines
    total = sum(line.qty * line.unit_price_cents - line.discount_cents for line in lines)
    return sale_payload(header(**kw), lines, Settlement((Payment(PaymentMethod.CASH, paid),), paid - total))


def cancellation(**kw: Any) -> dict[str, Any]:
    return cancellation_payload(header(483, timestamp="2026-11-27T08:50:02+01:00", **kw), sale(),
                                "Erreur de saisie")


def big() -> dict[str, Any]:
    """A hard case for narrow paper: a long unbroken label, quantities and amounts in the hundreds of thousands."""
    lines = [Line("1", "Oeufs bio x6 (Ferme du Pré), lot L1, DLC 04/12 " + "Superextralongproductname" * 3, 999,
                  99_999, 2000),
             Line("2", "Pain", 1, 120, 550, discount_cents=20, discount_reason="invendu de la veille, vendu à moitié"
                  " prix comme chaque soir après 18 h")]
    total = sum(line.amount_cents for line in lines)
    return sale_payload(header(), lines, Settlement((Payment(PaymentMethod.CARD, total),), 0))


def lay(payload: dict[str, Any], width: int = 48, fmt: Any = REAL, **kw: Any) -> Receipt:
    kw.setdefault("signature", SIGNATURE)
    return layout(payload, width=width, fmt=fmt, **kw)


VARIANTS = {
    "sale": lambda: lay_args(sale()),
    "cancellation": lambda: lay_args(cancellation()),
    "duplicate": lambda: lay_args(sale(), duplicate_no=2, duplicate_time="2026-11-28T09:15:00+01:00"),
    "training": lambda: lay_args(sale(training=True)),
    "big": lambda: lay_args(big(), header="Ouvert tous les jours sauf le mardi, de 7 h à 21 h",
                            footer="Merci et à demain !\nAssociation loi 1901 – café associatif du village"),
    "unsigned": lambda: lay_args(sale(), signature=""),
}


def lay_args(payload: dict[str, Any], **kw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return payload, kw


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("fmt", [REAL, FAKE], ids=["babel", "fake"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_no_line_is_wider_than_the_paper_and_all_is_printable(width: int, fmt: Any, variant: str) -> None:
    payload, kw = VARIANTS[variant]()
    receipt = lay(payload, width, fmt, **kw)
    too_wide = [line.text for line in receipt.lines if len(line.text) > width]
    assert too_wide == []
    text = receipt.text()
    assert "\xa0" not in text and "\u202f" not in text
    text.encode("cp858")  # every character exists in the printer's code page
    assert all(line.text == line.text.rstrip() for line in receipt.lines)


def test_snapshot_48_columns() -> None:
    receipt = lay(sale(), 48, footer="Merci et à demain !")
    assert receipt.text() == """\
                CAFÉ DE LA PLACE
        2 place de l'Église, 71460 Bissy
            SIRET 912 345 678 00017
          TVA intracom. FR12912345678
              Tél. 03 85 00 00 00
------------------------------------------------
Ticket T1-000482                27/11/2026 08:42
Caisse 1 · Opérateur : Nadia           Sur place
------------------------------------------------
2 x Café                        1,30      2,60 B
3 x Bière pression 25 cl        3,10      9,30 C
    Remise : fidélité                    -0,50 C
1 x Canette de soda 33 cl       1,50      1,50 A
------------------------------------------------
TOTAL TTC                                12,90 €
------------------------------------------------
Espèces                                  20,00
Rendu                                     7,10
------------------------------------------------
TVA         Taux        HT       TVA       TTC
A          5,5 %      1,42      0,08      1,50
B         10,0 %      2,36      0,24      2,60
C         20,0 %      7,33      1,47      8,80
------------------------------------------------
6 articles · 3 lignes
Signature : cnN0...dXZ3            cafepos 0.1.0
              Merci et à demain !"""
    assert receipt.qr_data == f"T1-000482 {SIGNATURE[-8:]}" == "T1-000482 cnN0dXZ3"
    assert receipt.cut is True


def test_snapshot_32_columns() -> None:
    assert lay(sale(), 32).text() == """\
        CAFÉ DE LA PLACE
2 place de l'Église, 71460 Bissy
    SIRET 912 345 678 00017
  TVA intracom. FR12912345678
      Tél. 03 85 00 00 00
--------------------------------
Ticket T1-000482
                27/11/2026 08:42
Caisse 1               Sur place
Opérateur : Nadia
--------------------------------
Café
  2 x 1,30                2,60 B
Bière pression 25 cl
  3 x 3,10                9,30 C
    Remise : fidélité    -0,50 C
Canette de soda 33 cl
  1 x 1,50                1,50 A
--------------------------------
TOTAL TTC                12,90 €
--------------------------------
Espèces                  20,00
Rendu                     7,10
--------------------------------
TVA     Taux    HT   TVA   TTC
A      5,5 %  1,42  0,08  1,50
B     10,0 %  2,36  0,24  2,60
C     20,0 %  7,33  1,47  8,80
--------------------------------
6 articles · 3 lignes
Signature : cnN0...dXZ3
                   cafepos 0.1.0"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_mentions_the_law_asks_for_are_printed(width: int) -> None:
    payload = sale()
    text = lay(payload, width).text()
    for mention in ["CAFÉ DE LA PLACE", "71460 Bissy", "SIRET 912 345 678 00017", "FR12912345678",
                    "Tél. 03 85 00 00 00", "Ticket T1-000482", "27/11/2026 08:42", "Caisse 1", "Opérateur : Nadia",
                    "Sur place", "TOTAL TTC", "Espèces", "Rendu", "Taux", "HT", "TTC", "Remise : fidélité",
                    "6 articles · 3 lignes", f"Signature : {SIGNATURE[-8:-4]}...{SIGNATURE[-4:]}", "cafepos 0.1.0"]:
        assert mention in text, mention
    total = sum(line["qty"] * line["unit_price_cents"] - line["discount_cents"] for line in payload["lines"])
    assert REAL.money(total).replace("\xa0", " ") in text
    change = 2000 - total
    assert re.search(rf"^Rendu +{REAL.money(change, symbol=False)}$", text, re.M)


def test_take_away_and_the_recorded_local_time() -> None:
    """The time printed is the one recorded at the till (its offset), never converted to UTC."""
    payload = sale(mode=SaleMode.TAKE_AWAY, timestamp="2026-11-27T23:59:59+01:00")
    text = lay(payload).text()
    assert "27/11/2026 23:59" in text and "À emporter" in text and "Sur place" not in text
    assert "2026-11-27 23:59:59" in lay(payload, fmt=FAKE).text()


def vat_rows(text: str) -> list[list[str]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("TVA") and "Taux" in line)
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("---"):
            break
        rows.append(line.split())
    return rows


def cents(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    euros, cent = text.lstrip("-").replace(" ", "").replace(",", ".").split(".")
    return sign * (int(euros) * 100 + int(cent))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("make", [sale, cancellation], ids=["sale", "cancellation"])
def test_vat_table_rows_add_up_and_sum_to_the_total(width: int, make: Any) -> None:
    payload = make()
    rows = vat_rows(lay(payload, width, FAKE).text())
    assert len(rows) == len({line["vat_rate_bp"] for line in payload["lines"]})
    for _code, _rate, ht, vat, ttc in rows:
        assert cents(ht) + cents(vat) == cents(ttc)
    assert sum(cents(row[4]) for row in rows) == payload["total_cents"]
    # The same with babel's French numbers ("4,45"), read back from the printed text.
    real = lay(payload, width).text()
    amounts = [re.findall(r"-?\d+,\d\d", " ".join(row)) for row in vat_rows(real)]
    assert sum(cents(found[-1]) for found in amounts) == payload["total_cents"]


@pytest.mark.parametrize("width", WIDTHS)
def test_vat_codes_follow_ascending_rates_on_lines_and_table(width: int) -> None:
    payload = sale()
    text = lay(payload, width, FAKE).text()
    expected = {rate: "ABC"[i] for i, rate in enumerate(sorted({line["vat_rate_bp"] for line in payload["lines"]}))}
    assert vat_codes(line["vat_rate_bp"] for line in payload["lines"]) == expected
    table = {row[0]: row[1] for row in vat_rows(text)}
    assert table == {code: FAKE.rate(rate) for rate, code in expected.items()}
    printed = dict(re.findall(r"(-?\d+\.\d\d) ([A-Z])$", text, re.M))
    for line in payload["lines"]:
        gross = cents_to_text(line["qty"] * line["unit_price_cents"])
        assert printed[gross] == expected[line["vat_rate_bp"]], line["label"]
    assert printed["-0.50"] == expected[2000]  # the discount carries its line's code


def test_amount_column_adds_up_to_the_total() -> None:
    """Gross amounts and discounts right of the labels: what a customer adds up by hand."""
    payload = sale()
    text = lay(payload, 48, FAKE).text()
    items = text.split("-" * 48)[2]
    assert sum(cents(a) for a in re.findall(r"(-?\d+\.\d\d) [A-Z]$", items, re.M)) == payload["total_cents"]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_reprint_is_the_same_receipt_marked_duplicata(width: int) -> None:
    original = lay(sale(), width)
    reprint = lay(sale(), width, duplicate_no=2, duplicate_time="2026-11-28T09:15:00+01:00")
    marks = [line for line in reprint.lines if line not in original.lines]
    assert [m.text.strip() for m in marks] == ["DUPLICATA n°2", "Réimprimé le 28/11/2026 09:15"]
    assert Style.BOLD in marks[0].style
    assert [line for line in reprint.lines if line not in marks] == original.lines
    assert reprint.qr_data == original.qr_data
    assert "DUPLICATA" not in original.text()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_cancellation_names_the_ticket_it_cancels_with_negative_amounts(width: int) -> None:
    payload = cancellation()
    text = lay(payload, width).text()
    assert "ANNULATION du ticket T1-000482" in text
    assert "Motif : Erreur de saisie" in text
    assert "Ticket T1-000483" in text
    assert "-12,90 €" in text
    assert re.search(r"^Espèces +-12,90$", text, re.M)
    assert "-2,60 B" in text and "-9,30 C" in text and "0,50 C" in text  # the discount comes back positive
    assert all(cents(row[-1]) < 0 for row in vat_rows(lay(payload, width, FAKE).text()))
    assert "Rendu" not in text


def test_training_receipts_are_marked_top_and_bottom() -> None:
    receipt = lay(sale(training=True), 32)
    marked = [i for i, line in enumerate(receipt.lines) if line.text.strip() == "MODE FORMATION - NE PAS REMETTRE"]
    assert len(marked) == 2 and marked[0] < 8 and marked[1] > len(receipt.lines) - 4
    assert "MODE FORMATION" not in lay(sale(), 32).text()


def test_total_is_bold_double_and_title_centred() -> None:
    receipt = lay(sale(), 48)
    total = next(line for line in receipt.lines if line.text.startswith("TOTAL TTC"))
    assert total.style == Style.BOLD | Style.DOUBLE
    assert receipt.lines[0].style == Style.BOLD | Style.CENTER


@pytest.mark.parametrize("width", WIDTHS)
def test_long_labels_and_reasons_wrap_without_losing_words(width: int) -> None:
    payload = big()
    receipt = lay(payload, width)
    # Drop the numbers at the right of item rows, then the words must read on in order.
    words = [re.sub(r"( +-?\d{1,3}( \d{3})*,\d\d)+( [A-Z])?$", "", line.text) for line in receipt.lines]
    flat = "".join("".join(words).split())
    for line in payload["lines"]:
        assert "".join(line["label"].split()) in flat
        if line.get("discount_reason"):
            assert "".join(line["discount_reason"].split()) in flat
    text = receipt.text()
    assert "999 x" in text and "Carte bancaire" in text and "Rendu" not in text
    reason_rows = [line.text for line in receipt.lines if "veille" in line.text or "chaque soir" in line.text]
    assert reason_rows and all(row.startswith("    ") for row in reason_rows)  # kept under its line
    assert not re.search(r"\d,\d\d \d", text)  # never one space between two amounts (they contain spaces)


def test_unsigned_receipt_has_no_signature_nor_qr() -> None:
    receipt = lay(sale(), signature="")
    assert receipt.qr_data is None and "Signature" not in receipt.text() and "cafepos 0.1.0" in receipt.text()


def test_english_labels_replace_every_french_word() -> None:
    english = ReceiptLabels(ticket="Receipt {ticket}", till="Till {till}", operator="Operator: {operator}",
                            on_site="Eat in", take_away="Take away", total="TOTAL", cash="Cash", card="Card",
                            cheque="Cheque", voucher="Meal voucher", change="Change", vat_code="Code", rate="Rate",
                            ht="Net", vat="VAT", ttc="Gross", items_one="{n} item", items_other="{n} items",
                            lines_one="{n} line", lines_other="{n} lines", signature="Signature: {signature}",
                            duplicate="DUPLICATE no. {k}", reprinted="Reprinted {time}",
                            cancellation="CANCELS receipt {ticket}", reason="Reason: {reason}",
                            discount="Discount: {reason}", training="TRAINING - NOT A RECEIPT",
                            siret="SIRET {siret}", vat_number="VAT no. {vat_number}", phone="Tel. {phone}")
    text = lay(sale(), 48, Formatter("en", plain_spaces=True), labels=english).text()
    for word in ["Receipt T1-000482", "Till 1", "Operator: Nadia", "Eat in", "Cash", "Change", "6 items · 3 lines",
                 "Discount: fidélité", "VAT no. FR12912345678", "€12.90"]:
        assert word in text, word
    for french in ["Espèces", "Rendu", "Caisse", "Opérateur", "Sur place", "articles", "TTC", "Remise"]:
        assert french not in text, french


def test_signature_extract_and_folding() -> None:
    assert signature_extract("MEUCabcdefgmX9c") == "defg...mX9c"  # the tail: DER always starts alike
    assert signature_extract("short") == "short"
    assert printable("Œuf d’or… 1\u202f234,50\xa0€ – ok") == "OEuf d'or... 1 234,50 € - ok"
    assert printable("Łódź, Dvořák") == "Lódz, Dvorák"  # folded to what CP858 has, accents it has are kept


def test_width_outside_paper_sizes_is_refused() -> None:
    with pytest.raises(BadInput):
        lay(sale(), 12)


def test_vat_table_stacks_on_narrow_paper_when_amounts_are_large() -> None:
    payload = big()
    text = lay(payload, 32).text()
    assert "TVA A 5,5 %" in text and "TVA B 20,0 %" in text
    ttc = [cents(m) for m in re.findall(r"^  TTC +(-?[\d ]+,\d\d)$", text, re.M)]
    assert len(ttc) == 2 and sum(ttc) == payload["total_cents"]
