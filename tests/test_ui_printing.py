"""Printing from the window: never on the UI thread, never at the cost of a sale, retried as the original."""

from __future__ import annotations

import socket

import pytest
from pytestqt.qtbot import QtBot

from cafepos.bootstrap import Cafe
from cafepos.domain.cash import parse_count
from tests.test_printer import HEALTHY, FakePrinter
from tests.ui_support import logged_in, tap, tap_product


@pytest.fixture(autouse=True)
def till_open(cafe: Cafe) -> None:
    """The float was counted this morning: these tests start at the sale, not at the drawer."""
    cafe.till.open(cafe.users.acting("Nadia"), parse_count("20x5"))



def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sell_with_receipt(qtbot: QtBot, window: object) -> None:
    sale = window.sale  # type: ignore[attr-defined]
    tap_product(qtbot, window, "Café")  # type: ignore[arg-type]
    tap(qtbot, sale.pay_button)
    dialog = sale.payment
    tap(qtbot, dialog.quick_buttons[500])
    tap(qtbot, dialog.validate)
    with qtbot.waitSignal(window.printing.finished, timeout=15_000):  # type: ignore[attr-defined]
        tap(qtbot, dialog.print_yes)


def test_printer_down_keeps_the_sale_and_queues_the_original(qtbot: QtBot, cafe: Cafe) -> None:
    manager = cafe.users.acting("Nadia")
    cafe.settings.update(manager, {"printer_uri": f"tcp://127.0.0.1:{closed_port()}"})
    window = logged_in(qtbot, cafe)
    sell_with_receipt(qtbot, window)
    assert cafe.sales.ticket(1).payload["total_cents"] == 130  # the sale is on disk
    assert window.printer.property("state") == "queue" and window.retry_button.isVisible()
    assert [(j.number, j.duplicate_no) for j in cafe.printing.pending()] == [(1, None)]
    with FakePrinter(HEALTHY) as printer:
        cafe.settings.update(manager, {"printer_uri": f"tcp://127.0.0.1:{printer.port}"})
        window.session.reload_settings()
        with qtbot.waitSignal(window.printing.finished, timeout=15_000):
            tap(qtbot, window.retry_button)
    data = bytes(printer.received)
    assert b"T1-000001" in data and b"DUPLICATA" not in data
    assert window.printer.property("state") == "ready" and not cafe.printing.pending()


def test_receipt_printed_after_the_sale(qtbot: QtBot, cafe: Cafe) -> None:
    with FakePrinter(HEALTHY) as printer:
        cafe.settings.update(cafe.users.acting("Nadia"), {"printer_uri": f"tcp://127.0.0.1:{printer.port}"})
        window = logged_in(qtbot, cafe)
        sell_with_receipt(qtbot, window)
    data = bytes(printer.received)
    assert b"T1-000001" in data and b"\x1bp" in data  # the drawer opens for cash
    assert window.printer.property("state") == "ready"
