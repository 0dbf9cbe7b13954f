"""Open tabs: a basket parked under a table survives a restart and comes back priced from the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cafepos.bootstrap import Cafe, open_cafe
from cafepos.domain.cash import parse_count
from tests.ui_support import events, lines, logged_in, tap, tap_product


@pytest.fixture(autouse=True)
def till_open(cafe: Cafe) -> None:
    """The float was counted this morning: these tests start at the sale, not at the drawer."""
    cafe.till.open(cafe.users.acting("Nadia"), parse_count("20x5"))



def test_park_then_resume_after_a_restart_and_pay(qtbot: QtBot, cafe: Cafe, cafe_path: Path) -> None:
    window = logged_in(qtbot, cafe)
    sale = window.sale
    tap_product(qtbot, window, "Bière pression 25 cl")
    tap_product(qtbot, window, "Bière pression 25 cl")
    tap_product(qtbot, window, "Chips")
    tap(qtbot, sale.park_button)
    assert sale.left.currentWidget() is sale.park_panel
    tap(qtbot, sale.park_panel.tables[3])
    assert not sale.basket.lines and sale.left.currentWidget() is sale.grid
    assert [t.name for t in cafe.tabs.list()] == [sale.park_panel.tables[3].text()]
    window.close()
    cafe.close()

    again = open_cafe(cafe_path)  # as after a crash or a restart
    try:
        window = logged_in(qtbot, again, "Léa", "3333")
        sale = window.sale
        assert "1" in sale.tabs_button.text()
        tap(qtbot, sale.tabs_button)
        (resume,) = sale.tabs_panel.buttons.values()
        table = sale.park_panel.tables[3].text()
        assert table in resume.text()
        tap(qtbot, resume)
        assert lines(window) == [(2, "Bière pression 25 cl", 620), (1, "Chips", 120)]
        assert sale.title.text() == table
        tap_product(qtbot, window, "Kir")  # the tab is saved as it changes
        sale.save_tab()
        (tab,) = again.tabs.list()
        wanted = ("Bière pression 25 cl", "Chips", "Kir")
        assert [x["product_id"] for x in tab.state["lines"]] == [again.catalog.resolve(x).id for x in wanted]
        tap(qtbot, sale.pay_button)
        tap(qtbot, sale.payment.exact)
        tap(qtbot, sale.payment.validate)
        tap(qtbot, sale.payment.print_no)
        assert again.tabs.list() == []  # paid: the tab is gone
        assert again.sales.ticket(1).payload["total_cents"] == 620 + 120 + 320
        window.close()
    finally:
        again.close()


def test_resuming_asks_to_finish_the_current_ticket_first(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    sale = window.sale
    tap_product(qtbot, window, "Café")
    tap(qtbot, sale.park_button)
    sale.park_panel.name.setText("Marie")
    qtbot.keyClick(sale.park_panel.name, Qt.Key.Key_Return)
    assert [t.name for t in cafe.tabs.list()] == ["Marie"] and not sale.payment.isVisible()
    tap_product(qtbot, window, "Thé")
    tap(qtbot, sale.tabs_button)
    tap(qtbot, next(iter(sale.tabs_panel.buttons.values())))
    assert sale.message.kind == "error" and lines(window) == [(1, "Thé", 200)]


def test_clearing_takes_two_taps_and_drops_a_resumed_tab(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    sale = window.sale
    tap_product(qtbot, window, "Café")
    tap(qtbot, sale.clear_button)
    assert len(sale.basket) == 1 and sale.clear_button.armed  # the first tap only asks
    tap(qtbot, sale.clear_button)
    assert len(sale.basket) == 0
    tap_product(qtbot, window, "Kir")
    tap(qtbot, sale.park_button)
    tap(qtbot, sale.park_panel.tables[0])
    tap(qtbot, sale.tabs_button)
    tap(qtbot, next(iter(sale.tabs_panel.buttons.values())))
    assert lines(window) == [(1, "Kir", 320)]
    tap(qtbot, sale.clear_button)
    tap(qtbot, sale.clear_button)
    assert cafe.tabs.list() == [] and not sale.basket.lines
    assert [v["scope"] for v in events(cafe, "void")] == ["ticket", "tab"]
