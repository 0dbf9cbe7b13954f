"""The sale screen's offer to record a loss for goods past their use-by date (issue "producers").

Apart from the producers' screens, which the sale screen does not need to open: the counter starts faster.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QBoxLayout, QWidget

from cafepos.domain.errors import Refused
from cafepos.domain.operators import Operator, Right
from cafepos.services.ports import ProductRow
from cafepos.ui.actions import CATALOGUE
from cafepos.ui.basket import Basket
from cafepos.ui.session import Session
from cafepos.ui.text import _, error_text
from cafepos.ui.widgets import MessageLine, button

T = TypeVar("T")
EXPIRED_MSGID = ("{label} (lot {lot}) is past its use-by date ({dlc}): it cannot be sold. Record it as a loss.")


class ExpiredLossOffer(QObject):
    """A sale refused for a lot past its use-by date offers, next to the ticket, a one-tap "Record as a loss"
    (manager) for that lot's quantity; the line then leaves the ticket (logged as a void like any removal)."""

    def __init__(self, session: Session, message: MessageLine, basket: Basket, products: dict[int, ProductRow],
                 leave_payment: Callable[[], None], parent: QWidget) -> None:
        super().__init__(parent)
        self.session, self.message, self.basket, self.products = session, message, basket, products
        self.leave_payment = leave_payment  # a refusal comes from the payment: back to the ticket
        self.refusal: Refused | None = None
        self.button = button("", "danger", tip=_("Record the lot as a loss and take the line off (manager)"))
        self.button.setObjectName("recordLoss")
        self.button.setProperty("danger", True)
        self.button.clicked.connect(self.record)
        self.button.hide()
        holder = message.parentWidget()
        layout = holder.layout() if holder is not None else None
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(layout.indexOf(message) + 1, self.button)

    def watch(self, work: Callable[[], T]) -> Callable[[], T]:
        """`work` as it was, noticing the refusal on the way through (the actions helper still shows it)."""

        def run() -> T:
            try:
                return work()
            except Refused as exc:
                if exc.msgid == EXPIRED_MSGID:
                    self.refusal = exc
                    QTimer.singleShot(0, self._offer)
                raise

        return run

    def _offer(self) -> None:
        """Back from the payment (nothing was recorded): the refusal and the way out, next to the ticket."""
        exc = self.refusal
        if exc is None:
            return
        self.leave_payment()
        self.message.error(error_text(exc))
        self.button.setText(_("Record as a loss: {label} (lot {lot})").format(label=exc.params["label"],
                                                                            lot=exc.params["lot"]))
        self.button.show()

    def check(self) -> None:
        """The offer goes when the line it is about leaves the ticket."""
        exc = self.refusal
        if exc is not None and not any(line.label == exc.params["label"] for line in self.basket.lines):
            self.refusal = None
            self.button.hide()

    def record(self) -> None:
        exc, cafe = self.refusal, self.session.cafe
        if exc is None:
            return
        label, lot = str(exc.params["label"]), str(exc.params["lot"])
        product = next((p for p in self.products.values() if p.label == label and p.producer_id is not None), None)
        producer = next((p.name for p in cafe.producers.producers()
                         if product is not None and p.id == product.producer_id), None)
        if product is None or producer is None:
            return

        def granted(by: Operator) -> None:
            from cafepos.ui.producer_views import lots_of  # the producers' screens' module: loaded when needed

            qty = next((x.qty for x in lots_of(cafe, producer) if x.lot == lot and x.label == label), 0)
            taken = self.session.actions.run(lambda: cafe.producers.give_back(
                by, producer, label, qty, _("Past its use-by date"), kind="loss", lot=lot), changes=CATALOGUE,
                sink=self.message.error)
            if taken is None:
                return
            self.refusal = None
            self.button.hide()
            for row in reversed(range(len(self.basket.lines))):
                if self.basket.lines[row].product.id == product.id:
                    self.session.actions.run(partial(self.basket.remove, row), sink=self.message.error)
            self.message.info(_("Loss recorded: {qty} × {label} (lot {lot}); the line is off the ticket.").format(
                qty=qty, label=label, lot=lot))

        self.session.with_right(Right.EDIT_CATALOGUE, _("Recording a loss needs a manager."), granted)
