"""Operators in the settings: who may use the counter, with which role, and their PINs.

PINs are typed, never shown, and handed straight to the user service, which hashes them and logs the change.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cafepos.domain.operators import Operator, Role
from cafepos.ui.actions import OPERATORS
from cafepos.ui.session import Session
from cafepos.ui.text import _
from cafepos.ui.widgets import MessageLine, button


def pin_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(8)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), field))
    field.setPlaceholderText(_("4 to 8 digits"))
    return field


class OperatorsPage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.manager: Operator | None = None
        self.people = QListWidget()
        self.people.setObjectName("operators")
        self.message = MessageLine()

        add_box = QGroupBox(_("New operator"))
        self.name = QLineEdit()
        self.name.setObjectName("newOperatorName")
        self.name.setMaxLength(40)
        self.role = QComboBox()
        self.role.setObjectName("newOperatorRole")
        self.role.addItem(_("Staff"), Role.STAFF.value)
        self.role.addItem(_("Manager"), Role.MANAGER.value)
        self.new_pin = pin_field("newOperatorPin")
        add = button(_("Add"), "accent", tip=_("Add this operator"))
        add.clicked.connect(self.add)
        form = QFormLayout(add_box)
        form.addRow(_("Name"), self.name)
        form.addRow(_("Role"), self.role)
        form.addRow(_("PIN"), self.new_pin)
        form.addRow("", add)

        pin_box = QGroupBox(_("Change the selected operator's PIN"))
        self.changed_pin = pin_field("changedPin")
        change = button(_("Change the PIN"), tip=_("Give the selected operator this new PIN"))
        change.clicked.connect(self.change_pin)
        pin_form = QFormLayout(pin_box)
        pin_form.addRow(_("New PIN"), self.changed_pin)
        pin_form.addRow("", change)

        right = QVBoxLayout()
        right.addWidget(add_box)
        right.addWidget(pin_box)
        right.addWidget(self.message)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.people, 1)
        layout.addLayout(right, 1)

    def reload(self) -> None:
        self.people.clear()
        for o in self.session.cafe.users.list():
            role = _("manager") if o.role == Role.MANAGER else _("staff")
            item = QListWidgetItem(f"{o.name} — {role}")
            item.setData(256, o.name)
            self.people.addItem(item)

    def add(self) -> None:
        by = self.manager
        if by is None:
            return
        name, role, pin = self.name.text(), str(self.role.currentData()), self.new_pin.text()
        added = self.session.actions.run(lambda: self.session.cafe.users.add(by, name, role, pin),
                                         changes=OPERATORS, sink=self.message.error)
        if added is not None:
            self.name.clear()
            self.new_pin.clear()
            self.reload()
            self.message.info(_("{name} can now log in.").format(name=added.name))

    def change_pin(self) -> None:
        by, item = self.manager, self.people.currentItem()
        if by is None:
            return
        if item is None:
            self.message.error(_("Choose an operator in the list first."))
            return
        name, pin = str(item.data(256)), self.changed_pin.text()
        if self.session.actions.run_ok(lambda: self.session.cafe.users.change_pin(by, name, pin),
                                       changes=OPERATORS, sink=self.message.error):
            self.changed_pin.clear()
            self.message.info(_("{name}'s PIN was changed.").format(name=name))
