"""Driving the counter window as a person would: taps on the PIN pad, the tiles and the payment keys."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from cafepos.bootstrap import Cafe
from cafepos.domain.journal import Chain
from cafepos.ui.main_window import MainWindow


def tap(qtbot: QtBot, widget: QWidget, pos: QPoint | None = None) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName() or widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def open_window(qtbot: QtBot, cafe: Cafe) -> MainWindow:
    window = MainWindow(cafe)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def log_in(qtbot: QtBot, window: MainWindow, name: str, pin: str) -> None:
    pad = window.pin_pad
    button = pad.button_for(name)
    assert button is not None, name
    tap(qtbot, button)
    for digit in pin:
        tap(qtbot, pad.keypad.buttons[digit])
    tap(qtbot, pad.keypad.buttons["OK"])


def logged_in(qtbot: QtBot, cafe: Cafe, name: str = "Paul", pin: str = "2222") -> MainWindow:
    window = open_window(qtbot, cafe)
    log_in(qtbot, window, name, pin)
    assert window.stack.currentWidget() is window.sale
    return window


def tap_product(qtbot: QtBot, window: MainWindow, label: str) -> None:
    grid = window.sale.grid
    index = grid.index_of(label)
    assert index.isValid(), label
    grid.view.scrollTo(index)
    tap(qtbot, grid.view.viewport(), grid.view.visualRect(index).center())


def pay_exact(qtbot: QtBot, window: MainWindow) -> None:
    """Pay, the exact amount in cash, Validate, no receipt: a sale through the buttons."""
    sale = window.sale
    for button in (sale.pay_button, sale.payment.exact, sale.payment.validate, sale.payment.print_no):
        tap(qtbot, button)


def lines(window: MainWindow) -> list[tuple[int, str, int]]:
    return [(line.qty, line.label, line.amount_cents) for line in window.sale.basket.lines]


def events(cafe: Cafe, kind: str) -> list[dict[str, Any]]:
    with cafe.db.read() as store:
        found = [r.record.payload for r in store.iter_records(Chain.EVENTS)]
    return [e for e in found if e.get("type") == kind]
