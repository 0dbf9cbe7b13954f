"""The basket presenter, without Qt: lines, quantities, voids, discounts, sale mode, totals and parking."""

from __future__ import annotations

from typing import Any

import pytest

from cafepos.domain.errors import BadInput
from cafepos.domain.ticket import SaleMode
from cafepos.services.ports import ProductRow
from cafepos.ui.basket import Basket, parse_discount


def product(pid: int, label: str, price: int, on_site: int = 1000, away: int = 1000, **kw: Any) -> ProductRow:
    values: dict[str, Any] = {"category": "X", "barcode": None, "colour": None, "active": True, "alcohol": False,
                              "voucher_ok": True, **kw}
    return ProductRow(pid, label, values["category"], price, on_site, away, values["barcode"], values["colour"],
                      values["active"], values["alcohol"], values["voucher_ok"])


CAFE = product(1, "Café", 130)
BEER = product(2, "Bière", 310, 2000, 2000, alcohol=True, voucher_ok=False)
CAN = product(3, "Canette", 180, 1000, 550)
CATALOGUE = {p.id: p for p in (CAFE, BEER, CAN)}


class Log:
    def __init__(self) -> None:
        self.voids: list[tuple[str, list[dict[str, Any]]]] = []

    def __call__(self, scope: str, lines: list[dict[str, Any]]) -> None:
        self.voids.append((scope, lines))


@pytest.fixture
def log() -> Log:
    return Log()


@pytest.fixture
def basket(log: Log) -> Basket:
    return Basket(CATALOGUE.get, log)


def test_same_product_adds_to_its_line(basket: Basket) -> None:
    assert basket.add(CAFE) == 0
    assert basket.add(BEER) == 1
    assert basket.add(CAFE, 2) == 0
    assert [(line.label, line.qty) for line in basket.lines] == [("Café", 3), ("Bière", 1)]
    assert basket.total_cents == 3 * 130 + 310 and basket.article_count == 4


def test_quantities_stay_between_1_and_999(basket: Basket) -> None:
    basket.add(CAFE)
    with pytest.raises(BadInput):
        basket.set_qty(0, 1000)
    with pytest.raises(BadInput):
        basket.add(CAN, 0)
    basket.decrement(0)
    assert basket.lines[0].qty == 1  # the last one goes only by "remove"


def test_removing_is_logged_before_the_line_goes(basket: Basket, log: Log) -> None:
    basket.add(CAFE, 3)
    basket.decrement(0)
    basket.remove(0)
    assert log.voids == [("line", [{"product_ref": "1", "label": "Café", "qty": 1, "unit_price_cents": 130,
                                    "amount_cents": 130}]),
                         ("line", [{"product_ref": "1", "label": "Café", "qty": 2, "unit_price_cents": 130,
                                    "amount_cents": 260}])]
    assert not basket.lines


def test_a_failed_log_keeps_the_line() -> None:
    def broken(scope: str, lines: list[dict[str, Any]]) -> None:
        raise BadInput("disk full")

    basket = Basket(CATALOGUE.get, broken)
    basket.add(CAFE)
    with pytest.raises(BadInput):
        basket.remove(0)
    assert len(basket) == 1


def test_giving_up_logs_the_whole_ticket_but_paying_does_not(basket: Basket, log: Log) -> None:
    basket.add(CAFE)
    basket.clear(voided=False)
    assert log.voids == []
    basket.add(CAFE)
    basket.add(BEER)
    basket.clear(voided=True)
    assert [scope for scope, _lines in log.voids] == ["ticket"] and len(log.voids[0][1]) == 2


def test_discount_needs_a_reason_and_fits_the_line(basket: Basket) -> None:
    basket.add(CAFE, 2)
    with pytest.raises(BadInput):
        basket.discount(0, 50, " ")
    with pytest.raises(BadInput):
        basket.discount(0, 261, "fidélité")
    basket.discount(0, 60, "fidélité", approved_by="Nadia")
    assert basket.total_cents == 200 and basket.approvers() == {"Nadia"}
    assert basket.items()[0].discount_cents == 60
    with pytest.raises(BadInput):
        basket.set_qty(0, 0)
    basket.add(CAFE)  # a discounted line is not merged into
    assert len(basket) == 2


def test_parse_discount() -> None:
    assert parse_discount("1,50", 1000) == 150
    assert parse_discount("10 %", 1005) == 101  # half-up to the cent
    assert parse_discount("100%", 260) == 260
    with pytest.raises(BadInput):
        parse_discount("abc %", 100)
    with pytest.raises(BadInput):
        parse_discount("120 %", 100)


def test_take_away_changes_vat_and_follows_the_catalogue(basket: Basket) -> None:
    basket.add(CAFE)
    basket.add(BEER)
    basket.add(CAN)
    assert [line.vat_bp for line in basket.lines] == [1000, 2000, 1000]
    CATALOGUE[1] = product(1, "Café", 140)
    try:
        basket.set_mode(SaleMode.TAKE_AWAY)
        assert [line.vat_bp for line in basket.lines] == [1000, 2000, 550]
        assert basket.total_cents == 140 + 310 + 180
        assert [(r.rate_bp, r.ttc_cents) for r in basket.vat_rows()] == [(550, 180), (1000, 140), (2000, 310)]
    finally:
        CATALOGUE[1] = CAFE


def test_preview_lines_match_what_the_service_will_sign(basket: Basket) -> None:
    basket.add(BEER, 2)
    (line,) = basket.preview_lines()
    assert (line.product_ref, line.qty, line.unit_price_cents, line.vat_rate_bp, line.alcohol, line.voucher_ok) == (
        "2", 2, 310, 2000, True, False)


def test_state_round_trip_is_a_plain_dict(basket: Basket) -> None:
    basket.add(CAFE, 2)
    basket.add(CAN)
    basket.discount(1, 30, "abîmé")
    basket.set_mode(SaleMode.TAKE_AWAY)
    state = basket.to_state()
    assert state["mode"] == "take_away" and state["lines"][0] == {
        "product_id": 1, "qty": 2, "discount_cents": 0, "discount_reason": None, "approved_by": None,
        "label": "Café", "unit_price_cents": 130}
    other = Basket(CATALOGUE.get)
    assert other.load_state(state, tab_id=7, tab_name="Table 3") == []
    assert other.to_state() == state and other.tab_id == 7 and other.total_cents == basket.total_cents
    assert Basket.state_total(state, CATALOGUE.get) == basket.total_cents


def test_a_product_no_longer_sold_is_left_out_on_resume(basket: Basket) -> None:
    state = {"mode": "on_site", "lines": [{"product_id": 1, "qty": 1}, {"product_id": 99, "qty": 1, "label": "Old"}]}
    assert basket.load_state(state) == ["Old"]
    assert [line.label for line in basket.lines] == ["Café"]
