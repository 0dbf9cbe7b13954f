"""Open tabs on the shelf side of the sale screen: naming a basket to park it, and the parked ones to resume.

Both are pages in place of the product grid rather than dialogs, so a busy counter keeps the ticket in view.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cafepos.services.ports import TabRow
from cafepos.ui.basket import Basket, Lookup
from cafepos.ui.text import _, fmt, money
from cafepos.ui.widgets import MessageLine, SidePage, button, with_key

TABLES = 12


class ParkPanel(SidePage):
    """Park the basket under a table number or a name."""

    parked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_("Put on hold: under which table or name?"))
        title.setObjectName("heading")
        self.name = QLineEdit()
        self.name.setObjectName("tabName")
        self.name.setMaxLength(40)
        self.name.setPlaceholderText(_("Table number or customer's name"))
        self.message = MessageLine()
        grid = QGridLayout()
        grid.setSpacing(8)
        self.tables: list[QPushButton] = []
        for n in range(1, TABLES + 1):
            b = QPushButton(_("Table {n}").format(n=n))
            b.setObjectName("big")
            b.setAutoDefault(False)
            b.clicked.connect(lambda _checked=False, n=n: self.parked.emit(_("Table {n}").format(n=n)))
            grid.addWidget(b, (n - 1) // 4, (n - 1) % 4)
            self.tables.append(b)
        ok = button(_("Put on hold"), "accent", tip=_("Put the ticket on hold under this name"))
        ok.setToolTip(with_key(_("Put the ticket on hold under this name"), _("Enter")))
        ok.clicked.connect(self._park)
        cancel = button(_("Back"), tip=_("Back to the products"))
        cancel.setToolTip(with_key(_("Back to the products"), _("Esc")))
        cancel.clicked.connect(self.back)
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(ok)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(cancel, alignment=Qt.AlignmentFlag.AlignLeft)

    def enter(self) -> None:
        self._park()

    def start(self) -> None:
        self.name.clear()
        self.message.clear_message()
        self.name.setFocus()

    def _park(self) -> None:
        if not self.name.text().strip():
            self.message.error(_("Give the tab a table number or a name."))
            return
        self.parked.emit(self.name.text().strip())


class TabsPanel(QWidget):
    """The parked baskets as big buttons: name, total at today's prices, time of the last change."""

    resume = Signal(int)
    back = Signal()

    def __init__(self, lookup: Lookup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lookup = lookup
        title = QLabel(_("Tickets on hold"))
        title.setObjectName("heading")
        self.empty = QLabel(_("No ticket is on hold."))
        self.empty.setObjectName("caption")
        self.holder = QWidget()
        self.grid = QGridLayout(self.holder)
        self.grid.setSpacing(10)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.holder)
        back = button(_("Back"), tip=_("Back to the products"))
        back.setToolTip(with_key(_("Back to the products"), _("Esc")))
        back.clicked.connect(self.back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        layout.addWidget(back, alignment=Qt.AlignmentFlag.AlignLeft)
        self.buttons: dict[int, QPushButton] = {}

    def show_tabs(self, tabs: list[TabRow], current: int | None) -> None:
        for b in self.buttons.values():
            b.hide()
            self.grid.removeWidget(b)
            b.deleteLater()
        self.buttons = {}
        shown = [t for t in tabs if t.id != current]
        for i, tab in enumerate(shown):
            total = Basket.state_total(tab.state, self.lookup)
            count = sum(int(raw.get("qty", 1)) for raw in tab.state.get("lines", []))
            when = fmt().time(datetime.fromisoformat(tab.updated))
            b = QPushButton(_("{name}\n{total} · {count} items · {time}").format(
                name=tab.name, total=money(total), count=count, time=when))
            b.setObjectName("big")
            b.setMinimumHeight(88)
            b.setAutoDefault(False)
            b.setProperty("tab", tab.id)
            b.clicked.connect(lambda _checked=False, tab_id=tab.id: self.resume.emit(tab_id))
            self.grid.addWidget(b, i // 3, i % 3)
            self.buttons[tab.id] = b
        self.empty.setVisible(not shown)
