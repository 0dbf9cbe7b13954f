"""The till clicked through offscreen: the float, a sale after the float dialog, a pay-out, the close and its Z."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cafepos.adapters.clock import FixedClock
from cafepos.bootstrap import Cafe, open_cafe
from cafepos.domain.cash import parse_count
from cafepos.domain.closing import ClosingKind
from cafepos.domain.errors import NotFound
from cafepos.domain.ticket import Payment, PaymentMethod, SaleMode
from cafepos.services.closings import CloseCount
from cafepos.services.sales import BasketItem
from cafepos.ui.count_grid import CountGrid
from cafepos.ui.float_dialog import FloatDialog
from cafepos.ui.main_window import MainWindow
from cafepos.ui.till_screen import TillScreen
from tests.ui_support import events, log_in, logged_in, open_window, tap, tap_product

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 8, 0, tzinfo=PARIS))


@pytest.fixture
def day_cafe(cafe_path: Path, clock: FixedClock) -> Iterator[Cafe]:
    c = open_cafe(cafe_path, clock=clock)
    yield c
    c.close()


def before_opening(qtbot: QtBot, cafe: Cafe, name: str = "Paul", pin: str = "2222") -> MainWindow:
    """Logged in on a counter whose till is not open yet (whatever `logged_in` does for the sale tests)."""
    assert cafe.till.current() is None
    window = open_window(qtbot, cafe)
    log_in(qtbot, window, name, pin)
    assert window.stack.currentWidget() is window.sale
    return window


def till_of(window: MainWindow) -> TillScreen:
    """The Caisse section (added here as the main window will: a page of its stack)."""
    screen = TillScreen(window.session)
    window.stack.addWidget(screen)
    window.stack.setCurrentWidget(screen)
    return screen


def type_count(qtbot: QtBot, grid: CountGrid, count: dict[int, int]) -> None:
    for denom, pieces in count.items():
        field = grid.fields[denom]
        tap(qtbot, field)
        qtbot.keyClicks(field, str(pieces))
        qtbot.keyClick(field, Qt.Key.Key_Return)


def sell(cafe: Cafe, label: str, qty: int, payment: Payment) -> None:
    item = BasketItem(cafe.catalog.resolve(label).id, qty)
    cafe.sales.ring_up(cafe.users.acting("Paul"), [item], SaleMode.ON_SITE, [payment])


def text(widget: object) -> str:
    return str(widget.text()).replace("\u202f", " ").replace("\xa0", " ")  # type: ignore[attr-defined]


def test_open_with_a_float_counted_on_the_grid(qtbot: QtBot, cafe: Cafe) -> None:
    window = before_opening(qtbot, cafe, "Nadia", "1234")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # focus moves only in the active window
    till = till_of(window)
    assert "closed" in till.state_heading.text() or "ferm" in till.state_heading.text()
    tap(qtbot, till.open_button)
    panel = till.float_panel
    assert panel.grid.isVisible() and not panel.take_over.isVisible()  # nothing kept back: count it
    type_count(qtbot, panel.grid, {5000: 2, 2000: 1, 200: 5, 50: 4})
    assert panel.grid.fields[20].hasFocus()  # Enter after the 0.50 € row went to the 0.20 € row
    qtbot.keyClick(panel.grid.fields[20], Qt.Key.Key_Tab)
    assert panel.grid.fields[10].hasFocus()  # Tab too, skipping the − and + buttons
    assert text(panel.grid.subtotals[200]) == "10,00 €" and "132,00 €" in text(panel.grid.total)
    qtbot.keyClick(panel.grid.fields[100], Qt.Key.Key_Up)  # a key for one more piece
    assert panel.grid.count.pieces[100] == 1 and "133,00 €" in text(panel.open_counted)
    tap(qtbot, panel.grid.minus[100])
    tap(qtbot, panel.open_counted)
    assert till.pages.currentWidget() is till.overview and till.message.kind == "info"
    session = cafe.till.current()
    assert session is not None and session.float_cents == 13200
    opened, = events(cafe, "till_open")
    assert opened["float_count"] == [{"denomination_cents": 5000, "count": 2}, {"denomination_cents": 2000, "count": 1},
                                     {"denomination_cents": 200, "count": 5}, {"denomination_cents": 50, "count": 4}]
    assert not till.open_button.isVisible() and till.close_button.isVisible()


def test_a_count_that_is_not_a_whole_number_is_refused_inline(qtbot: QtBot, cafe: Cafe) -> None:
    till = till_of(before_opening(qtbot, cafe, "Nadia", "1234"))
    tap(qtbot, till.open_button)
    grid = till.float_panel.grid
    type_count(qtbot, grid, {2000: 3})
    qtbot.keyClicks(grid.fields[1000], "2,5")
    assert grid.message.isVisible() and grid.message.kind == "error" and "2,5" in grid.message.text()
    assert grid.fields[1000].property("invalid") is True
    assert grid.count.pieces[1000] == 0 and grid.count.total_cents == 6000
    assert not till.float_panel.open_counted.isEnabled()
    grid.fields[1000].clear()
    qtbot.keyClicks(grid.fields[1000], "2")
    assert not grid.message.isVisible() and grid.count.total_cents == 8000
    assert till.float_panel.open_counted.isEnabled()


def test_the_float_dialog_comes_before_the_first_payment(qtbot: QtBot, cafe: Cafe) -> None:
    window = before_opening(qtbot, cafe)
    sale = window.sale
    tap_product(qtbot, window, "Café")
    tap(qtbot, sale.pay_button)
    dialog = sale.findChild(FloatDialog)
    assert dialog is not None and dialog.isVisible() and not sale.payment.isVisible()
    type_count(qtbot, dialog.panel.grid, {2000: 2, 100: 10})
    tap(qtbot, dialog.panel.open_counted)
    assert not dialog.isVisible() and sale.payment.isVisible()  # straight on to the payment
    tap(qtbot, sale.payment.exact)
    tap(qtbot, sale.payment.validate)
    tap(qtbot, sale.payment.print_no)
    session = cafe.till.current()
    assert session is not None and session.float_cents == 5000
    assert cafe.sales.ticket(1).payload["total_cents"] == 130
    assert not events(cafe, "till_open")[0]["auto"]
    tap_product(qtbot, window, "Café")
    tap(qtbot, sale.pay_button)  # the till is open now: no float dialog
    assert sale.payment.isVisible()
    sale.payment.reject()

    # The screen remembers the till is open (no read at every "Pay") until it changes: closed by a Z while the
    # counter was on another screen, the next payment asks for the float again.
    count = CloseCount(cash=parse_count("20x2,1x10,1x1,0.20x1,0.10x1"))
    cafe.closings.close_session(cafe.users.acting("Nadia"), count)
    assert cafe.till.current() is None
    window.show_section("till")
    window.show_section("sale")
    tap(qtbot, sale.pay_button)
    shown = [d for d in sale.findChildren(FloatDialog) if d.isVisible()]
    assert shown and not sale.payment.isVisible(), sale.findChildren(FloatDialog)


def test_the_float_kept_back_is_taken_over_in_one_tap(qtbot: QtBot, cafe: Cafe) -> None:
    nadia = cafe.users.acting("Nadia")
    cafe.till.open(nadia, parse_count("50x3"))
    cafe.closings.close_session(nadia, CloseCount(cash=parse_count("50x3"), float_kept_cents=10000,
                                                  keep_day_open=True))
    window = before_opening(qtbot, cafe)
    tap_product(qtbot, window, "Croissant")
    tap(qtbot, window.sale.pay_button)
    dialog = window.sale.findChild(FloatDialog)
    assert dialog is not None and not dialog.panel.grid.isVisible()
    assert "100,00 €" in text(dialog.panel.take_over)
    tap(qtbot, dialog.panel.take_over)
    assert window.sale.payment.isVisible()
    window.sale.payment.reject()
    session = cafe.till.current()
    assert session is not None and session.float_cents == 10000


def test_pay_out_needs_a_reason_and_staff_need_a_manager(qtbot: QtBot, cafe: Cafe) -> None:
    cafe.till.open(cafe.users.acting("Nadia"), parse_count("20x5"))
    window = logged_in(qtbot, cafe)  # Paul, staff
    till = till_of(window)
    tap(qtbot, till.pay_out_button)
    pin = window.manager_pin
    assert pin.isVisible() and till.pages.currentWidget() is till.overview
    for digit in "1234":
        tap(qtbot, pin.pad.keypad.buttons[digit])
    tap(qtbot, pin.pad.keypad.buttons["OK"])
    panel = till.movement
    assert panel.isVisible()
    for key in "12":
        tap(qtbot, panel.keypad.buttons[key])
    assert "12,00 €" in text(panel.confirm)
    tap(qtbot, panel.confirm)
    assert panel.message.kind == "error" and panel.isVisible()  # no reason: refused inline
    panel.reason.setText("lait à l'épicerie")  # QTest types ASCII only
    qtbot.keyClick(panel.reason, Qt.Key.Key_Return)
    assert till.pages.currentWidget() is till.overview and "12,00 €" in text(till.message)
    x = cafe.till.x_report()["session"]
    assert x["pay_outs_cents"] == 1200 and x["expected"]["cash"] == 8800
    out, = events(cafe, "pay_out")
    assert (out["operator"], out["reason"], out["amount_cents"]) == ("Nadia", "lait à l'épicerie", 1200)
    assert "88,00 €" in text(till.expected_cash)


def test_close_with_a_small_variance_preview_then_sign_the_z(qtbot: QtBot, day_cafe: Cafe, clock: FixedClock,
                                                              tmp_path: Path) -> None:
    cafe = day_cafe
    cafe.till.open(cafe.users.acting("Nadia"), parse_count("50x2"))                  # float 100.00
    sell(cafe, "Café", 2, Payment(PaymentMethod.CASH, 500))                          # 2.60 cash, 2.40 back
    sell(cafe, "Bière pression 50 cl", 2, Payment(PaymentMethod.CHEQUE, 1160))
    sell(cafe, "Croque-monsieur", 1, Payment(PaymentMethod.CARD, 550))
    cafe.tabs.park(cafe.users.acting("Paul"), "Table 3", {"lines": []})
    clock.moment = datetime(2026, 3, 2, 21, 0, tzinfo=PARIS)
    window = logged_in(qtbot, cafe, "Nadia", "1234")
    till = till_of(window)
    tap(qtbot, till.close_button)
    page = till.closing
    assert till.pages.currentWidget() is page
    assert text(page.cells["cash"][0]) == "102,60 €"                               # expected, not blind
    type_count(qtbot, page.grid, {5000: 2, 200: 1, 50: 1})                           # 102.50: 0.10 short
    assert text(page.cells["cash"][2]) == "-0,10 €" and page.cells["cash"][2].property("level") == "small"
    assert "102,50 €" in text(page.cash_total)
    cheques = page.cheques
    qtbot.keyClicks(cheques.number, "0012345")
    qtbot.keyClicks(cheques.bank, "La Poste")
    qtbot.keyClicks(cheques.amount, "11,60")
    tap(qtbot, cheques.add_button)
    qtbot.keyClicks(page.card, "5,50")
    assert page.cells["cheque"][2].property("level") == "ok" and page.cells["card"][2].property("level") == "ok"
    assert text(page.float_kept.placeholderText() and page.float_kept) == "" and "0,00 €" not in text(page.deposit)
    qtbot.keyClicks(page.float_kept, "80")
    assert "22,50 €" in text(page.deposit)                                          # 102.50 − 80.00 to the bank
    qtbot.keyClicks(page.reason, "erreur de rendu")
    tap(qtbot, page.preview_button)
    assert page.message.kind == "error" and page.stack.currentIndex() == 0          # the tabs: keep or cancel?
    tap(qtbot, page.keep_tabs)
    tap(qtbot, page.preview_button)
    assert page.stack.currentIndex() == 1
    z_text = page.receipt.toPlainText()
    assert "APERÇU" in z_text or "PREVIEW" in z_text
    assert "102,60" in z_text and "102,50" in z_text and "-0,10" in z_text and "erreur de rendu" in z_text
    with pytest.raises(NotFound):
        cafe.closings.get(ClosingKind.DAY, "2026-03-02")                           # nothing signed yet
    with qtbot.waitSignal(till.z_signed) as signed:
        tap(qtbot, page.sign_button)
    z = cafe.closings.get(ClosingKind.DAY, "2026-03-02")
    assert signed.args == [z]
    session = z["session"]
    assert session["checks"]["cash"] == {"expected_cents": 10260, "counted_cents": 10250, "variance_cents": -10}
    assert session["checks"]["cheque"]["counted_cents"] == 1160 and session["checks"]["card"]["variance_cents"] == 0
    assert session["variance_reason"] == "erreur de rendu"
    assert (session["float_kept_cents"], session["bank_deposit_cents"]) == (8000, 2250)
    assert session["cheques"] == [{"number": "0012345", "bank": "La Poste", "amount_cents": 1160}]
    assert z["total_cents"] == 260 + 1160 + 550 and cafe.tabs.list()                # the tab kept for tomorrow
    assert till.pages.currentWidget() is till.overview and till.signed_box.isVisible()
    assert cafe.till.current() is None and till.open_button.isVisible()

    pdf = tmp_path / "z.pdf"
    till.save_pdf(str(pdf))                                                          # in the background
    assert till.busy.isVisible() and not till.pdf_button.isEnabled()
    qtbot.waitUntil(lambda: not till.busy.isVisible(), timeout=20_000)
    assert pdf.read_bytes().startswith(b"%PDF") and str(pdf) in till.message.text()


def test_a_variance_above_the_threshold_needs_a_reason(qtbot: QtBot, cafe: Cafe) -> None:
    cafe.till.open(cafe.users.acting("Nadia"), parse_count("20x1"))
    till = till_of(logged_in(qtbot, cafe, "Nadia", "1234"))
    tap(qtbot, till.close_button)
    page = till.closing
    type_count(qtbot, page.grid, {500: 1})                                           # 15.00 short
    assert page.cells["cash"][2].property("level") == "large" and page.reason.isVisible()
    tap(qtbot, page.preview_button)
    assert page.message.kind == "error" and page.stack.currentIndex() == 0
    qtbot.keyClicks(page.reason, "billet de 20 perdu")
    tap(qtbot, page.preview_button)
    assert page.stack.currentIndex() == 1


def test_blind_count_hides_the_expected_until_counted(qtbot: QtBot, cafe: Cafe) -> None:
    nadia = cafe.users.acting("Nadia")
    cafe.settings.update(nadia, {"blind_count": "yes"})
    cafe.till.open(nadia, parse_count("20x1"))
    sell(cafe, "Café", 1, Payment(PaymentMethod.CASH, 130))
    window = logged_in(qtbot, cafe)                                                  # Paul counts
    till = till_of(window)
    assert "150" not in text(till.expected_cash)
    tap(qtbot, till.close_button)
    page = till.closing
    assert page.blind_note.isVisible() and page.reveal_button.isVisible()
    type_count(qtbot, page.grid, {2000: 1, 100: 1})
    assert all("21,30" not in text(cells[0]) and text(cells[2]) == "" for cells in page.cells.values())
    tap(qtbot, page.preview_button)
    assert page.message.kind == "error" and page.stack.currentIndex() == 0
    tap(qtbot, page.reveal_button)
    assert text(page.cells["cash"][0]) == "21,30 €" and text(page.cells["cash"][2]) == "-0,30 €"
    assert page.grid.fields[2000].isReadOnly() and not page.grid.plus[2000].isEnabled()  # the count is final
    tap(qtbot, page.preview_button)
    assert page.stack.currentIndex() == 1
    tap(qtbot, page.sign_button)
    assert window.manager_pin.isVisible()                                            # Paul may not sign the Z


def test_past_days_and_the_month_are_closed_from_the_till(qtbot: QtBot, day_cafe: Cafe, clock: FixedClock) -> None:
    cafe = day_cafe
    clock.moment = datetime(2026, 2, 27, 9, 0, tzinfo=PARIS)
    cafe.till.open(cafe.users.acting("Nadia"), parse_count("20x1"))
    sell(cafe, "Thé", 1, Payment(PaymentMethod.CARD, 200))
    clock.moment = datetime(2026, 3, 2, 9, 0, tzinfo=PARIS)
    till = till_of(logged_in(qtbot, cafe, "Nadia", "1234"))
    assert till.days_box.isVisible() and till.days.count() == 1
    with qtbot.waitSignal(till.z_signed) as signed:
        tap(qtbot, till.close_day_button)
    assert signed.args[0]["period"] == "2026-02-27" and signed.args[0]["session"] is None
    assert not till.days_box.isVisible() and till.month.text() == "2026-02"
    tap(qtbot, till.close_month_button)
    assert cafe.closings.get(ClosingKind.MONTH, "2026-02")["total_cents"] == 200
    tap(qtbot, till.close_month_button)
    assert till.message.kind == "error"                                              # already closed


def test_the_drawer_opens_for_a_manager_and_is_logged(qtbot: QtBot, cafe: Cafe) -> None:
    till = till_of(logged_in(qtbot, cafe, "Nadia", "1234"))
    tap(qtbot, till.drawer_button)
    assert till.drawer_box.isVisible()
    qtbot.keyClicks(till.drawer_reason, "monnaie d'un billet")
    tap(qtbot, till.drawer_confirm)
    assert not till.drawer_box.isVisible() and till.message.kind == "info"
    opened, = events(cafe, "drawer_opened")
    assert (opened["operator"], opened["reason"]) == ("Nadia", "monnaie d'un billet")


def test_locking_the_counter_drops_the_float_question_and_a_managers_authority(qtbot: QtBot, cafe: Cafe) -> None:
    window = before_opening(qtbot, cafe)
    tap_product(qtbot, window, "Café")
    tap(qtbot, window.sale.pay_button)
    dialog = window.sale.findChild(FloatDialog)
    assert dialog is not None and dialog.isVisible()
    window.lock()
    assert window.sale.findChild(FloatDialog) is None or not dialog.isVisible()
    cafe.till.open(cafe.users.acting("Nadia"), parse_count("20x5"))
    log_in(qtbot, window, "Paul", "2222")
    till = till_of(window)
    tap(qtbot, till.pay_in_button)
    for digit in "1234":
        tap(qtbot, window.manager_pin.pad.keypad.buttons[digit])
    tap(qtbot, window.manager_pin.pad.keypad.buttons["OK"])
    assert till.movement.isVisible() and till.movement.by is not None
    window.lock()                                    # Nadia's PIN was for this pay-in, not for whoever comes next
    log_in(qtbot, window, "Paul", "2222")
    window.stack.setCurrentWidget(till)
    assert till.pages.currentWidget() is till.overview and till.movement.by is None
