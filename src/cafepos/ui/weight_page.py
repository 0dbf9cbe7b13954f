"""Weighing at the counter: the grams the scale shows, typed on a keypad, with the price worked out as they go.

Goods sold by weight (cheese cut to order, vegetables) have a price per kg; the sale needs whole grams. The
manager reads the scale and types the grams, or types them before tapping the product (350 then Comté), which
skips this page altogether. The price shown is the one the ticket will carry: half-up(grams × €/kg / 1000).

A page of the sale screen, shown where the shelf was while the ticket stays in view, as the payment is: a dialog of
its own could fall behind the full-screen counter, and its native window brought a backing store of its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from cafepos.domain.ticket import MAX_WEIGHT_G, weighed_cents
from cafepos.services.ports import ProductRow
from cafepos.ui.text import _, money
from cafepos.ui.widgets import Keypad, MessageLine, SidePage, button, with_key


class WeightPage(SidePage):
    """Asks how many grams of `product` (see `start`); says `weighed` with the grams, or `back` if left."""

    weighed = Signal(object, int)  # ProductRow, grams

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.product: ProductRow | None = None
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.entry = QLineEdit()
        self.entry.setObjectName("weight")
        self.entry.setValidator(QIntValidator(0, MAX_WEIGHT_G, self))
        self.entry.setPlaceholderText(_("grams"))
        self.entry.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.entry.setToolTip(_("The weight shown on the scale, in grams"))
        self.entry.textChanged.connect(self._update)
        self.entry.returnPressed.connect(self.confirm)
        unit = QLabel(_("g"))
        unit.setObjectName("heading")
        self.price = QLabel()
        self.price.setObjectName("total")
        self.price.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.keypad = Keypad(extra=("00", "0"))
        self.keypad.pressed.connect(self._key)
        self.message = MessageLine()
        self.cancel_button = button(_("Cancel"), tip=with_key(_("Do not add it"), _("Esc")))
        self.cancel_button.clicked.connect(self.back)
        self.ok_button = button(_("Add"), "accent", tip=with_key(_("Add it to the ticket"), _("Enter")))
        self.ok_button.setProperty("tall", True)
        self.ok_button.clicked.connect(self.confirm)
        weight_row = QHBoxLayout()
        weight_row.addWidget(self.entry, 1)
        weight_row.addWidget(unit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        column = QVBoxLayout()
        column.addWidget(self.heading)
        column.addLayout(weight_row)
        column.addWidget(self.price)
        column.addWidget(self.keypad)
        column.addWidget(self.message)
        column.addLayout(buttons)
        column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        layout.addLayout(column, 4)  # a keypad a finger can use, not one stretched across the shelf's width
        layout.addStretch(1)

    def start(self, product: ProductRow) -> None:
        """A new weighing of `product`: nothing typed yet, the keys go to the grams."""
        self.product = product
        self.heading.setText(_("{label} — {price} per kg").format(label=product.label,
                                                                  price=money(product.price_cents)))
        self.entry.clear()
        self._update("")
        self.entry.setFocus()

    def _key(self, key: str) -> None:
        if key == Keypad.BACK:
            self.entry.backspace()
        elif key:
            self.entry.insert(key)
        self.entry.setFocus()

    def _value(self) -> int | None:
        text = self.entry.text().strip()
        return int(text) if text.isdigit() else None

    def _update(self, _text: str) -> None:
        grams = self._value()
        self.message.clear_message()
        self.ok_button.setEnabled(bool(grams))
        product = self.product
        self.price.setText(money(weighed_cents(grams, product.price_cents)) if grams and product else "")

    def confirm(self) -> None:
        grams = self._value()
        if not grams or grams > MAX_WEIGHT_G:
            self.message.error(_("Type the weight in grams, from 1 g to 100 kg."))
            return
        product, self.product = self.product, None  # once: Enter reaches both the field and the page
        if product is not None:
            self.weighed.emit(product, grams)

    def enter(self) -> None:
        self.confirm()
