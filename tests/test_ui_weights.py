"""Goods sold by weight at the counter: the basket's weighed lines and the weighing dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cafepos.bootstrap import Cafe
from cafepos.domain.cash import parse_count
from cafepos.domain.errors import BadInput
from cafepos.services.consignment import DepositItem, ProducerDraft
from cafepos.services.ports import ProductRow
from cafepos.ui.basket import Basket
from cafepos.ui.producer_dialogs import DepositDialog, NewProducerDialog
from cafepos.ui.producers_screen import ProducersScreen
from cafepos.ui.weight_page import WeightPage
from tests.ui_support import logged_in, tap, tap_product

COMTE = ProductRow(7, "Comté", "Fromages", 2400, 550, 550, None, None, True, False, True, 2, by_weight=True)
EGGS = ProductRow(8, "Oeufs", "Producteurs", 320, 550, 550, None, None, True, False, True, 1)
CATALOGUE = {p.id: p for p in (COMTE, EGGS)}


def test_each_weighing_is_a_line_priced_half_up() -> None:
    basket = Basket(CATALOGUE.get)
    with pytest.raises(BadInput, match="weigh it"):
        basket.add(COMTE)
    with pytest.raises(BadInput, match="by the unit"):
        basket.add(EGGS, weight_g=200)
    with pytest.raises(BadInput):
        basket.add(COMTE, weight_g=0)
    basket.add(COMTE, weight_g=350)          # 350 g × 24.00 €/kg = 8.40 €
    basket.add(COMTE, weight_g=333)          # 7.992 → 7.99
    basket.add(EGGS, 2)
    assert [(line.weight_g, line.amount_cents) for line in basket.lines] == [(350, 840), (333, 799), (None, 640)]
    assert basket.total_cents == 840 + 799 + 640
    assert [(i.product_id, i.qty, i.weight_g) for i in basket.items()] == [(7, 1, 350), (7, 1, 333), (8, 2, None)]
    assert [line.amount_cents for line in basket.preview_lines()] == [840, 799, 640]
    basket.discount(0, 40, "fin de meule")
    assert basket.lines[0].amount_cents == 800


def test_a_parked_weighing_comes_back_with_its_grams() -> None:
    basket = Basket(CATALOGUE.get)
    basket.add(COMTE, weight_g=1250)
    state = basket.to_state()
    assert state["lines"][0]["weight_g"] == 1250
    assert Basket.state_total(state, CATALOGUE.get) == 3000
    again = Basket(CATALOGUE.get)
    assert again.load_state(state) == []
    assert (again.lines[0].weight_g, again.total_cents) == (1250, 3000)


def test_the_weighing_takes_grams_from_the_keypad_or_the_keyboard(qtbot: QtBot) -> None:
    page = WeightPage()
    qtbot.addWidget(page)
    weighed: list[tuple[str, int]] = []
    page.weighed.connect(lambda product, grams: weighed.append((product.label, grams)))
    page.start(COMTE)
    assert not page.ok_button.isEnabled()
    for key in "350":
        qtbot.mouseClick(page.keypad.buttons[key], Qt.MouseButton.LeftButton)
    assert page.entry.text() == "350" and page.price.text().replace("\u202f", " ").replace("\xa0", " ") == "8,40 €"
    qtbot.mouseClick(page.keypad.buttons[page.keypad.BACK], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.entry, "2")
    qtbot.mouseClick(page.ok_button, Qt.MouseButton.LeftButton)
    assert weighed == [("Comté", 352)]
    page.start(COMTE)  # a new weighing starts blank; Enter adds it once, though both the field and the page see it
    assert page.entry.text() == "" and page.price.text() == ""
    qtbot.keyClicks(page.entry, "125")
    qtbot.keyClick(page.entry, Qt.Key.Key_Return)
    assert weighed == [("Comté", 352), ("Comté", 125)]
    page.start(COMTE)
    qtbot.keyClicks(page.entry, "0")
    qtbot.keyClick(page.entry, Qt.Key.Key_Return)
    assert weighed == [("Comté", 352), ("Comté", 125)] and page.message.isVisibleTo(page)  # 0 g: said, not added


def test_a_producer_with_a_cheese_rate_deposits_cheese_by_weight(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe, "Nadia", "1234")
    screen = ProducersScreen(window.session)
    window.stack.addWidget(screen)
    window.stack.setCurrentWidget(screen)
    qtbot.waitExposed(screen)
    tap(qtbot, screen.buttons["newProducer"])
    form = screen.dialog
    assert isinstance(form, NewProducerDialog)
    form.name.setText("Fromagerie Dupuis")
    form.commission.setText("25")
    form.rates.setText("Fromages")                       # no rate: said, nothing recorded
    tap(qtbot, form.save)
    assert form.isVisible() and "Fromages=15" in form.message.text()
    form.rates.setText("Fromages à la coupe=20")
    form.vat_number.setText("FR12345678901")
    tap(qtbot, form.save)
    assert cafe.producers.rates("Fromagerie Dupuis") == {"Fromages à la coupe": 2000}
    assert "Fromages à la coupe 20,0" in plain(screen.contract.text())
    tap(qtbot, screen.buttons["deposit"])
    deposit = screen.dialog
    assert isinstance(deposit, DepositDialog)
    line = deposit.lines[0]
    line.label.setText("Comté")
    line.unit.setCurrentIndex(line.unit.findData("g"))
    line.qty.setValue(2500)                              # 2.5 kg at 22.00 €/kg = 55.00 €
    line.price.setText("22")
    assert "55,00" in plain(deposit.total.text())
    tap(qtbot, deposit.save)
    assert deposit.pages.currentIndex() == 1, deposit.message.text()
    assert plain(deposit.recorded_lines.rows[0].cells[1]) == "2,500 kg"
    comte = cafe.catalog.resolve("Comté")
    assert comte.by_weight and comte.price_cents == 2200
    tap(qtbot, deposit.close_button)
    assert [plain(r.cells[3]) for r in screen.lots_model.rows] == ["2,500 kg"]


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_cheese_weighed_at_the_counter_then_paid(qtbot: QtBot, cafe: Cafe) -> None:
    nadia = cafe.users.acting("Nadia")
    cafe.producers.add_producer(nadia, ProducerDraft("Fromagerie Dupuis", 2500, "commissionnaire"))
    cafe.producers.deposit(nadia, "Fromagerie Dupuis", [DepositItem("Comté", 2000, 2400, "C1", by_weight=True)])
    cafe.till.open(nadia, parse_count("20x5"))
    window = logged_in(qtbot, cafe)
    sale = window.sale
    comte = cafe.catalog.resolve("Comté")
    assert plain(sale.grid.model.stock_text(comte)) == "reste 2,000 kg"
    qtbot.keyClicks(sale, "350")                      # typed first: the grams, no dialog
    tap_product(qtbot, window, "Comté")
    assert [(line.weight_g, line.amount_cents) for line in sale.basket.lines] == [(350, 840)]
    assert sale.table.model().index(0, 0).data() == "350 g"
    tap_product(qtbot, window, "Comté")               # nothing typed: the weighing page asks, beside the ticket
    page = sale.weighing
    assert isinstance(page, WeightPage) and page.isVisible() and not sale.grid.isVisible()
    assert sale.table.isVisible()
    qtbot.keyClicks(page.entry, "125")
    tap(qtbot, page.ok_button)
    assert [(line.weight_g, line.amount_cents) for line in sale.basket.lines] == [(350, 840), (125, 300)]
    assert sale.weighing is None and sale.grid.isVisible()  # back to the shelf
    tap_product(qtbot, window, "Comté")
    qtbot.keyClick(sale.weighing, Qt.Key.Key_Escape)  # left: nothing added
    assert sale.weighing is None and len(sale.basket.lines) == 2
    tap(qtbot, sale.pay_button)
    tap(qtbot, sale.payment.exact)
    tap(qtbot, sale.payment.validate)
    tap(qtbot, sale.payment.print_no)
    ticket = cafe.sales.ticket(1)
    assert [(x["weight_g"], x["amount_cents"]) for x in ticket.payload["lines"]] == [(350, 840), (125, 300)]
    assert plain(sale.grid.model.stock_text(comte)) == "reste 1,525 kg"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_kilograms_read_as_babel_writes_them(language: str) -> None:
    """The tiles write weights without babel (start-up speed); the PDFs use babel: both must read the same."""
    from cafepos.adapters.formatting import Formatter
    from cafepos.ui import text

    before = text.language()
    text.set_language(language)
    try:
        weights = [0, 1, 7, 350, 999, 1000, 1250, 12_500, 999_999, 1_000_000, 123_456_789, -350]
        assert [g for g in weights if text.kilograms(g) != Formatter(language).weight(g)] == []
        assert text.stock_quantity(1250, True) == text.kilograms(1250) and text.stock_quantity(4, False) == "4"
    finally:
        text.set_language(before)


def test_a_lock_closes_an_open_weighing(qtbot: QtBot, cafe: Cafe) -> None:
    nadia = cafe.users.acting("Nadia")
    cafe.producers.add_producer(nadia, ProducerDraft("Fromagerie Dupuis", 2500))
    cafe.producers.deposit(nadia, "Fromagerie Dupuis", [DepositItem("Comté", 2000, 2400, "C1", by_weight=True)])
    cafe.till.open(nadia, parse_count("20x5"))
    window = logged_in(qtbot, cafe)
    tap_product(qtbot, window, "Comté")
    page = window.sale.weighing
    assert page is not None and page.isVisible()
    window.lock()
    assert window.sale.weighing is None and window.sale.basket.lines == []
