"""The payment's number keys, painted as one widget.

The payment opens at every sale, and its twelve keys were twelve buttons for the style sheet to draw each time
(0.5 ms of the 15 ms a sale may take). Here each key is drawn by the style once per look, exactly as a
`QPushButton#key` of the theme (from a hidden stand-in), and copied afterwards, as the category bar does. A tap
gives the same feedback and the same `pressed` signal as the keypad's buttons; the keyboard's digits, comma and
Backspace reach the payment directly, as before (the keys never took the focus).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget

from cafepos.ui import theme
from cafepos.ui.text import _

DIGITS = ("7", "8", "9", "4", "5", "6", "1", "2", "3", "00", "0", ",")


class KeyGrid(QWidget):
    pressed = Signal(str)

    SPACING = 8  # as the keypad's grid

    def __init__(self, keys: Sequence[str] = DIGITS, columns: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys = list(keys)
        self.columns = columns
        self.rows = math.ceil(len(self.keys) / columns)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # a key's repaint stops here
        self._ground = QColor(theme.BACKGROUND)
        self._stamp = QPushButton(self)  # drawn by the style as the theme's keys are; never shown
        self._stamp.setObjectName("key")
        self._stamp.hide()
        self._cells: list[QRect] = []
        self._faces: dict[tuple[str, int, int, bool, float], QPixmap] = {}
        self._rest: tuple[tuple[int, int, float], QPixmap] | None = None  # all keys at rest (see paintEvent)
        self._down = -1
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the typed amount keeps the keyboard, as with the buttons
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Keypad"))

    # -- geometry ------------------------------------------------------------------------------------------------
    def minimumSizeHint(self) -> QSize:
        """Each key at least as large as the theme's `#key` buttons may be (and never under a finger's 48 px)."""
        self._stamp.ensurePolished()
        key = self._stamp.minimumSize().expandedTo(QSize(theme.TOUCH, theme.TOUCH))
        return QSize(self.columns * key.width() + (self.columns - 1) * self.SPACING,
                     self.rows * key.height() + (self.rows - 1) * self.SPACING)

    def sizeHint(self) -> QSize:
        return QSize(self.columns * 64 + (self.columns - 1) * self.SPACING,
                     self.rows * 64 + (self.rows - 1) * self.SPACING)

    def resizeEvent(self, event: QResizeEvent) -> None:
        width = (self.width() - (self.columns - 1) * self.SPACING) / self.columns
        height = (self.height() - (self.rows - 1) * self.SPACING) / self.rows
        self._cells = []
        for i in range(len(self.keys)):
            row, col = divmod(i, self.columns)
            left, top = round(col * (width + self.SPACING)), round(row * (height + self.SPACING))
            right, bottom = round(col * (width + self.SPACING) + width), round(row * (height + self.SPACING) + height)
            self._cells.append(QRect(left, top, right - left, bottom - top))
        super().resizeEvent(event)

    def key_rect(self, key: str) -> QRect:
        """Where `key` is drawn (for a tap in a test or a script)."""
        return self._cells[self.keys.index(key)]

    def _cell_at(self, pos: QPoint) -> int:
        return next((i for i, cell in enumerate(self._cells) if cell.contains(pos)), -1)

    # -- painting ------------------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """The keys at rest are one image, copied whole (clipped to what is repainted); a key held down is drawn
        over it. Twelve faces copied one by one at every payment cost five times one copy."""
        painter = QPainter(self)
        ratio = self.devicePixelRatioF()
        painter.drawPixmap(0, 0, self._at_rest(ratio))
        if 0 <= self._down < len(self._cells):
            cell = self._cells[self._down]
            painter.drawPixmap(cell.topLeft(), self._face(self.keys[self._down], cell.size(), True, ratio))
        painter.end()

    def _at_rest(self, ratio: float) -> QPixmap:
        key = (self.width(), self.height(), ratio)
        if self._rest is None or self._rest[0] != key:
            image = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
            image.setDevicePixelRatio(ratio)
            image.fill(self._ground)
            painter = QPainter(image)
            for i, cell in enumerate(self._cells):
                painter.drawPixmap(cell.topLeft(), self._face(self.keys[i], cell.size(), False, ratio))
            painter.end()
            self._rest = (key, image)
        return self._rest[1]

    def _face(self, key: str, size: QSize, down: bool, ratio: float) -> QPixmap:
        """A key as the style draws a `QPushButton#key` of that size: drawn once per look, then copied."""
        cache = (key, size.width(), size.height(), down, ratio)
        face = self._faces.get(cache)
        if face is None:
            self._stamp.ensurePolished()  # the theme's font and look for `#key`, though it is never shown
            option = QStyleOptionButton()
            option.initFrom(self._stamp)
            option.rect = QRect(QPoint(0, 0), size)
            option.text = key
            option.state = (QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Active
                            | (QStyle.StateFlag.State_Sunken if down else QStyle.StateFlag.State_Raised))
            face = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
            face.setDevicePixelRatio(ratio)
            face.fill(self._ground)  # the ground in the rounded corners: the face is copied opaque
            painter = QPainter(face)
            painter.setFont(self._stamp.font())
            self.style().drawControl(QStyle.ControlElement.CE_PushButton, option, painter, self._stamp)
            painter.end()
            self._faces[cache] = face
        return face

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._faces.clear()
            self._rest = None
            self.update()
        super().changeEvent(event)

    # -- fingers -------------------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._down = self._cell_at(event.position().toPoint())
        if self._down >= 0:
            self.update(self._cells[self._down])

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        down, self._down = self._down, -1
        if down >= 0:
            self.update(self._cells[down])
            if down == self._cell_at(event.position().toPoint()):
                self.pressed.emit(self.keys[down])
