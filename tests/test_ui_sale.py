"""The sale screen clicked through offscreen: PIN pad, tiles, take away, cash, the signed ticket, the scanner."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from cafepos.bootstrap import Cafe
from cafepos.domain.cash import parse_count
from cafepos.domain.ticket import PaymentMethod
from cafepos.services.sales import SignedTicket
from tests.ui_support import events, lines, log_in, logged_in, open_window, tap, tap_product


@pytest.fixture(autouse=True)
def till_open(cafe: Cafe) -> None:
    """The float was counted this morning: these tests start at the sale, not at the drawer."""
    cafe.till.open(cafe.users.acting("Nadia"), parse_count("20x5"))



def test_pin_pad_refuses_a_wrong_pin_inline(qtbot: QtBot, cafe: Cafe) -> None:
    window = open_window(qtbot, cafe)
    log_in(qtbot, window, "Paul", "9999")
    assert window.stack.currentWidget() is window.pin_pad
    assert window.pin_pad.message.isVisible() and window.pin_pad.message.kind == "error"
    assert "Paul" in window.pin_pad.message.text()
    log_in(qtbot, window, "Paul", "2222")
    assert window.stack.currentWidget() is window.sale and window.session.who.name == "Paul"


def test_ring_up_take_away_and_pay_cash_with_a_note(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    signed: list[tuple[SignedTicket, bool]] = []
    window.ticket_signed = lambda ticket, wanted: signed.append((ticket, wanted))  # type: ignore[method-assign]
    sale = window.sale
    for label in ("Café", "Bière pression 25 cl", "Canette soda 33 cl"):
        tap_product(qtbot, window, label)
    assert [line.vat_bp for line in sale.basket.lines] == [1000, 2000, 1000]
    tap(qtbot, sale.take_away)
    assert [line.vat_bp for line in sale.basket.lines] == [1000, 2000, 550]
    assert sale.total.text().replace("\u202f", " ").replace("\xa0", " ") == "6,20 €"

    tap(qtbot, sale.pay_button)
    dialog = sale.payment
    assert dialog.isVisible() and dialog.due.text() == sale.total.text()
    tap(qtbot, dialog.quick_buttons[2000])
    assert dialog.change.isVisible() and dialog.tender.change_cents == 1380
    tap(qtbot, dialog.validate)
    assert not sale.basket.lines  # committed before the receipt question
    tap(qtbot, dialog.print_no)
    assert not dialog.isVisible()

    (ticket, wanted), = signed
    assert wanted is False
    payload = cafe.sales.ticket(ticket.number).payload
    assert payload["operator"] == "Paul" and payload["sale_mode"] == "take_away"
    assert [(x["label"], x["qty"], x["amount_cents"], x["vat_rate_bp"]) for x in payload["lines"]] == [
        ("Café", 1, 130, 1000), ("Bière pression 25 cl", 1, 310, 2000), ("Canette soda 33 cl", 1, 180, 550)]
    assert [row["rate_bp"] for row in payload["vat"]] == [550, 1000, 2000]
    assert payload["total_cents"] == 620 and payload["change_cents"] == 1380
    assert payload["payments"] == [{"method": "cash", "amount_cents": 2000}]
    assert sale.total.text().startswith("0,00")


def test_payment_dialog_is_reused_and_split_card_cash(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    sale = window.sale
    dialog = sale.payment
    tap_product(qtbot, window, "Croque-monsieur")
    tap(qtbot, sale.pay_button)
    for key in ("3", "5"):  # the keypad types the amount; the erase key beside it takes the last digit back
        tap(qtbot, dialog.keypad, dialog.keypad.key_rect(key).center())
    tap(qtbot, dialog.erase)
    assert dialog.entry.text() == "3"
    tap(qtbot, dialog.method_buttons[PaymentMethod.CARD])
    assert dialog.tender.paid_cents == 300 and "3,00" in dialog.paid.text()
    tap(qtbot, dialog.exact)
    tap(qtbot, dialog.validate)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # after validation, Esc means "no receipt"
    assert not dialog.isVisible()
    ticket = cafe.sales.ticket(1).payload
    assert ticket["payments"] == [{"method": "card", "amount_cents": 300}, {"method": "cash", "amount_cents": 250}]
    tap_product(qtbot, window, "Café")
    tap(qtbot, sale.pay_button)
    assert sale.payment is dialog and not dialog.tender.parts and dialog.pages.currentIndex() == 0


def test_meal_voucher_refusal_shows_inline(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    tap_product(qtbot, window, "Pastis")
    tap(qtbot, window.sale.pay_button)
    dialog = window.sale.payment
    tap(qtbot, dialog.method_buttons[PaymentMethod.VOUCHER])
    assert dialog.message.isVisible() and dialog.message.kind == "error"
    assert not dialog.validate.isEnabled()
    dialog.reject()
    assert len(window.sale.basket) == 1  # nothing recorded, the ticket stays


def test_scanner_burst_adds_the_product_and_unknown_code_says_so(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    view = window.sale.grid.view
    qtbot.keyClicks(view, "5449000000996")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert lines(window) == [(1, "Canette soda 33 cl", 180)]
    assert not window.sale.payment.isVisible()  # the scanner's Enter did not open the payment
    qtbot.keyClicks(view, "0000000000000")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.sale.message.kind == "error" and "0000000000000" in window.sale.message.text()
    assert len(window.sale.basket) == 1


def test_a_scan_into_the_search_field_is_taken_back_out(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    search = window.sale.search
    search.setFocus()
    qtbot.keyClicks(search, "3168930010265")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert lines(window) == [(1, "Chips", 120)] and search.text() == ""


def test_typed_digits_set_the_quantity_and_esc_clears_only_them(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    sale = window.sale
    qtbot.keyClicks(sale.grid.view, "3")
    assert "3" in sale.entry.text()
    tap_product(qtbot, window, "Croissant")
    assert lines(window) == [(3, "Croissant", 360)] and sale.entry.text() == ""
    qtbot.keyClicks(sale.grid.view, "12")
    qtbot.keyClick(sale.grid.view, Qt.Key.Key_Escape)
    assert sale.entry.text() == "" and lines(window) == [(3, "Croissant", 360)]
    qtbot.keyClick(sale.grid.view, Qt.Key.Key_Escape)
    assert len(sale.basket) == 1  # Esc never clears the ticket
    qtbot.keyClick(sale.grid.view, Qt.Key.Key_Return)
    assert sale.payment.isVisible()  # Enter with nothing typed: pay
    sale.payment.reject()


def test_line_tools_and_voids_are_logged(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    sale = window.sale
    tap_product(qtbot, window, "Café")
    tap(qtbot, sale.tools.plus)
    tap(qtbot, sale.tools.plus)
    tap(qtbot, sale.tools.minus)
    assert lines(window) == [(2, "Café", 260)]
    tap(qtbot, sale.tools.remove)
    assert lines(window) == []
    voids = events(cafe, "void")
    assert [(v["operator"], v["lines"][0]["qty"]) for v in voids] == [("Paul", 1), ("Paul", 2)]


def test_staff_discount_needs_a_manager_pin(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    sale = window.sale
    tap_product(qtbot, window, "Sandwich jambon-beurre")
    tap(qtbot, sale.tools.discount)
    pin = window.manager_pin
    assert pin.isVisible() and not sale.discount_editor.isVisible()
    for digit in "1234":
        tap(qtbot, pin.pad.keypad.buttons[digit])
    tap(qtbot, pin.pad.keypad.buttons["OK"])
    assert not pin.isVisible() and sale.discount_editor.isVisible()
    sale.discount_editor.amount.setText("10 %")
    sale.discount_editor.reason.setCurrentText("Fidélité")
    sale.discount_editor.applied.emit(sale.discount_editor.amount.text(), sale.discount_editor.reason.currentText())
    assert lines(window) == [(1, "Sandwich jambon-beurre", 405)]
    tap(qtbot, sale.pay_button)
    tap(qtbot, sale.payment.exact)
    tap(qtbot, sale.payment.validate)
    tap(qtbot, sale.payment.print_yes)
    payload = cafe.sales.ticket(1).payload
    assert payload["lines"][0]["discount_cents"] == 45 and payload["lines"][0]["discount_reason"] == "Fidélité"


def test_a_scan_reaches_the_ticket_wherever_the_focus_is(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    for somewhere in (window.clock, window.sale.tools.plus, window.sale.table):
        qtbot.keyClicks(somewhere, "3274080005003")
        qtbot.keyClick(somewhere, Qt.Key.Key_Return)
    assert lines(window) == [(3, "Eau minérale 50 cl", 450)]
    assert not window.sale.payment.isVisible()


def test_the_ticket_is_frozen_while_it_is_paid(qtbot: QtBot, cafe: Cafe) -> None:
    """The payment takes the shelf's place and the ticket stays in view: nothing may change it under the payment
    (a tap on its tools, their shortcuts, F4, a scan), and F5 is cash there, not the producers' screen."""
    window = logged_in(qtbot, cafe)
    sale = window.sale
    tap_product(qtbot, window, "Café")
    tap_product(qtbot, window, "Croissant")
    sale.table.select(0)
    tap(qtbot, sale.pay_button)
    page = sale.payment
    assert sale.paying and page.isVisible() and sale.table.isVisible()
    assert not sale.pay_button.isEnabled()  # greyed while the payment is under way beside it
    before = lines(window)
    for widget in (sale.tools.plus, sale.take_away, sale.clear_button):  # the ticket side takes no tap
        # Through the window, as a finger's tap comes (a click sent to the button itself would skip the hit test).
        QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         widget.mapTo(window, widget.rect().center()))
    plain, ctrl = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier
    for key, mods in ((Qt.Key.Key_Delete, plain), (Qt.Key.Key_F4, plain), (Qt.Key.Key_D, ctrl), (Qt.Key.Key_P, ctrl),
                      (Qt.Key.Key_O, ctrl), (Qt.Key.Key_Plus, plain)):
        qtbot.keyClick(page, key, mods)
    sale.remove_line()  # the slots themselves refuse, whoever calls them
    sale.tap_product(next(p for p in sale.products.values() if p.label == "Chips"))
    assert lines(window) == before and sale.basket.mode.value == "on_site" and sale.paying
    assert not sale.park_panel.isVisible() and not sale.discount_editor.isVisible()

    for _ in range(30):  # Tab goes round the payment's own keys, never on to the ticket beside it
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        assert page.isAncestorOf(window.focusWidget())

    qtbot.keyClick(page, Qt.Key.Key_F5)  # cash, all that is due (a shortcut clicks its button after a moment)
    qtbot.waitUntil(lambda: page.tender.paid_cents == 250)
    assert window.stack.currentWidget() is sale
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert page.pages.currentIndex() == 1
    qtbot.keyClick(page, Qt.Key.Key_Escape)  # recorded, no receipt
    assert not sale.paying and sale.left.currentWidget() is sale.grid and len(sale.basket) == 0
    assert cafe.sales.ticket(1).payload["total_cents"] == 250
    qtbot.keyClick(sale.grid.view, Qt.Key.Key_F5)  # the payment is over: F5 is the producers' screen again
    assert window.stack.currentWidget() is not sale


def test_esc_leaves_the_payment_with_the_ticket_as_it_was(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    sale = window.sale
    tap_product(qtbot, window, "Café")
    tap(qtbot, sale.pay_button)
    qtbot.keyClicks(sale.payment, "5")
    assert sale.payment.entry.text() == "5"
    qtbot.keyClick(sale.payment, Qt.Key.Key_Escape)
    assert not sale.paying and sale.left.currentWidget() is sale.grid and lines(window) == [(1, "Café", 130)]
    assert sale.pay_button.isEnabled()
    tap_product(qtbot, window, "Café")  # the ticket takes taps again
    assert lines(window) == [(2, "Café", 260)]


def test_leaving_the_sale_screen_mid_payment_records_nothing_and_comes_back_to_the_ticket(qtbot: QtBot,
                                                                                      cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    sale = window.sale
    tap_product(qtbot, window, "Café")
    tap(qtbot, sale.pay_button)
    tap(qtbot, sale.payment.quick_buttons[500])
    tap(qtbot, window.sections["history"])  # the top bar stays usable: leaving is "back to the ticket"
    assert window.stack.currentWidget() is not sale and not sale.paying
    tap(qtbot, window.sections["sale"])
    assert sale.left.currentWidget() is sale.grid and lines(window) == [(1, "Café", 130)]
    assert sale.pay_button.isEnabled()
    with cafe.db.read() as store:
        assert store.head("tickets").seq == 0


def test_the_line_tools_are_on_only_with_a_line_to_act_on(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    sale = window.sale
    tools = (sale.tools.minus, sale.tools.plus, sale.tools.qty, sale.tools.discount, sale.tools.remove)

    def on() -> bool:
        states = {b.isEnabled() for b in tools}
        assert len(states) == 1, states  # all together
        return states.pop()

    assert not on()  # an empty ticket
    tap_product(qtbot, window, "Café")
    tap_product(qtbot, window, "Croissant")
    assert on()
    sale.remove_line()
    assert on()  # the other line is selected
    sale.remove_line()
    assert not on()
    tap_product(qtbot, window, "Café")
    assert on()
    tap(qtbot, sale.pay_button)
    tap(qtbot, sale.payment.exact)
    tap(qtbot, sale.payment.validate)
    assert not on()  # the sale is recorded: the ticket is empty again
    tap(qtbot, sale.payment.print_no)
    tap_product(qtbot, window, "Café")
    assert on()
