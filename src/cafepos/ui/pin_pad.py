"""Who is at the counter: the operator list as big buttons, then a PIN keypad; also the manager's override.

Staff rotate many times a day, so switching is two taps (the operator in the top bar, then a name) and a PIN.
Every attempt goes through `users.login`, which logs it and locks an operator after repeated wrong PINs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cafepos.bootstrap import Cafe
from cafepos.domain.operators import Operator, Role
from cafepos.ui.actions import Actions
from cafepos.ui.text import _
from cafepos.ui.widgets import Keypad, MessageLine, with_key

MAX_PIN = 8
CLEAR, OK = "C", "OK"


class PinPad(QWidget):
    accepted = Signal(object)  # Operator

    def __init__(self, cafe: Cafe, actions: Actions, managers_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cafe, self.writer, self.managers_only = cafe, actions, managers_only
        self.setObjectName("screen")
        self.pin = ""
        self.selected: str | None = None
        self.heading = QLabel(_("Who is at the counter?") if not managers_only else _("A manager's PIN is needed"))
        self.heading.setObjectName("heading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.people = QHBoxLayout()
        self.people.setSpacing(12)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.who = QLabel()
        self.who.setObjectName("caption")
        self.who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = QLabel()
        self.dots.setObjectName("pinDots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setMinimumHeight(48)
        self.keypad = Keypad(extra=(CLEAR, "0", OK))
        self.keypad.setFixedSize(380, 300)
        self.keypad.buttons[OK].setObjectName("accent")
        self.keypad.buttons[OK].setToolTip(with_key(_("Log in"), _("Enter")))
        self.keypad.buttons[CLEAR].setToolTip(with_key(_("Clear the PIN"), _("Esc")))
        self.keypad.pressed.connect(self.key)
        self.message = MessageLine()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMaximumWidth(560)

        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(self.people)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.who)
        layout.addWidget(self.dots)
        for widget in (self.message, self.keypad):
            line = QHBoxLayout()
            line.addStretch(1)
            line.addWidget(widget)
            line.addStretch(1)
            layout.addLayout(line)
        layout.addStretch(2)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.reset()

    # -- operators ------------------------------------------------------------------------------------------
    def reset(self, preselect: str | None = None) -> None:
        """Re-reads the operators (one may have been added) and clears the PIN."""
        for b in self.group.buttons():
            self.group.removeButton(b)
            b.hide()
            self.people.removeWidget(b)
            b.deleteLater()
        rows = [o for o in self.cafe.users.list() if not self.managers_only or o.role == Role.MANAGER]
        for o in rows:
            b = QPushButton(o.name)
            b.setObjectName("person")
            b.setCheckable(True)
            b.setAutoDefault(False)
            b.setProperty("operator", o.name)
            b.setToolTip(_("{name}: then type the PIN").format(name=o.name))
            b.clicked.connect(lambda _checked=False, name=o.name: self.choose(name))
            self.group.addButton(b)
            self.people.addWidget(b)
        names = [o.name for o in rows]
        self.selected = None
        if preselect in names:
            self.choose(preselect)
        elif len(names) == 1:
            self.choose(names[0])
        else:
            self.who.setText(_("Tap your name"))
        self.clear_pin()
        self.message.clear_message()

    def button_for(self, name: str) -> QPushButton | None:
        for b in self.group.buttons():
            if b.property("operator") == name:
                assert isinstance(b, QPushButton)
                return b
        return None

    def choose(self, name: str | None) -> None:
        if name is None:
            return
        self.selected = name
        b = self.button_for(name)
        if b is not None:
            b.setChecked(True)
        self.who.setText(_("{name}, type your PIN").format(name=name))
        self.clear_pin()
        self.setFocus()

    # -- keys -------------------------------------------------------------------------------------------------
    def key(self, key: str) -> None:
        if key == OK:
            self.submit()
        elif key == CLEAR:
            self.clear_pin()
        elif key == Keypad.BACK:
            self.pin = self.pin[:-1]
            self._show_dots()
        elif key.isdigit() and len(self.pin) < MAX_PIN:
            if self.selected is None:
                self.message.error(_("Tap your name first."))
                return
            self.pin += key
            self._show_dots()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        k = event.key()
        if event.text().isdigit() and len(event.text()) == 1:
            self.key(event.text())
        elif k in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif k == Qt.Key.Key_Backspace:
            self.key(Keypad.BACK)
        elif k == Qt.Key.Key_Escape:
            self.clear_pin()
        else:
            super().keyPressEvent(event)

    def clear_pin(self) -> None:
        self.pin = ""
        self._show_dots()

    def _show_dots(self) -> None:
        self.dots.setText("●" * len(self.pin) + "○" * max(0, 4 - len(self.pin)))

    def submit(self) -> None:
        if self.selected is None:
            self.message.error(_("Tap your name first."))
            return
        if not self.pin:
            self.message.error(_("Type your PIN, then OK."))
            return
        name, pin = self.selected, self.pin
        self.clear_pin()
        operator = self.writer.run(lambda: self.cafe.users.login(name, pin), sink=self.message.error)
        if operator is None:
            return
        if self.managers_only and operator.role is not Role.MANAGER:
            self.message.error(_("{name} is not a manager.").format(name=name))
            return
        self.message.clear_message()
        self.accepted.emit(operator)


class ManagerPinDialog(QDialog):
    """Asks a manager to come and type their PIN for one act (a discount, a cancellation, the settings).

    Made once and reused; `ask` never blocks the event loop, the answer arrives through the callback.
    """

    def __init__(self, cafe: Cafe, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("managerPin")
        self.setWindowTitle(_("Manager's PIN"))
        self.setModal(True)
        self.reason = QLabel()
        self.reason.setObjectName("heading")
        self.reason.setWordWrap(True)
        self.reason.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pad = PinPad(cafe, actions, managers_only=True)
        self.pad.accepted.connect(self._accepted)
        cancel = QPushButton(_("Cancel"))
        cancel.setAutoDefault(False)
        cancel.setToolTip(with_key(_("Cancel"), _("Esc")))
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reason)
        layout.addWidget(self.pad)
        layout.addWidget(cancel, alignment=Qt.AlignmentFlag.AlignRight)
        self._then: Callable[[Operator], None] | None = None
        self.resize(720, 640)

    def ask(self, reason: str, then: Callable[[Operator], None]) -> None:
        self.reason.setText(reason)
        self._then = then
        self.pad.reset()
        self.open()
        self.pad.setFocus()

    def _accepted(self, operator: Operator) -> None:
        then, self._then = self._then, None
        self.accept()
        if then is not None:
            then(operator)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        self.pad.keyPressEvent(event)
