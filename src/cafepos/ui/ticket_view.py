"""The ticket being rung up: a table model that follows the basket row by row, and the line tools under it.

The model is told exactly which row changed (the basket speaks Qt's insert/remove/change protocol). Every tap
repaints the ticket, so its drawing is kept cheap: the lines are painted by a small delegate from the basket
itself (not through a dozen model roles per cell), the column titles come from a model of their own (so a new
line does not lay the header out again), and the total changes its text without laying the panel out again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QStandardItemModel,
    QStaticText,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cafepos.ui import theme
from cafepos.ui.basket import Basket
from cafepos.ui.sale_keys import for_the_counter
from cafepos.ui.text import _, money
from cafepos.ui.widgets import (
    ConfirmButton,
    Ground,
    MessageLine,
    SteadyLabel,
    button,
    laid_out,
    own_viewport,
    tap_keeps_focus,
    with_key,
)

Index = QModelIndex | QPersistentModelIndex
QTY, LABEL, AMOUNT = range(3)
# Plain ints, worked out once: item views ask for roles and alignments thousands of times an hour, and combining
# Qt's enum flags in Python on every call costs more than the rest of the answer.
DISPLAY, ALIGNMENT = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.TextAlignmentRole)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
SELECTED, HAS_FOCUS = QStyle.StateFlag.State_Selected.value, QStyle.StateFlag.State_HasFocus.value
TEXT_MARGIN = 3  # px each side of a cell's text, as Qt's own item delegate leaves


class TicketModel(QAbstractTableModel):
    def __init__(self, basket: Basket) -> None:
        super().__init__()
        self.basket = basket
        basket.observer = self

    # -- the basket's observer protocol ------------------------------------------------------------------------
    def about_to_insert(self, row: int) -> None:
        self.beginInsertRows(QModelIndex(), row, row)

    def inserted(self) -> None:
        self.endInsertRows()

    def about_to_remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)

    def removed(self) -> None:
        self.endRemoveRows()

    def changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, AMOUNT))

    def about_to_reset(self) -> None:
        self.beginResetModel()

    def reset_done(self) -> None:
        self.endResetModel()

    # -- Qt model -------------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.basket.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == DISPLAY:
            return self.text(index.row(), index.column()) if index.isValid() else None
        if role == ALIGNMENT:
            return RIGHT if index.column() == AMOUNT else LEFT
        return None

    def text(self, row: int, col: int) -> str:
        """What a cell shows (the delegate paints it, assistive tools read it through `data`)."""
        line = self.basket.lines[row]
        if col == QTY:
            return f"{line.qty} ×" if line.weight_g is None else f"{line.weight_g} g"
        if col == LABEL:
            if line.weight_g is not None:  # two lines: Qt's own drawing takes over, as for a discount
                label = _("{label}\n{price} per kg").format(label=line.label, price=money(line.product.price_cents))
                if line.discount_cents:
                    label += "\n" + _("Discount −{amount} ({reason})").format(
                        amount=money(line.discount_cents), reason=line.discount_reason or "")
                return label
            if line.discount_cents:
                return _("{label}\nDiscount −{amount} ({reason})").format(
                    label=line.label, amount=money(line.discount_cents), reason=line.discount_reason or "")
            return line.label
        return money(line.amount_cents)

    @staticmethod
    def titles() -> tuple[str, str, str]:
        return _("Qty"), _("Product"), _("Amount")

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.titles()[section]
        return None


class LineDelegate(QStyledItemDelegate):
    """Paints the ticket's cells.

    A cell whose text fits on its line (nearly all: "2 ×", "Café", "3,60 €") is drawn straight: the row's
    highlight when selected, then its text laid out once (QStaticText: lines and amounts repeat all day), left or,
    for the amount, right, centred in height, in the theme's colours, and the focus frame when it has the focus.
    Qt's own delegate asks the model for a dozen roles per cell and lays the text out each time, through the
    style sheet; it still draws the rest (a discount's second line, a label too long for the cell: wrapped, then
    cut with "…"), exactly as before. The table paints its cells through `draw` (see TicketTable.paintEvent).
    """

    def __init__(self, model: TicketModel, view: QTableView) -> None:
        super().__init__(view)
        self.model = model
        self.view = view
        self.text_colour = QColor(theme.TEXT)
        self.selection = QColor(theme.ACCENT_SOFT)
        self._laid: dict[tuple[str, str], QStaticText] = {}
        self._lines: dict[str, float] = {}
        # A line's three texts laid out and placed, by what they say and where the line is: a tap repaints two
        # lines, whose texts and places repeat (see `placed_line`).
        self._placed: dict[tuple[object, ...], tuple[tuple[QPointF, QStaticText], ...] | None] = {}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        state = option.state.value  # an int: Qt's flags as Python enums cost more than the painting
        painter.setFont(option.font)
        if not self._draw_plain(painter, option.rect, index.row(), index.column(), bool(state & SELECTED),
                                bool(state & HAS_FOCUS), option.font.key()):
            super().paint(painter, option, index)

    def draw(self, painter: QPainter, rect: QRect, row: int, col: int, selected: bool, focus: bool,
             font_key: str) -> None:
        """One cell, in the painter's font (`font_key` names it)."""
        if self._draw_plain(painter, rect, row, col, selected, focus, font_key):
            return
        option = QStyleOptionViewItem()
        self.view.initViewItemOption(option)
        option.rect = rect
        if selected:
            option.state |= QStyle.StateFlag.State_Selected
        if focus:
            option.state |= QStyle.StateFlag.State_HasFocus
        super().paint(painter, option, self.model.index(row, col))

    def placed_line(self, row: int, y: int, height: int, columns: tuple[tuple[int, int, int], ...], font_key: str,
                    font: QFont) -> tuple[tuple[QPointF, QStaticText], ...] | None:
        """Where each text of line `row` goes when the line is at `y` (`columns`: (column, x, width)), laid out;
        None if a text does not fit on one line of its cell (drawn cell by cell then, see `draw`)."""
        texts = tuple(self.model.text(row, col) for col, _x, _width in columns)
        key = (texts, y, height, columns, font_key)
        if key in self._placed:
            return self._placed[key]
        placed: list[tuple[QPointF, QStaticText]] = []
        for (col, x, width), text in zip(columns, texts, strict=True):
            at = self._place(QRect(x, y, width, height), col, text, font_key, font)
            if at is None:
                placed = []
                break
            placed.append(at)
        if len(self._placed) > 512:
            self._placed.clear()
        found = self._placed[key] = tuple(placed) if placed else None
        return found

    def _place(self, rect: QRect, col: int, text: str, font_key: str,
               font: QFont) -> tuple[QPointF, QStaticText] | None:
        """Where `text` goes in the cell `rect`, laid out; None unless it fits on one line of it."""
        if "\n" in text:
            return None
        room = rect.adjusted(TEXT_MARGIN, 0, -TEXT_MARGIN, 0)
        laid = laid_out(self._laid, (text, font_key), text, font, 1024)
        size = laid.size()
        if size.width() > room.width() or size.height() > room.height():
            return None
        line = self._lines.get(font_key)
        if line is None:  # centred in height as Qt's delegate centres: on the font's line height
            line = self._lines[font_key] = QFontMetricsF(font).height()
        return QPointF(room.right() + 1 - size.width() if col == AMOUNT else room.left(),
                       room.top() + (room.height() - line) / 2), laid

    def _draw_plain(self, painter: QPainter, rect: QRect, row: int, col: int, selected: bool, focus: bool,
                    font_key: str) -> bool:
        """Draws the cell if its text fits on one line of it; False (nothing drawn) otherwise."""
        placed = self._place(rect, col, self.model.text(row, col), font_key, painter.font())
        if placed is None:
            return False
        if selected:
            painter.fillRect(rect, self.selection)
        painter.setPen(self.text_colour)
        painter.drawStaticText(*placed)
        if focus:
            frame = QStyleOptionFocusRect()
            frame.initFrom(self.view)
            frame.rect = rect
            frame.state |= QStyle.StateFlag.State_HasFocus
            if selected:
                frame.state |= QStyle.StateFlag.State_Selected
            self.view.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, self.view)
        return True

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(self.view.columnWidth(index.column()), self.view.verticalHeader().defaultSectionSize())


def rounded_card(size: QSize, ratio: float, ground: QColor, frame: QRectF, border: QPen, inside: QColor | None,
                 radius: int) -> QPixmap:
    """An image of `size` on `ground` with a rounded frame stroked (and filled with `inside`) as the theme draws the
    ticket's card and table: drawn once, then copied where a repaint reaches a rounded edge."""
    image = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
    image.setDevicePixelRatio(ratio)
    image.fill(ground)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(border)
    painter.setBrush(inside if inside is not None else Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(frame.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
    painter.end()
    return image


def copy_part(painter: QPainter, image: QPixmap, area: QRect) -> None:
    """`area` of a widget-sized `image` copied to the same place (the image's pixels are device pixels)."""
    ratio = image.devicePixelRatio()
    painter.drawPixmap(area, image, QRectF(area.x() * ratio, area.y() * ratio, area.width() * ratio,
                                           area.height() * ratio).toRect())


class TicketTable(QTableView):
    RADIUS = 8  # as `QTableView` in the theme

    def __init__(self, model: TicketModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        own_viewport(self)
        self._moved: tuple[int, int] | None = None  # rows inserted (first, last) or removed (first, -1)
        self.setObjectName("ticketLines")
        self.setModel(model)
        self.delegate = LineDelegate(model, self)
        self.setItemDelegate(self.delegate)
        # The column titles from a model of their own: the header is an item view too, and on the ticket's model
        # it laid itself out and repainted on every line added or removed.
        self.titles = QStandardItemModel(0, 3, self)
        self.titles.setHorizontalHeaderLabels(list(model.titles()))
        self.horizontalHeader().setModel(self.titles)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        # A finger's height: five lines and the room for a message fit at 1280×800 without scrolling.
        self.verticalHeader().setDefaultSectionSize(theme.TOUCH)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QTY, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AMOUNT, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(QTY, 64)
        self.setColumnWidth(AMOUNT, 110)
        self.setToolTip(_("Tap a line to change its quantity, give a discount or remove it"))
        # The lines' ground is painted here rather than seen through (see paintEvent).
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._surface = QColor(theme.SURFACE)
        self._border = QPen(QColor(theme.BORDER), 1)
        self._ground_look: tuple[tuple[object, ...], QPixmap] | None = None  # see _ground_image
        model.rowsInserted.connect(lambda _parent, first, last: self._rows_moved(first, last))
        model.rowsRemoved.connect(lambda _parent, first, _last: self._rows_moved(first, -1))

    def _ground_image(self, viewport: QWidget) -> QPixmap:
        """The empty table with its frame's rounded bottom corners, drawn once per size and copied where a repaint
        reaches them (the ticket cleared at every sale): stroking the antialiased frame again cost more than the
        lines drawn over it."""
        ratio = viewport.devicePixelRatioF()
        key = (viewport.width(), viewport.height(), viewport.x(), viewport.y(), self.width(), self.height(), ratio)
        if self._ground_look is None or self._ground_look[0] != key:
            frame = QRectF(self.rect()).translated(-viewport.x(), -viewport.y())
            image = rounded_card(viewport.size(), ratio, self._surface, frame, self._border, None, self.RADIUS)
            self._ground_look = (key, image)
        return self._ground_look[1]

    def _rows_moved(self, first: int, last: int) -> None:
        if self._moved is not None:  # two changes before one layout: from the first one to the end
            first, last = min(first, self._moved[0]), -1
        self._moved = (first, last)

    def doItemsLayout(self) -> None:
        """After a line is added or removed, Qt lays the table out again and repaints every line; only the lines
        from the change down have moved or appeared (the selection repaints its own rows), so only they are
        repainted. Whenever the ticket can scroll, or for any other cause of a layout, Qt's own full repaint."""
        moved, self._moved = self._moved, None
        if moved is None:
            super().doItemsLayout()
            return
        self.updateGeometries()
        header = self.verticalHeader()
        if not header.updatesEnabled():
            header.setUpdatesEnabled(True)  # as QTableView does once a removal is laid out
        viewport = self.viewport()
        if self.verticalScrollBar().maximum() > 0:
            viewport.update()
            return
        first, last = moved
        top = self.rowViewportPosition(first) if first < self.model().rowCount() else -1
        if top < 0:  # the last line went: from where it was
            top = first * header.defaultSectionSize()
        bottom = (self.rowViewportPosition(last) + self.rowHeight(last)) if last >= 0 else viewport.height()
        viewport.update(0, top, viewport.width(), max(0, bottom - top))

    def paintEvent(self, event: QPaintEvent) -> None:
        """The lines are repainted on every tap: their ground is filled here, so the table's frame and the panel
        behind it are left alone. The frame's rounded bottom corners reach into this area: where a repaint touches
        them they are copied from the empty table's image (the table and the panel are the same white around
        them)."""
        area = event.rect()
        viewport = self.viewport()
        painter = QPainter(viewport)
        r = self.RADIUS
        if area.bottom() >= viewport.height() - r and (area.left() < r or area.right() >= viewport.width() - r):
            copy_part(painter, self._ground_image(viewport), area)
        else:
            painter.fillRect(area, self._surface)
        model = self.model()
        first = self.rowAt(area.top())
        if isinstance(model, TicketModel) and first >= 0:
            # The lines in the repainted area, in one pass (QTableView would call the delegate per cell, each
            # time with a style option built for it).
            last = self.rowAt(area.bottom())
            last = model.rowCount() - 1 if last < 0 else last
            columns = tuple((col, self.columnViewportPosition(col), self.columnWidth(col))
                            for col in (QTY, LABEL, AMOUNT))
            left, right = columns[0][1], columns[-1][1] + columns[-1][2]
            selected_rows = {index.row() for index in self.selectionModel().selectedRows()}
            current = self.currentIndex()
            focus = (current.row(), current.column()) if current.isValid() and (
                self.hasFocus() or viewport.hasFocus()) else (-1, -1)
            font = self.font()
            font_key = font.key()
            painter.setFont(font)
            delegate = self.delegate
            for row in range(first, last + 1):
                y, height = self.rowViewportPosition(row), self.rowHeight(row)
                selected = row in selected_rows
                placed = delegate.placed_line(row, y, height, columns, font_key, font) if row != focus[0] else None
                if placed is not None:  # nearly every line: three texts that fit, no keyboard frame
                    if selected:
                        painter.fillRect(QRect(left, y, right - left, height), delegate.selection)
                    painter.setPen(delegate.text_colour)
                    for at, laid in placed:
                        painter.drawStaticText(at, laid)
                    continue
                for col, x, width in columns:
                    delegate.draw(painter, QRect(x, y, width, height), row, col, selected, (row, col) == focus,
                                  font_key)
        painter.end()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Qt scrolls the lines by moving their pixels, and the frame's corners painted with them (see paintEvent)
        would move too: a long ticket that scrolls is repainted whole instead."""
        super().scrollContentsBy(dx, dy)
        if dy:
            self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if for_the_counter(event):
            event.ignore()
            return
        super().keyPressEvent(event)

    def current_row(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def has_selected_line(self) -> bool:
        """Whether a line is selected (rows are selected whole): asked twice a tap, without listing the rows."""
        return self.selectionModel().hasSelection()

    def select(self, row: int) -> None:
        self.selectRow(row)
        self.scrollTo(self.model().index(row, 0))


class LineTools(Ground):
    """What can be done to the selected line: −, +, quantity from the typed digits, discount, remove.

    On the panel's white, painted here: the tools turn on and off with every ticket, and their repaint then stops
    at this row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(theme.SURFACE, parent)
        self._has_line: bool | None = None  # as the buttons were last set by `enable`
        self.minus = button("−", "tool", tip=_("One less"))
        self.minus.setToolTip(with_key(_("One less"), "-"))
        self.plus = button("+", "tool", tip=_("One more"))
        self.plus.setToolTip(with_key(_("One more"), "+"))
        self.qty = button(_("Qty"), "tool", tip=_("Type the quantity, then tap here"))
        self.discount = button(_("Discount"), "tool", "Ctrl+D", _("Discount on this line (manager)"))
        self.remove = button(_("Remove"), "tool", "Del", _("Remove this line"))
        self.remove.setProperty("danger", True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for b, stretch in ((self.minus, 1), (self.plus, 1), (self.qty, 1), (self.discount, 2), (self.remove, 2)):
            layout.addWidget(b, stretch)

    def enable(self, has_line: bool) -> None:
        """On with a selected line, off without: asked at every change of the ticket (twice a tap), it touches the
        buttons only when that changes."""
        if has_line == self._has_line:
            return
        self._has_line = has_line
        for b in (self.minus, self.plus, self.qty, self.discount, self.remove):
            b.setEnabled(has_line)


class DiscountEditor(QFrame):
    """An amount off or a percentage, with the reason the law asks for (domain.md §3)."""

    applied = Signal(str, str)  # typed amount or percentage, reason

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.amount = QLineEdit()
        self.amount.setObjectName("discountAmount")
        self.amount.setPlaceholderText(_("1.50 or 10 %"))
        self.reason = QComboBox()
        self.reason.setObjectName("discountReason")
        self.reason.setEditable(True)
        self.reason.addItems([_("Regular customer"), _("Goodwill"), _("Damaged product"), _("Staff")])
        self.reason.setCurrentText("")
        editor = self.reason.lineEdit()
        if editor is not None:
            editor.setPlaceholderText(_("Reason"))
        ok = button(_("Apply"), "accent", tip=_("Apply the discount"))
        ok.clicked.connect(lambda: self.applied.emit(self.amount.text(), self.reason.currentText()))
        close = button(_("Close"), tip=_("Close without changing"))
        close.clicked.connect(self.hide)
        top = QHBoxLayout()
        top.addWidget(self.amount, 1)
        top.addWidget(self.reason, 2)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        bottom.addWidget(ok)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter applies and Esc closes; neither reaches the sale screen (where Enter would mean "pay")."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.applied.emit(self.amount.text(), self.reason.currentText())
        elif event.key() == Qt.Key.Key_Escape:
            self.hide()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def start(self) -> None:
        self.amount.clear()
        self.reason.setCurrentText("")
        self.show()
        self.amount.setFocus()


class TicketPanel(QFrame):
    """The right-hand side of the sale screen, laid out; the screen wires what each part does."""

    discount_applied = Signal(str, str)  # the discount editor's `applied`

    RADIUS = 10  # as `QFrame#panel` in the theme

    def __init__(self, model: TicketModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # see paintEvent
        self._ground, self._surface = QColor(theme.BACKGROUND), QColor(theme.SURFACE)
        self._border = QPen(QColor(theme.BORDER), 1)
        self._card_look: tuple[tuple[object, ...], QPixmap] | None = None  # see paintEvent
        self.title = QLabel(_("Ticket"))
        self.title.setObjectName("heading")
        self.entry = QLabel()
        self.entry.setObjectName("entry")
        self.entry.setToolTip(_("Typed digits: tap a product to set its quantity, Enter to look up a code, "
                                "Esc to clear"))
        self.clear_button = ConfirmButton(_("Clear"), "danger")
        self.clear_button.set_question(_("Clear all?"))
        self.clear_button.setToolTip(_("The customer gives up: empty the ticket (two taps; it is logged)"))
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.entry)
        head.addWidget(self.clear_button)
        self.table = TicketTable(model)
        self.tools = LineTools()
        self._discount_editor: DiscountEditor | None = None  # made when a discount is first given (see below)
        self._frozen_keys: list[QKeySequence] = []  # the buttons' shortcuts while the ticket is paid (freeze)

        self.on_site = button(_("On site"), tip=_("Consumed here"))
        self.take_away = button(_("Take away"), tip=_("To take away: the VAT follows"))
        group = QButtonGroup(self)
        modes = QHBoxLayout()
        for b in (self.on_site, self.take_away):
            b.setCheckable(True)
            b.setToolTip(with_key(b.toolTip(), "F4"))
            group.addButton(b)
            modes.addWidget(b)
        self.on_site.setChecked(True)

        self.park_button = button(_("Put on hold"), "park", "Ctrl+P", _("Put this ticket on hold (a table, a name)"))
        self.tabs_button = button(_("On hold"), "tabs", "Ctrl+O", _("Tickets on hold"))
        holds = QHBoxLayout()
        holds.addWidget(self.park_button)
        holds.addWidget(self.tabs_button)

        self.message = MessageLine()
        # The line keeps its room when empty: a confirmation after each sale, cleared by the next tap, would
        # otherwise move the tools, the buttons and the ticket's lines twice per sale.
        self.message.keep_room()
        caption = QLabel(_("Total incl. VAT"))
        caption.setObjectName("caption")
        self.total = SteadyLabel(money(0), theme.SURFACE)  # on the panel's white; it takes the row's width
        self.total.setText(money(0))
        self.total.setObjectName("total")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        total_row = QHBoxLayout()
        total_row.addWidget(caption)
        total_row.addWidget(self.total, 1)
        self.pay_button = button(_("Pay"), "pay", tip=_("Take the payment"))
        self.pay_button.setToolTip(with_key(_("Take the payment"), _("Enter")))

        tap_keeps_focus(self.clear_button, *self.tools.findChildren(QPushButton), self.on_site, self.take_away,
                        self.park_button, self.tabs_button, self.pay_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.tools)
        layout.addLayout(modes)
        layout.addLayout(holds)
        layout.addWidget(self.message)
        layout.addLayout(total_row)
        layout.addWidget(self.pay_button)

    @property
    def discount_editor(self) -> DiscountEditor:
        """Under the line tools, made the first time a discount is given: most days see none, and its editable
        list of reasons is the costliest thing on the panel to make."""
        if self._discount_editor is None:
            self._discount_editor = DiscountEditor()
            self._discount_editor.applied.connect(self.discount_applied)
            layout = self.layout()
            if isinstance(layout, QVBoxLayout):
                layout.insertWidget(layout.indexOf(self.tools) + 1, self._discount_editor)
        return self._discount_editor

    def discount_open(self) -> bool:
        return self._discount_editor is not None and self._discount_editor.isVisible()

    def freeze(self, frozen: bool) -> None:
        """While the ticket is paid it stays readable but takes no tap and answers no shortcut (a button's shortcut
        would also take the focus out of the payment). Nothing is repainted: disabling the panel would grey every
        line and button, and back, for each sale (4.6 ms)."""
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, frozen)
        keyed = (self.tools.discount, self.tools.remove, self.park_button, self.tabs_button)
        if frozen and not self._frozen_keys:
            self._frozen_keys = [b.shortcut() for b in keyed]
            for b in keyed:
                b.setShortcut(QKeySequence())
        elif not frozen and self._frozen_keys:
            for b, key in zip(keyed, self._frozen_keys, strict=True):
                b.setShortcut(key)
            self._frozen_keys = []

    def event(self, event: QEvent) -> bool:
        done = super().event(event)
        if event.type() == QEvent.Type.Polish:  # the style sheet's polish clears the flag for rounded frames
            self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        return done

    def paintEvent(self, event: QPaintEvent) -> None:
        """The panel paints its rounded card and the corners around it itself and is marked opaque, so every tap's
        repaint of a line, the total or a button stops at the panel instead of going through the screen's ground.
        Inside the border it is one plain fill; where the repaint reaches the rounded edge (the "Pay" button sits
        on it, and turns on and off at every sale), the card is copied from its image, drawn once per size: the
        antialiased rounded edge, drawn again, cost three plain fills."""
        painter = QPainter(self)
        whole = self.rect()
        inside = whole.adjusted(1, 1, -1, -1)
        r = self.RADIUS + 1
        corners = (QRect(whole.left(), whole.top(), r, r), QRect(whole.right() - r + 1, whole.top(), r, r),
                   QRect(whole.left(), whole.bottom() - r + 1, r, r),
                   QRect(whole.right() - r + 1, whole.bottom() - r + 1, r, r))
        for area in event.region():  # type: ignore[attr-defined]  # each part: the tools, the message, a button
            if inside.contains(area) and not any(c.intersects(area) for c in corners):
                painter.fillRect(area, self._surface)
            else:
                copy_part(painter, self._card(), area)
        painter.end()

    def _card(self) -> QPixmap:
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio)
        if self._card_look is None or self._card_look[0] != key:
            card = rounded_card(self.size(), ratio, self._ground, QRectF(self.rect()), self._border, self._surface,
                                self.RADIUS)
            self._card_look = (key, card)
        return self._card_look[1]
