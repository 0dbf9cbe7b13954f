"""The cash count presenter without Qt: typed counts, subtotals, variances, the reason, the float and the deposit."""

from __future__ import annotations

import pytest

from cafepos.domain.cash import COINS, NOTES
from cafepos.domain.errors import BadInput, Refused
from cafepos.domain.z_text import CafeIdentity, z_lines
from cafepos.services.closings import Cheque
from cafepos.ui.cash_count import LARGE, NONE, OK, SMALL, CashCount, ClosingCount, parse_pieces, z_preview

EXPECTED = {"cash": 12010, "card": 1190, "cheque": 1160, "voucher": 450}


def closing(blind: bool = False, threshold: int = 500) -> ClosingCount:
    return ClosingCount(EXPECTED, opening_float_cents=12700, threshold_cents=threshold, blind=blind)


@pytest.mark.parametrize(("text", "pieces"), [("", 0), ("0", 0), ("7", 7), (" 12 ", 12), ("007", 7)])
def test_typed_counts_are_whole_numbers(text: str, pieces: int) -> None:
    assert parse_pieces(text) == pieces


@pytest.mark.parametrize("text", ["-1", "2.5", "2,5", "trois", "1e3", "٣", "²", "1 000", "100001"])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(BadInput):
        parse_pieces(text)


def test_rows_are_notes_then_coins_with_subtotals_and_a_running_total() -> None:
    count = CashCount()
    assert [r.denomination_cents for r in count.rows()] == [*NOTES, *COINS]
    count.type(5000, "1")
    count.type(2000, "2")
    count.step(50, 1)
    count.step(50, 1)
    count.step(50, -1)
    count.step(1, -1)  # never below zero
    assert count.row(2000).subtotal_cents == 4000 and count.row(2000).is_note and not count.row(50).is_note
    assert count.total_cents == 5000 + 4000 + 50
    assert count.as_count() == {5000: 1, 2000: 2, 50: 1}


def test_a_refused_entry_leaves_the_row_as_it_was() -> None:
    count = CashCount({1000: 3})
    with pytest.raises(BadInput):
        count.type(1000, "3,5")
    assert count.pieces[1000] == 3 and count.total_cents == 3000


def test_expected_against_counted_with_levels() -> None:
    c = closing()
    c.cash.type(5000, "2")
    c.cash.type(1000, "2")           # 120.00 counted for 120.10 expected: 0.10 short
    c.add_cheque("1234567", "Crédit Agricole", "11,60")
    c.set_card_terminal("19.90")     # 8.00 over: above the threshold
    lines = {line.method: line for line in c.lines()}
    assert (lines["cash"].counted_cents, lines["cash"].variance_cents, lines["cash"].level) == (12000, -10, SMALL)
    assert (lines["cheque"].variance_cents, lines["cheque"].level) == (0, OK)
    assert (lines["card"].variance_cents, lines["card"].level) == (800, LARGE)
    assert (lines["voucher"].counted_cents, lines["voucher"].variance_cents, lines["voucher"].level) == (None, None,
                                                                                                       NONE)
    assert c.reason_required
    problem, = c.problems(lambda cents: f"{cents / 100:.2f} €")
    assert "5.00 €" in str(problem)
    c.reason = "ticket carte tapé deux fois"
    assert c.problems() == []


def test_a_variance_within_the_threshold_needs_no_reason() -> None:
    c = closing()
    c.cash.type(5000, "2")
    c.cash.type(1000, "2")
    assert not c.reason_required and c.problems() == []


def test_vouchers_add_up_per_issuer_and_cheques_need_a_number() -> None:
    c = closing()
    c.set_voucher("Edenred", "2,50")
    c.set_voucher(" Edenred ", "1")
    c.set_voucher("Pluxee", "1.00")
    assert c.vouchers == {"Edenred": 350, "Pluxee": 100} and c.counted()["voucher"] == 450
    c.remove_voucher("Pluxee")
    assert c.counted()["voucher"] == 350
    for bad in (lambda: c.add_cheque("", "BNP", "10"), lambda: c.add_cheque("12", "BNP", "0"),
                lambda: c.set_voucher("", "3"), lambda: c.set_voucher("Up", "-3")):
        with pytest.raises(BadInput):
            bad()
    assert c.cheques == [] and c.counted()["cheque"] is None


def test_float_kept_back_is_the_opening_float_and_the_rest_goes_to_the_bank() -> None:
    c = closing()
    c.cash.type(5000, "4")                                            # 200.00 counted
    assert (c.float_kept_cents, c.bank_deposit_cents) == (12700, 7300)
    c.set_float_kept("150")
    assert (c.float_kept_cents, c.bank_deposit_cents) == (15000, 5000)
    c.set_float_kept("500")                                           # never more than the drawer holds
    assert (c.float_kept_cents, c.bank_deposit_cents) == (20000, 0)
    c.set_float_kept("")
    assert c.float_kept_cents == 12700
    with pytest.raises(BadInput):
        c.set_float_kept("-5")


def test_blind_count_hides_the_expected_until_revealed_then_the_count_is_final() -> None:
    c = closing(blind=True)
    c.cash.type(5000, "2")
    assert all(line.expected_cents is None and line.variance_cents is None for line in c.lines())
    assert isinstance(c.problems()[0], Refused) and not c.locked
    c.reveal()
    assert c.locked and c.lines()[0].expected_cents == 12010 and c.lines()[0].variance_cents == -2010


def test_the_close_count_is_what_the_service_takes() -> None:
    c = closing()
    c.cash.type(2000, "6")
    c.add_cheque("42", "La Poste", "11.60")
    c.set_voucher("Up", "4.50")
    c.set_card_terminal("11,90")
    c.reason = "  erreur de rendu  "
    count = c.close_count(tabs="keep")
    assert count.cash == {2000: 6} and count.cheques == (Cheque("42", "La Poste", 1160),)
    assert count.vouchers_by_issuer == {"Up": 450} and count.card_terminal_cents == 1190
    assert (count.reason, count.float_kept_cents, count.tabs, count.keep_day_open) == ("erreur de rendu", 12000,
                                                                                       "keep", False)


class _Fmt:
    def money(self, cents: int, symbol: bool = True) -> str:
        return f"{cents / 100:.2f}" + (" EUR" if symbol else "")

    def rate(self, bp: int) -> str:
        return f"{bp / 100:.1f}%"

    def date(self, day: object) -> str:
        return str(day)

    def datetime(self, moment: object) -> str:
        return str(moment)


def test_the_z_preview_lays_out_the_count_like_the_signed_z() -> None:
    c = closing()
    c.cash.type(5000, "2")
    c.cash.type(1000, "2")
    c.reason = "monnaie"
    preview = {"business_date": "2026-03-02", "first_ticket": 1, "last_ticket": 6, "tickets": 6, "cancellations": 0,
               "total_cents": 4000, "sales_cents": 4000, "returns_cents": 0, "abs_cents": 4000,
               "vat": [{"rate_bp": 1000, "ht_cents": 3636, "vat_cents": 364, "ttc_cents": 4000}],
               "payments": {"cash": 4000, "card": 0, "cheque": 0, "voucher": 0}, "last_ticket_hash": "ab",
               "third_party": {}, "third_party_cents": 0, "float_cents": 12700,
               "checks": {"cash": {"expected_cents": 12010, "counted_cents": 12000, "variance_cents": -10}}}
    session = {"float_cents": 12700, "pay_ins_cents": 0, "pay_outs_cents": 1200}
    report = z_preview(preview, session, c, till=1, operator="Nadia", timestamp="2026-03-02T21:00:00+01:00",
                       software_version="0.1.0", identity=CafeIdentity("Café de la Place", "", "", ""),
                       last_day={"perpetual_cents": 100_000, "perpetual_abs_cents": 120_000})
    assert report.closing["perpetual_cents"] == 104_000 and report.closing["perpetual_abs_cents"] == 124_000
    text = "\n".join(z_lines(report, 48, _Fmt()))
    assert "120.00" in text and "-0.10" in text and "Motif : monnaie" in text
    assert "Fond conservé" in text and "-120.00" in text  # all the cash counted is kept: 0.00 to the bank
