"""Small pieces every screen uses: buttons sized for fingers, the inline message, the keypad, two-tap confirm."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QRegion,
    QResizeEvent,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from cafepos.ui import theme
from cafepos.ui.text import _

if TYPE_CHECKING:  # QIcon is set up by PySide6 only when a button has one (see FaceButton)
    from PySide6.QtGui import QIcon

RowT = TypeVar("RowT")

K = TypeVar("K")


def laid_out(kept: dict[K, QStaticText], key: K, text: str, font: QFont, most: int, width: int = 0) -> QStaticText:
    """`text` laid out once in `font` as plain text (wrapped at `width`; 0: one line) and kept in `kept` under
    `key`, which is emptied past `most` texts: amounts, labels and prices repeat all day, and laying a text out
    costs more than drawing it."""
    laid = kept.get(key)
    if laid is None:
        if len(kept) >= most:
            kept.clear()
        laid = QStaticText(text)
        laid.setTextFormat(Qt.TextFormat.PlainText)
        if width:
            laid.setTextWidth(width)
        laid.prepare(QTransform(), font)
        kept[key] = laid
    return laid


def spoken(label: QLabel, text: str) -> None:
    """What a screen reader says for a label that paints its own text (SteadyLabel, a message line keeping its
    room): QLabel's own text is only the room it keeps, and a screen reader would read that. Nothing shown is
    said as nothing (an empty name would fall back to QLabel's own text)."""
    label.setAccessibleName(text or "\u200b")


def own_viewport(view: QAbstractScrollArea) -> None:
    """Gives a scroll area (the shelf, the ticket's lines) a viewport made here, before anything asks for it.

    The viewport Qt makes itself is unknown to PySide6: the first `viewport()` from Python had PySide6 work out
    its type, which set up some sixty of Qt's classes and their enums on the way, 12 ms of every start. One made
    from Python is known already; Qt sets it up as its own (`setupViewport`)."""
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")  # Qt's name for its own, which a style sheet may use
    view.setViewport(viewport)


class ListTableModel(QAbstractTableModel, Generic[RowT]):
    """A read-only table over a list of rows, replaced as a whole; subclasses say what a cell shows."""

    columns = 1

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RowT] = []

    def set_rows(self, rows: list[RowT]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.columns


class FaceButton(QPushButton):
    """A push button that keeps each of its looks once drawn, and copies it afterwards.

    The style sheet draws a button anew at every paint: its rule looked up, its rounded border stroked, its text
    laid out. A sale repaints some thirty of them (the payment's keys, the line tools turning on and off, each
    button pressed and let go), about a tenth of its time. Here the style draws each look (text, size, state:
    pressed, checked, disabled, framed) once into an image, exactly as the button's own paint would, and the
    image is copied after. Each button keeps its own few looks (the rules that apply to it are its own), and
    forgets them when its style, palette or font change. A button with an icon or a menu is drawn as usual.
    """

    LOOKS = 8  # kept per button: at rest, pressed, disabled, framed, checked..., and a text that changed

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        # Made without its text, then given it: QPushButton(text, parent) had PySide6 set up QIcon and its enums
        # to choose between its constructors, at every start; no button here has an icon (see setIcon).
        super().__init__(parent)
        self.setText(text)
        self._with_icon = False
        self._looks: dict[tuple[object, ...], QPixmap] = {}
        self.pressed.connect(self._updates_back)  # connected first: before the actions (see mousePressEvent)
        self.toggled.connect(self._updates_back)  # a checkable button's toggle comes before "released"
        self.released.connect(self._updates_back)

    def paintEvent(self, event: QPaintEvent, /) -> None:
        if self._with_icon or self.menu() is not None:
            super().paintEvent(event)
            return
        option = QStyleOptionButton()
        self.initStyleOption(option)
        ratio = self.devicePixelRatioF()
        size = option.rect.size()
        key = (option.text, size.width(), size.height(), option.state, option.features, ratio)  # enums hash
        look = self._looks.get(key)
        if look is None:
            if len(self._looks) >= self.LOOKS:
                self._looks.clear()
            look = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
            look.setDevicePixelRatio(ratio)
            look.fill(Qt.GlobalColor.transparent)
            painter = QPainter(look)
            painter.setFont(self.font())
            painter.setPen(self.palette().color(self.foregroundRole()))
            self.style().drawControl(QStyle.ControlElement.CE_PushButton, option, painter, self)
            painter.end()
            self._looks[key] = look
        painter = QPainter(self)
        painter.drawPixmap(0, 0, look)
        painter.end()

    def setIcon(self, icon: QIcon | QPixmap, /) -> None:
        self._with_icon = not icon.isNull()  # drawn as usual then (the looks are kept for plain buttons)
        super().setIcon(icon)

    def changeEvent(self, event: QEvent, /) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange, QEvent.Type.FontChange,
                            QEvent.Type.ParentChange, QEvent.Type.LayoutDirectionChange):
            self._looks.clear()
        super().changeEvent(event)

    # Qt's buttons repaint themselves on the spot (a synchronous repaint of the window's backing store) when
    # pressed and again when let go, each a repaint of its own before the tap's action repaints the rest. Here
    # that one repaint is skipped and asked for like any other change: the pressed or released look is shown
    # at the next turn of the event loop, with whatever the action changed. Updates come back as soon as the
    # button says it was pressed or let go, before any action runs (an action may open a dialog and wait).
    def mousePressEvent(self, event: QMouseEvent, /) -> None:
        self._without_own_repaint(super().mousePressEvent, event)

    def mouseReleaseEvent(self, event: QMouseEvent, /) -> None:
        self._without_own_repaint(super().mouseReleaseEvent, event)

    def _without_own_repaint(self, handler: Callable[[QMouseEvent], None], event: QMouseEvent) -> None:
        self.setAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled, True)  # repaint() does nothing meanwhile
        try:
            handler(event)
        finally:
            self._updates_back()

    def _updates_back(self) -> None:
        if self.testAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled):
            self.setAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled, False)
            self.update()


class FaceLineEdit(QLineEdit):
    """A line edit that keeps the look it has while empty and without the keyboard (its placeholder in its box),
    and copies it: the search box comes back with the shelf and the amount box with the payment at every sale,
    and a line edit's paint (the style sheet's box, the placeholder laid out) cost as much as a dozen buttons.
    With a text, the keyboard or the pointer on it, it is drawn as usual; the look is drawn by the line edit's
    own paint, on `ground` (the colour it stands on, so its rounded corners and its antialiased text come out as
    on screen), and forgotten when its style, palette or font change."""

    def __init__(self, ground: str = theme.BACKGROUND, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ground = QColor(ground)
        self._look: tuple[tuple[object, ...], QPixmap] | None = None
        self._drawing = False
        self._asked = False

    def paintEvent(self, event: QPaintEvent, /) -> None:
        if self._drawing or self.text() or self.hasFocus() or self.underMouse():
            super().paintEvent(event)
            return
        key = self._look_key()
        if self._look is None or self._look[0] != key:
            super().paintEvent(event)
            if not self._asked:  # drawn into an image after this paint: a widget cannot render itself while painting
                self._asked = True
                QTimer.singleShot(0, self, self._keep_look)  # not called once the line edit is gone
            return
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._look[1])
        painter.end()

    def _look_key(self) -> tuple[object, ...]:
        return (self.width(), self.height(), self.devicePixelRatioF(), self.placeholderText(), self.isEnabled(),
                self.isReadOnly(), int(self.alignment()))

    def _keep_look(self) -> None:
        self._asked = False
        if self.text() or self.hasFocus() or not self.isVisible():
            return
        key = self._look_key()
        ratio = self.devicePixelRatioF()
        look = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        look.setDevicePixelRatio(ratio)
        look.fill(self._ground)
        self._drawing = True  # the line edit's own paint, into the image
        try:
            self.render(look, QPoint(), QRegion(), QWidget.RenderFlag(0))
        finally:
            self._drawing = False
        self._look = (key, look)

    def changeEvent(self, event: QEvent, /) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange, QEvent.Type.FontChange,
                            QEvent.Type.LayoutDirectionChange):
            self._look = None
        super().changeEvent(event)


def button(text: str, name: str = "", shortcut: str = "", tip: str = "", parent: QWidget | None = None) -> QPushButton:
    """A button whose tooltip names its keyboard shortcut, so the counter can be learnt by touch and used by keys."""
    b = FaceButton(text, parent)
    if name:
        b.setObjectName(name)
    b.setAutoDefault(False)
    b.setDefault(False)
    if shortcut:
        b.setShortcut(QKeySequence(shortcut))
    hint = tip or text
    if shortcut:
        hint = _("{what} ({key})").format(what=hint, key=QKeySequence(shortcut).toString(
            QKeySequence.SequenceFormat.NativeText))
    b.setToolTip(hint)
    return b


def tap_keeps_focus(*widgets: QWidget) -> None:
    """A tap on these leaves the keyboard where it was (Tab still reaches them): the counter's buttons are hit
    with a finger, and one that took the focus drew a focus frame nobody needs and was repainted twice more, on
    the way in and out, at each sale; the keys typed after it (a scan, digits) stay with the shelf or the page."""
    for widget in widgets:
        widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)


class Ground(QWidget):
    """A plain container that fills its own ground and says so (WA_OpaquePaintEvent).

    Qt repaints whatever lies behind a widget that does not say it is opaque: a button pressed in a page of a
    dialog repainted the dialog, its stack and the page first. With a Ground under them, only it and the button.
    Give it no style sheet rule that draws a background (the rule would be ignored, this paints the ground).
    """

    def __init__(self, colour: str = theme.BACKGROUND, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._ground = QColor(colour)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self._ground)
        painter.end()


class ElidedLabel(QLabel):
    """A one-line label that gives way first when the window is narrow, ending in "…" rather than pushing the
    buttons beside it out of view (the café's name in the top bar at 1024 px)."""

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        room = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, room.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(room, int(self.alignment()), text)
        painter.end()


class SteadyLabel(QLabel):
    """A label whose text changes often and whose size never does: an amount (the ticket's total, the amount due,
    the change) or its caption, or a few lines (`wrap`).

    A QLabel given a new text asks its parent to lay itself out again (its size hint may have changed) and that
    pass climbs up to the window; here a new text only repaints the label. Its size is that of `sample`, the
    widest text it is meant to show, which QLabel keeps as its own text: `text()` answers the text shown. Each
    text is laid out once (QStaticText: amounts repeat all day); left, right or centred, and centred in height,
    as the label's alignment says. With a `ground` colour it paints its background itself and is opaque.

    With `wrap`, the text may hold several lines ("\\n") and is wrapped at the label's width, drawn as a QLabel
    draws it (what a sale says once paid, the payments made so far); a text taller than the room it has makes the
    label grow to show it, as a QLabel would.

    Qt draws glyphs taller than 64 device pixels as shapes, not from its glyph cache: the change to give, in
    68 px type, took a quarter of a millisecond at each of the three or four times a sale shows it. On a ground,
    such a text is drawn once, with its ground, at the position it takes, and copied afterwards (the same pixels:
    the same glyphs at the same fraction of a pixel, on the same ground).
    """

    KEEP_FROM_PX = 64  # device pixels: from this size on, a text on a ground is kept as an image (see above)
    KEPT = 16  # texts kept per label: the amounts of a few sales

    def __init__(self, sample: str, ground: str | None = None, parent: QWidget | None = None, *,
                 wrap: bool = False) -> None:
        super().__init__(sample, parent)
        self._text = ""
        spoken(self, "")  # the sample is its room, not something to say
        self._wrap = wrap  # the sample's lines ("\n") give its height; no word wrap: no height-for-width to lay out
        self._ground = QColor(ground) if ground else None
        if ground:
            self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._laid: dict[str, QStaticText] = {}
        self._kept: dict[tuple[object, ...], QPixmap] = {}
        # Each text's place at the label's size, and the pen and font it is drawn with: worked out at its first
        # paint rather than at every one (a sale repaints these labels a dozen times). Forgotten when the size,
        # the alignment, the font, the style or the palette change.
        self._placed: dict[str, tuple[QStaticText, QPointF, QPixmap | None]] = {}
        self._flags: int | None = None  # with wrap: how the lines are drawn (the alignment's flags, word wrap)
        self._look: tuple[QFont, QColor, float, bool] | None = None  # font, pen, line height, kept as images

    def setText(self, text: str, /) -> None:
        if text != self._text:
            self._text = text
            self.update()
            spoken(self, text)

    def text(self, /) -> str:
        return self._text

    def setAlignment(self, alignment: Qt.AlignmentFlag, /) -> None:
        self._placed.clear()
        self._flags = None
        super().setAlignment(alignment)

    def paintEvent(self, event: QPaintEvent, /) -> None:
        painter = QPainter(self)
        if self._ground is not None:
            painter.fillRect(event.rect(), self._ground)
        if self._text and self._wrap:
            self._draw_wrapped(painter)
        elif self._text:
            placed = self._placed.get(self._text) or self._place(self._text)
            laid, at, kept = placed
            if kept is not None:
                painter.drawPixmap(at, kept)
            else:
                font, pen, _line, _keep = self._look or self._set_look()
                painter.setFont(font)
                painter.setPen(pen)
                painter.drawStaticText(at, laid)
        painter.end()

    def _draw_wrapped(self, painter: QPainter) -> None:
        """Lines are drawn as QLabel draws a word-wrapped text, from the label's own font and pen: these texts are
        new at each sale (a ticket's number, its payments), and laying one out to keep (QStaticText) cost more
        than drawing it once. Drawing says how tall the text came out: taller than the room kept, the label grows
        to show every line, as a QLabel would, and is painted again."""
        room = self.contentsRect()
        font, pen, _line, _keep = self._look or self._set_look()
        if self._flags is None:  # worked out once: Qt's flags are Python enums, slow to combine at every paint
            self._flags = int(QStyle.visualAlignment(self.layoutDirection(), self.alignment())) | int(
                Qt.TextFlag.TextWordWrap.value)
        painter.setFont(font)
        painter.setPen(pen)
        drawn = painter.drawText(room, self._flags, self._text)
        if drawn.height() > room.height():
            self.setMinimumHeight(drawn.height() + self.height() - room.height())

    def _set_look(self) -> tuple[QFont, QColor, float, bool]:
        font = self.font()
        keep = self._ground is not None and QFontInfo(font).pixelSize() * self.devicePixelRatioF() >= self.KEEP_FROM_PX
        self._look = (font, self.palette().color(self.foregroundRole()), QFontMetricsF(font).height(), keep)
        return self._look

    def _place(self, text: str) -> tuple[QStaticText, QPointF, QPixmap | None]:
        """Where `text` goes in the label, laid out; for a large text on a ground, the image copied there."""
        font, pen, line, keep = self._look or self._set_look()
        laid = laid_out(self._laid, text, text, font, 512)
        room, size, align = self.contentsRect(), laid.size(), self.alignment()
        if align & Qt.AlignmentFlag.AlignRight:
            x = room.right() + 1 - size.width()
        elif align & Qt.AlignmentFlag.AlignHCenter:
            x = room.left() + (room.width() - size.width()) / 2
        else:
            x = room.left()
        # Centred in height as QLabel centres: on the font's line height, not on the laid-out text's box.
        at = QPointF(x, room.top() + (room.height() - line) / 2)
        kept = None
        if keep:
            margin = math.ceil(size.height() / 8)  # for glyphs that reach out of their box
            left, top = math.floor(at.x()), math.floor(at.y())
            kept = self._kept_text(laid, at - QPointF(left, top), margin, font, pen, self.devicePixelRatioF())
            at = QPointF(left - margin, top - margin)
        if len(self._placed) > 512:
            self._placed.clear()
        placed = self._placed[text] = (laid, at, kept)
        return placed

    def _kept_text(self, laid: QStaticText, fraction: QPointF, margin: int, font: QFont, pen: QColor,
                   ratio: float) -> QPixmap:
        """`laid` drawn on the ground at `fraction` of a pixel, `margin` pixels in from the image's corner."""
        assert self._ground is not None
        key = (laid.text(), fraction.x(), fraction.y(), font.key(), pen.rgba(), ratio)
        kept = self._kept.get(key)
        if kept is None:
            if len(self._kept) >= self.KEPT:
                self._kept.clear()
                self._placed.clear()  # it holds the images too
            size = laid.size()
            kept = QPixmap(math.ceil((size.width() + 2 * margin + 1) * ratio),
                           math.ceil((size.height() + 2 * margin + 1) * ratio))
            kept.setDevicePixelRatio(ratio)
            kept.fill(self._ground)
            painter = QPainter(kept)
            painter.setFont(font)
            painter.setPen(pen)
            painter.drawStaticText(fraction + QPointF(margin, margin), laid)
            painter.end()
            self._kept[key] = kept
        return kept

    def resizeEvent(self, event: QResizeEvent, /) -> None:
        self._placed.clear()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent, /) -> None:
        kind = event.type()
        if kind in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange, QEvent.Type.FontChange,
                    QEvent.Type.DevicePixelRatioChange):
            self._kept.clear()
            self._laid.clear()  # laid out in the old font: its size would place the text wrongly
            self._look = None
        if kind in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange, QEvent.Type.FontChange,
                    QEvent.Type.DevicePixelRatioChange, QEvent.Type.ContentsRectChange,
                    QEvent.Type.LayoutDirectionChange):
            self._placed.clear()
            self._flags = None
        super().changeEvent(event)


class SidePage(QWidget):
    """A page the sale screen shows where the shelf was (putting a ticket on hold, weighing): Enter does what the
    page is for (`enter`) and Esc goes back (`back`); neither reaches the sale screen, where Enter means "pay"."""

    back = Signal()

    def enter(self) -> None:
        """What Enter does on the page."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter()
        elif event.key() == Qt.Key.Key_Escape:
            self.back.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


def with_key(tip: str, key: str) -> str:
    """A tooltip that shows a key handled by the screen rather than by a Qt shortcut (Enter, Esc, digits)."""
    return _("{what} ({key})").format(what=tip, key=key)


class MessageLine(QLabel):
    """One calm sentence next to where the user acted: refusals in red, confirmations in the accent."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._said: str | None = None  # with keep_room: the sentence shown, painted here (see keep_room)
        self._placing: tuple[QRect, int] | None = None  # see _place
        super().__init__(parent)
        self.setObjectName("message")
        self.setWordWrap(True)
        self.setProperty("kind", "info")
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_message)

    def error(self, text: str) -> None:
        self._show(text, "error", 0)

    def info(self, text: str, seconds: int = 6) -> None:
        self._show(text, "info", seconds)

    def clear_message(self) -> None:
        self._timer.stop()
        if self._said is not None:
            self._say("")
            return
        self.setText("")
        self.hide()

    def text(self, /) -> str:
        return super().text() if self._said is None else self._said

    @property
    def kind(self) -> str:
        return str(self.property("kind"))

    def keep_room(self) -> None:
        """The line keeps its place and its height, and a sentence said or cleared only repaints it (for a line
        that speaks after every sale). A QLabel given a new text, shown or hidden, lays its parent out again,
        and that pass climbs one level a turn of the event loop up to the window: five passes after each sale.
        Here the sentence is painted as QLabel paints it, the line's box (the style sheet's background) drawn
        only while it says something; only a sentence taller than the room kept so far makes it grow."""
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self._said = ""
        self.show()
        self._say("")

    def _show(self, text: str, kind: str, seconds: int) -> None:
        if self.property("kind") != kind:
            self.setProperty("kind", kind)
            self.style().unpolish(self)
            self.style().polish(self)
        if self._said is not None:
            self._say(text)
        else:
            self.setText(text)
            self.show()
        if seconds:
            self._timer.start(seconds * 1000)
        else:
            self._timer.stop()

    def _say(self, text: str) -> None:
        if text == self._said and self.testAttribute(Qt.WidgetAttribute.WA_StyledBackground) == bool(text):
            return  # cleared again at every tap: nothing to repaint
        self._said = text
        spoken(self, text)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, bool(text))  # no box around nothing
        if text:
            room, flags = self._place()
            if not self.testAttribute(Qt.WidgetAttribute.WA_Resized) or self.fontMetrics().boundingRect(
                    room, flags, text).height() > room.height():
                super().setText(text)  # taller than the room kept (or not laid out yet): the line grows, once
        self.update()

    def _place(self) -> tuple[QRect, int]:
        """Where QLabel puts its text, and how (its alignment and word wrap): inside the margins, indented by half
        an "x" when the style gives the line a frame (its padding) and no indent is set. Worked out once per size,
        style and font rather than twice a sale (Qt's flags are Python enums, slow to combine)."""
        if self._placing is None:
            flags = int(QStyle.visualAlignment(self.layoutDirection(), self.alignment())) | int(
                Qt.TextFlag.TextWordWrap.value)
            room = self.contentsRect().adjusted(self.margin(), self.margin(), -self.margin(), -self.margin())
            indent = self.indent()
            if indent < 0 and self.frameWidth():
                indent = self.fontMetrics().horizontalAdvance("x") // 2 - self.margin()
            if indent > 0:
                room.adjust(indent if flags & int(Qt.AlignmentFlag.AlignLeft.value) else 0,
                            indent if flags & int(Qt.AlignmentFlag.AlignTop.value) else 0,
                            -indent if flags & int(Qt.AlignmentFlag.AlignRight.value) else 0,
                            -indent if flags & int(Qt.AlignmentFlag.AlignBottom.value) else 0)
            self._placing = (room, flags)
        return self._placing

    def setAlignment(self, alignment: Qt.AlignmentFlag, /) -> None:
        self._placing = None
        super().setAlignment(alignment)

    def event(self, event: QEvent, /) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.Resize, QEvent.Type.Polish, QEvent.Type.StyleChange, QEvent.Type.FontChange,
                    QEvent.Type.ContentsRectChange, QEvent.Type.LayoutDirectionChange):
            self._placing = None
        done = super().event(event)
        if self._said is not None and kind in (QEvent.Type.Polish, QEvent.Type.StyleChange):
            self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, bool(self._said))  # the style sets it again
        return done

    def paintEvent(self, event: QPaintEvent, /) -> None:
        if self._said is None:
            super().paintEvent(event)
            return
        if not self._said:
            return
        room, flags = self._place()
        painter = QPainter(self)
        self.drawFrame(painter)
        self.style().drawItemText(painter, room, flags, self.palette(), self.isEnabled(), self._said,
                                  self.foregroundRole())
        painter.end()


class Keypad(QWidget):
    """A numeric keypad for fingers; typed keys arrive through the same `pressed` signal as taps."""

    pressed = Signal(str)
    BACK = "⌫"

    def __init__(self, extra: Sequence[str] = ("00", "0", ","), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        keys = ["7", "8", "9", "4", "5", "6", "1", "2", "3", *extra]
        self.buttons: dict[str, QPushButton] = {}
        for i, key in enumerate(keys):
            self._add(grid, key, i // 3, i % 3)
        self._add(grid, self.BACK, 0, 3, rows=2)

    def _add(self, grid: QGridLayout, key: str, row: int, col: int, rows: int = 1) -> None:
        b = key_button(key)
        b.clicked.connect(lambda: self.pressed.emit(key))
        grid.addWidget(b, row, col, rows, 1)
        self.buttons[key] = b


def key_button(key: str) -> QPushButton:
    """A keypad's key; the erase key says which keyboard key does the same."""
    b = FaceButton(key)
    b.setObjectName("key")
    b.setAutoDefault(False)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the typed entry keeps the keyboard
    b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    if key == Keypad.BACK:
        b.setToolTip(with_key(_("Erase"), _("Backspace")))
    return b


class ConfirmButton(QPushButton):
    """Money-moving or destructive acts take two taps: the first shows what will happen, the second does it."""

    confirmed = Signal()

    def __init__(self, text: str, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        if name:
            self.setObjectName(name)
        self.setAutoDefault(False)
        self._text = text
        self._question = ""
        self._armed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.disarm)
        self.clicked.connect(self._tap)

    def set_question(self, question: str) -> None:
        self._question = question

    @property
    def armed(self) -> bool:
        return self._armed

    def disarm(self) -> None:
        self._armed = False
        self._timer.stop()
        self.setText(self._text)

    def _tap(self) -> None:
        if self._armed:
            self.disarm()
            self.confirmed.emit()
            return
        self._armed = True
        self.setText(self._question or _("Tap again to confirm"))
        self._timer.start(4000)
