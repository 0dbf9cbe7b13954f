"""Money and VAT arithmetic: table-driven cases and properties over any basket."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cafepos.domain.errors import BadInput, Refused
from cafepos.domain.money import div_half_up, parse_amount, parse_rate_bp
from cafepos.domain.ticket import Line, Payment, PaymentMethod, PaymentRules, settle
from cafepos.domain.vat import breakdown, vat_of_ttc


@pytest.mark.parametrize(("text", "cents"), [
    ("2.50", 250), ("2,50", 250), ("2", 200), ("0.05", 5), ("2,5 €", 250), (" 1 234,56 ", 123456), ("0", 0),
])
def test_parse_amount(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize("text", ["2.505", "abc", "-1", "1e3x", "NaN", "Infinity", "999999999", ""])
def test_parse_amount_refuses(text: str) -> None:
    with pytest.raises(BadInput):
        parse_amount(text)


@pytest.mark.parametrize(("text", "bp"), [("5.5", 550), ("5,5", 550), ("20", 2000), ("10 %", 1000), ("0", 0)])
def test_parse_rate(text: str, bp: int) -> None:
    assert parse_rate_bp(text) == bp


@pytest.mark.parametrize("text", ["101", "-5", "5.555", "x"])
def test_parse_rate_refuses(text: str) -> None:
    with pytest.raises(BadInput):
        parse_rate_bp(text)


@pytest.mark.parametrize(("num", "den", "expected"), [(5, 10, 1), (4, 10, 0), (15, 10, 2), (-5, 10, -1), (-4, 10, 0),
                                                      (25, 10, 3), (0, 7, 0)])
def test_div_half_up(num: int, den: int, expected: int) -> None:
    assert div_half_up(num, den) == expected


@pytest.mark.parametrize(("ttc", "rate", "vat"), [
    (930, 2000, 155),   # 9.30 at 20 %: 1.55 (receipt example)
    (260, 1000, 24),    # 2.60 at 10 %: 0.2363... → 0.24
    (440, 550, 23),     # 4.40 at 5.5 %: 0.2293... → 0.23
    (110, 550, 6),      # 1.10 at 5.5 %: 0.0573... → 0.06
    (1000, 0, 0),
])
def test_vat_of_ttc(ttc: int, rate: int, vat: int) -> None:
    assert vat_of_ttc(ttc, rate) == vat


def test_vat_is_computed_per_rate_not_per_line() -> None:
    # Three 1.30 coffees: per line 0.118 → 0.12 ×3 = 0.36; on the rate's total 3.90 → 0.3545 → 0.35.
    rows = breakdown([(1000, 130), (1000, 130), (1000, 130)])
    assert [(r.ttc_cents, r.vat_cents, r.ht_cents) for r in rows] == [(390, 35, 355)]


rates = st.sampled_from([0, 210, 550, 1000, 2000])
lines = st.lists(
    st.builds(lambda q, p, r, d: Line("1", "x", q, p, r, min(d, q * p), "geste" if min(d, q * p) else None),
              st.integers(1, 999), st.integers(0, 100_000), rates, st.integers(0, 5000)),
    min_size=1, max_size=30)


@given(lines)
def test_breakdown_adds_up(basket: list[Line]) -> None:
    rows = breakdown((line.vat_rate_bp, line.amount_cents) for line in basket)
    total = sum(line.amount_cents for line in basket)
    assert sum(r.ttc_cents for r in rows) == total
    for r in rows:
        assert r.ht_cents + r.vat_cents == r.ttc_cents
        assert r.vat_cents >= 0
        # The VAT is the rounded exact value: never more than half a cent away.
        assert abs(2 * (r.vat_cents * (10_000 + r.rate_bp) - r.ttc_cents * r.rate_bp)) <= (10_000 + r.rate_bp)


@given(lines, st.integers(0, 10_000), st.integers(0, 100))
def test_cash_and_card_settle_to_the_total(basket: list[Line], extra: int, card_share: int) -> None:
    total = sum(line.amount_cents for line in basket)
    card = total * card_share // 100
    cash = total - card + extra
    payments = [Payment(PaymentMethod.CARD, card)] if card else []
    if cash:
        payments.append(Payment(PaymentMethod.CASH, cash))
    if not payments:
        return
    rules = PaymentRules(cash_cap_cents=10**9)
    settlement = settle(basket, payments, rules)
    paid = sum(p.amount_cents for p in settlement.payments)
    assert paid - settlement.change_cents == total
    assert 0 <= settlement.change_cents <= sum(p.amount_cents for p in settlement.payments if p.method == "cash")


def _coffee(qty: int = 1) -> Line:
    return Line("1", "Café", qty, 130, 1000)


def _beer() -> Line:
    return Line("11", "Bière", 1, 310, 2000, voucher_ok=False, alcohol=True)


RULES = PaymentRules()


def test_short_payment_refused() -> None:
    with pytest.raises(Refused, match="short"):
        settle([_coffee()], [Payment(PaymentMethod.CASH, 100)], RULES)


def test_voucher_only_for_eligible_lines() -> None:
    with pytest.raises(Refused):
        settle([_beer()], [Payment(PaymentMethod.VOUCHER, 310)], RULES)
    with pytest.raises(Refused):
        settle([_coffee(), _beer()], [Payment(PaymentMethod.VOUCHER, 440)], RULES)
    ok = settle([_coffee(), _beer()], [Payment(PaymentMethod.VOUCHER, 130), Payment(PaymentMethod.CASH, 310)], RULES)
    assert ok.change_cents == 0


def test_no_change_on_voucher() -> None:
    with pytest.raises(Refused, match="change"):
        settle([_coffee(10)], [Payment(PaymentMethod.VOUCHER, 1500)], RULES)


def test_voucher_cap() -> None:
    with pytest.raises(Refused, match="capped"):
        settle([Line("2", "Menu", 3, 1000, 1000)], [Payment(PaymentMethod.VOUCHER, 3000)], RULES)


def test_card_cannot_give_change() -> None:
    with pytest.raises(Refused):
        settle([_coffee()], [Payment(PaymentMethod.CARD, 500)], RULES)


def test_split_payment_change_from_cash_only() -> None:
    s = settle([_coffee(10)], [Payment(PaymentMethod.CARD, 1000), Payment(PaymentMethod.CASH, 500)], RULES)
    assert s.change_cents == 200


@pytest.mark.parametrize("qty", [0, -1, 1000])
def test_absurd_quantities(qty: int) -> None:
    with pytest.raises(BadInput):
        settle([_coffee(qty)], [Payment(PaymentMethod.CASH, 100_000)], RULES)


def test_discount_needs_a_reason_and_a_bound() -> None:
    with pytest.raises(BadInput, match="reason"):
        settle([Line("1", "Café", 1, 130, 1000, 30)], [Payment(PaymentMethod.CASH, 100)], RULES)
    with pytest.raises(BadInput):
        settle([Line("1", "Café", 1, 130, 1000, 200, "trop")], [Payment(PaymentMethod.CASH, 100)], RULES)
