"""History: finding tickets, reading them as signed, reprinting as a duplicate, cancelling with a manager."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cafepos.bootstrap import Cafe
from cafepos.domain.operators import Operator
from cafepos.domain.ticket import Payment, PaymentMethod, SaleMode
from cafepos.services.sales import BasketItem, Duplicate, SignedTicket
from tests.ui_support import logged_in, tap


def sell(cafe: Cafe, who: Operator, label: str, qty: int = 1) -> SignedTicket:
    product = cafe.catalog.resolve(label)
    total = product.price_cents * qty
    return cafe.sales.ring_up(who, [BasketItem(product.id, qty)], SaleMode.ON_SITE,
                              [Payment(PaymentMethod.CASH, total)])


def test_find_and_show_exactly_as_signed(qtbot: QtBot, cafe: Cafe, staff: Operator) -> None:
    sell(cafe, staff, "Café", 2)
    sell(cafe, staff, "Kir")
    window = logged_in(qtbot, cafe)
    tap(qtbot, window.sections["history"])
    history = window.history
    assert history.model.rowCount() == 2
    assert "T1-000002" in history.status.text() and "Kir" in history.receipt.toPlainText()
    history.number.setText("1")
    tap(qtbot, history.findChild(type(history.reprint_button), "accent"))
    assert history.model.rowCount() == 1 and "2 x Café" in history.receipt.toPlainText()
    history.number.clear()
    history.amount.setText("3,20")
    history.find_tickets()
    assert [r.number for r in history.model.rows] == [2]
    history.number.setText("99")
    history.find_tickets()
    assert history.message.kind == "error" and history.model.rowCount() == 0


def test_reprint_is_a_numbered_duplicate(qtbot: QtBot, cafe: Cafe, staff: Operator) -> None:
    sell(cafe, staff, "Café")
    window = logged_in(qtbot, cafe)
    made: list[Duplicate] = []
    window.duplicate_made = made.append  # type: ignore[method-assign]
    tap(qtbot, window.sections["history"])
    tap(qtbot, window.history.reprint_button)
    tap(qtbot, window.history.reprint_button)
    assert [d.duplicate_no for d in made] == [1, 2] and made[0].ticket.number == 1
    assert "2" in window.history.message.text()


def test_cancel_needs_a_manager_a_reason_and_makes_a_negative_ticket(qtbot: QtBot, cafe: Cafe,
                                                                      staff: Operator) -> None:
    sell(cafe, staff, "Croque-monsieur")
    window = logged_in(qtbot, cafe)
    signed: list[SignedTicket] = []
    window.ticket_signed = lambda t, _p: signed.append(t)  # type: ignore[method-assign]
    tap(qtbot, window.sections["history"])
    history = window.history
    tap(qtbot, history.cancel_button)
    assert window.manager_pin.isVisible() and not history.cancel_box.isVisible()
    for digit in "1234":
        tap(qtbot, window.manager_pin.pad.keypad.buttons[digit])
    tap(qtbot, window.manager_pin.pad.keypad.buttons["OK"])
    assert history.cancel_box.isVisible() and "5,50" in history.confirm_cancel.text()
    tap(qtbot, history.confirm_cancel)  # no reason yet
    assert history.message.kind == "error" and not signed
    history.reason.setText("Erreur de saisie")
    tap(qtbot, history.confirm_cancel)
    (cancellation,) = signed
    assert cancellation.payload["type"] == "cancellation" and cancellation.payload["cancels"] == 1
    assert cancellation.payload["total_cents"] == -550 and cancellation.payload["operator"] == "Nadia"
    history.select_number(1)
    assert history.status.text() != "T1-000001"  # marked as cancelled, in whatever language
    assert not history.cancel_button.isEnabled()
