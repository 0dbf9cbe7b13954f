"""The shelf: category tabs, a search field and a grid of large product tiles.

One list model holds the whole catalogue and a filter shows a category or a search; the tiles are painted by a
delegate instead of being hundreds of buttons, so a 500-product catalogue opens instantly and a tap costs
nothing but the basket update. Producers' goods show the stock left: low stock stands out, and a tile with none
left is greyed but still answers a tap (the sale service then says why it cannot be sold).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
    QStaticText,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from cafepos.domain.consignment import is_low_stock
from cafepos.services.ports import CategoryRow, ProductRow
from cafepos.ui import theme
from cafepos.ui.sale_keys import for_the_counter
from cafepos.ui.text import _, money, stock_quantity
from cafepos.ui.widgets import FaceLineEdit, Ground, laid_out, own_viewport

ProductRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def search_key(text: str) -> str:
    """"Cafe" finds "Café": accents and case do not matter when searching at the counter."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


class ProductModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ProductRow] = []
        self.keys: list[str] = []
        self.colours: dict[str, str | None] = {}
        self.stock: dict[int, tuple[int, int]] = {}  # producers' goods: id -> (can be sold, past use-by)

    @property
    def has_producers(self) -> bool:
        return any(p.producer_id is not None for p in self.rows)

    def set_stock(self, levels: dict[int, tuple[int, int]]) -> None:
        if levels != self.stock:
            self.stock = levels
            if self.rows:
                self.dataChanged.emit(self.index(0), self.index(len(self.rows) - 1))

    def stock_text(self, p: ProductRow) -> str:
        """"5 left", "Sold out" or "2 expired" for a producer's product; "" for the café's own."""
        if p.producer_id is None:
            return ""
        sellable, expired = self.stock.get(p.id, (0, 0))
        sellable_text, expired_text = stock_quantity(sellable, p.by_weight), stock_quantity(expired, p.by_weight)
        if sellable:
            return _("{count} left").format(count=sellable_text)
        return _("{count} expired").format(count=expired_text) if expired else _("Sold out")

    def set_products(self, rows: list[ProductRow], categories: list[CategoryRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.keys = [search_key(f"{p.label} {p.barcode or ''}") for p in rows]
        self.colours = {c.name: c.colour for c in categories}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return p.label
        if role == ProductRole:
            return p
        if role == Qt.ItemDataRole.ToolTipRole:
            stock = self.stock_text(p)
            return f"{p.label} — {money(p.price_cents)}" + (f" — {stock}" if stock else "")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            stock = self.stock_text(p)
            return f"{p.label}, {money(p.price_cents)}" + (f", {stock}" if stock else "")
        return None

    def colour_of(self, p: ProductRow) -> str | None:
        return p.colour or self.colours.get(p.category or "")


class Shelf(QSortFilterProxyModel):
    """What the grid shows: the chosen category, or every product matching the search."""

    def __init__(self, source: ProductModel) -> None:
        super().__init__()
        self.products = source
        self.setSourceModel(source)
        self.category: str | None = None
        self.search = ""

    def set_category(self, category: str | None) -> None:
        if category == self.category and not self.search:
            return  # the same shelf again (two products of one category): nothing to filter, lay out or repaint
        self.beginFilterChange()
        self.category = category
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self.search = search_key(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self.search:
            return self.search in self.products.keys[source_row]
        return self.products.rows[source_row].category == self.category


@dataclass(frozen=True)
class TileRecipe:
    """How a tile of the café's own product is drawn at one size (see TileDelegate.draw)."""

    product: ProductRow
    card: QPixmap
    label: QStaticText
    label_at: QPointF | None  # None: the label needs more than two lines, drawn the long way (cut)
    price: QStaticText
    price_at: QPointF


class TileDelegate(QStyledItemDelegate):
    """Paints a tile: its card (a rounded body in the category's colour, a band on the left), the label, the
    price and, for producers' goods, the stock left.

    A category switch repaints every tile shown, so the costly parts are done once: the card is drawn once per
    colour and size and then copied (a few cards for the whole shelf), and each label and price is laid out once
    (QStaticText) rather than on every paint.
    """

    CARDS = 64  # distinct colours × sizes kept; a shelf has a dozen categories, a resize brings a new size

    def __init__(self, model: ProductModel, view: QListView) -> None:
        super().__init__(view)
        self.model = model
        self.view = view
        self.label_font = theme.font(15, bold=True)
        self.price_font = theme.font(15)
        self.stock_font = theme.font(13)
        self.low_font = theme.font(13, bold=True)
        self.price_metrics = QFontMetrics(self.price_font)
        self.stock_metrics = {False: QFontMetrics(self.stock_font), True: QFontMetrics(self.low_font)}
        self.text = QColor(theme.TEXT)
        self.focus = QColor(theme.ACCENT)
        self.muted_text = QColor(theme.MUTED_TEXT)
        self.warning = QColor(theme.WARNING)
        self.error = QColor(theme.ERROR)
        self._cards: dict[tuple[str | None, bool, int, int, float], QPixmap] = {}
        self._texts: dict[tuple[str, int], QStaticText] = {}
        self._recipes: dict[tuple[int, int, int], TileRecipe] = {}

    @staticmethod
    def _outline(width: int, height: int) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, width, height), 10, 10)
        return path

    def _card(self, colour: str | None, none_left: bool, width: int, height: int) -> QPixmap:
        ratio = self.view.devicePixelRatioF()
        key = (colour, none_left, width, height, ratio)
        card = self._cards.get(key)
        if card is None:
            if len(self._cards) >= self.CARDS:
                self._cards.clear()
            card = QPixmap(round(width * ratio), round(height * ratio))
            card.setDevicePixelRatio(ratio)
            card.fill(Qt.GlobalColor.transparent)
            painter = QPainter(card)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if none_left:
                painter.setOpacity(0.5)  # greyed, still tappable: the sale service says why it cannot be sold
            path = self._outline(width, height)
            painter.fillPath(path, theme.muted(None if none_left else colour, 0.75 if none_left else 0.62))
            painter.setClipPath(path)
            painter.fillRect(QRect(0, 0, 7, height), theme.stripe(colour))
            painter.end()
            self._cards[key] = card
        return card

    def _static(self, text: str, width: int, font: QFont) -> QStaticText:
        """`text` laid out once in `font`, wrapped at `width` (0: one line)."""
        return laid_out(self._texts, (text, width), text, font, 4 * self.CARDS * 8, width)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Qt's way in (a drag's image, say); the shelf itself paints its tiles through `draw`."""
        self.draw(painter, option.rect, index.data(ProductRole), bool(option.state & QStyle.StateFlag.State_HasFocus))

    def draw(self, painter: QPainter, cell: QRect, product: ProductRow, focus: bool) -> None:
        """One tile in `cell`; `focus` frames it (the keyboard's tile, for Space).

        The café's own products (nearly all tiles) are drawn from a recipe worked out once per product and size:
        the card, the laid-out label and price and where they go. Producers' goods, whose stock changes, and
        labels too long for two lines take the long way."""
        r = cell.adjusted(4, 4, -4, -4)
        if product.producer_id is None:
            key = (product.id, r.width(), r.height())
            recipe = self._recipes.get(key)
            if recipe is None or recipe.product is not product:  # a reloaded catalogue brings new rows
                if len(self._recipes) > 4096:
                    self._recipes.clear()
                recipe = self._recipe(product, r.width(), r.height())
                self._recipes[key] = recipe
            if recipe.label_at is not None:
                x, y = r.left(), r.top()
                painter.drawPixmap(x, y, recipe.card)
                painter.setPen(self.text)
                painter.setFont(self.label_font)
                painter.drawStaticText(recipe.label_at + QPointF(x, y), recipe.label)
                painter.setFont(self.price_font)
                painter.drawStaticText(recipe.price_at + QPointF(x, y), recipe.price)
                if focus:
                    self._frame(painter, r)
                return
        self._draw_slowly(painter, r, product, focus)

    def frame_over(self, painter: QPainter, cell: QRect, product: ProductRow) -> bool:
        """Frames the tile in `cell`, already drawn unframed, if that gives what `draw` draws framed (the frame
        comes last on a tile drawn from its recipe); False, and nothing drawn, otherwise."""
        r = cell.adjusted(4, 4, -4, -4)
        recipe = self._recipes.get((product.id, r.width(), r.height()))
        if product.producer_id is not None or recipe is None or recipe.product is not product \
                or recipe.label_at is None:
            return False
        self._frame(painter, r)
        return True

    def _recipe(self, product: ProductRow, width: int, height: int) -> TileRecipe:
        card = self._card(self.model.colour_of(product), False, width, height)
        label_width, label_height = width - 24, height - 34  # the text's room: 16 px left, 8 right, 8 top, 26 bottom
        label = self._static(product.label, label_width, self.label_font)
        price = self._static(money(product.price_cents), 0, self.price_font)
        size = price.size()
        fits = label.size().height() <= label_height
        return TileRecipe(product, card, label, QPointF(16, 8) if fits else None, price,
                          QPointF(width - 10 - size.width(), height - 8 - size.height()))

    def _frame(self, painter: QPainter, r: QRect) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.focus)
        painter.drawPath(self._outline(r.width(), r.height()).translated(r.left(), r.top()))
        painter.restore()

    def _draw_slowly(self, painter: QPainter, r: QRect, product: ProductRow, focus: bool) -> None:
        sellable, expired = self.model.stock.get(product.id, (0, 0))
        none_left = product.producer_id is not None and not sellable
        painter.save()
        painter.drawPixmap(r.topLeft(), self._card(self.model.colour_of(product), none_left, r.width(), r.height()))
        if none_left:
            painter.setOpacity(0.5)
        if focus:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(self.focus)
            painter.drawPath(self._outline(r.width(), r.height()).translated(r.left(), r.top()))
        painter.setPen(self.text)
        painter.setFont(self.label_font)
        text_rect = r.adjusted(16, 8, -8, -26)
        label = self._static(product.label, text_rect.width(), self.label_font)
        if label.size().height() > text_rect.height():  # a third line would run into the price: cut, as before
            painter.setClipRect(text_rect)
        painter.drawStaticText(text_rect.topLeft(), label)
        painter.setClipping(False)
        painter.setFont(self.price_font)
        price_text = money(product.price_cents) + ("/kg" if product.by_weight else "")
        price = self._static(price_text, 0, self.price_font)
        size = price.size()
        painter.drawStaticText(QPointF(r.right() - 9 - size.width(), r.bottom() - 7 - size.height()), price)
        if product.producer_id is not None:
            low = is_low_stock(sellable, product.by_weight)
            strong = low or none_left
            room = r.adjusted(16, 0, -(18 + self.price_metrics.horizontalAdvance(price_text)), -8)
            painter.setOpacity(1.0)
            painter.setFont(self.low_font if strong else self.stock_font)
            painter.setPen(self.error if expired and none_left else self.warning if strong else self.muted_text)
            painter.drawText(room, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                             self.stock_metrics[strong].elidedText(self.model.stock_text(product),
                                                                   Qt.TextElideMode.ElideRight, room.width()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        grid = self.view.gridSize()
        return grid if grid.isValid() else QSize(theme.TILE_MIN_WIDTH, theme.TILE_HEIGHT)


class TileView(QListView):
    """Tiles in 4 to 6 columns whatever the screen width; Space adds the tile under the keyboard cursor."""

    tapped = Signal(object)  # ProductRow
    painted = Signal()  # once, after the first paint: the shelf is on screen

    KEEP_BYTES = 12 * 1024 * 1024  # the shelves' kept images, all categories together (see _kept_shelf)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        own_viewport(self)
        self._tiles_at: QRect | None = None  # where the tiles are on screen, when known (see doItemsLayout)
        self.setObjectName("tiles")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setToolTip(_("Tap a product to add it; type a number first for several (Space adds the framed tile)"))
        self.clicked.connect(self._tap)
        # The tiles' ground is painted here rather than seen through (see paintEvent).
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._ground = QColor(theme.BACKGROUND)
        self._painted = False
        self._framed = False  # the keyboard's frame shows (see _focus_row)
        self._shelves: dict[tuple[object, ...], QPixmap] = {}  # see _kept_shelf; the oldest shown first
        self._kept_bytes = 0
        self.categories = 1  # how many categories share KEEP_BYTES (set by the grid when the catalogue loads)

    def doItemsLayout(self) -> None:
        """A category switch lays the tiles out again, and Qt then repaints the whole shelf, mostly empty ground.
        Only where tiles were and where they now are is repainted here: the rest of the viewport, which this view
        alone paints (it is opaque), is ground already. When that is not known for sure (after a scroll, a resize,
        or at first), the whole shelf, as Qt would."""
        viewport = self.viewport()
        before, offsets, size = self._tiles_at, (self.horizontalOffset(), self.verticalOffset()), viewport.size()
        viewport.setAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled, True)  # the base class's full update() only
        try:
            super().doItemsLayout()
        finally:
            viewport.setAttribute(Qt.WidgetAttribute.WA_UpdatesDisabled, False)
        self._tiles_at = after = self._tiles_area()
        if before is None or offsets != (self.horizontalOffset(), self.verticalOffset()) or size != viewport.size():
            viewport.update()
        else:
            viewport.update(before.united(after))

    def _tiles_area(self) -> QRect:
        """The tiles' bounding box on screen: laid out left to right, then down, from the first to the last."""
        shelf = self.model()
        count = shelf.rowCount() if shelf is not None else 0
        if not count:
            return QRect()
        first, last = self.visualRect(shelf.index(0, 0)), self.visualRect(shelf.index(count - 1, 0))
        width = self.viewport().width()
        return QRect(0, first.top(), width, last.bottom() - first.top() + 1).intersected(QRect(0, 0, width,
                                                                                            self.viewport().height()))

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self._tiles_at = None  # the tiles moved with the scroll: the next layout repaints everything
        super().scrollContentsBy(dx, dy)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Every category switch repaints the whole shelf, so it is painted here in one pass: its ground (filled
        here, so the screen and the containers behind a transparent view are left alone), then its tiles, copied
        from the shelf's kept image (see `_kept_shelf`) or drawn one by one by the delegate straight from the
        catalogue. Qt's list view would hand every tile to the delegate through a style option and the model's
        roles, which costs more than drawing the tile."""
        area = event.rect()
        painter = QPainter(self.viewport())
        shelf = self.model()
        delegate = self.itemDelegate()
        if isinstance(shelf, Shelf) and isinstance(delegate, TileDelegate):
            kept = self._kept_shelf(shelf, delegate)
            focus = self._focus_row()
            if kept is None:
                painter.fillRect(area, self._ground)
                self._draw_tiles(painter, area, shelf, delegate, focus)
            else:
                at, image = kept
                above = QRect(area.left(), area.top(), area.width(), at.top() - area.top())
                below = QRect(area.left(), at.bottom() + 1, area.width(), area.bottom() - at.bottom())
                for ground in (above, below):
                    if ground.isValid():
                        painter.fillRect(ground, self._ground)
                painter.drawPixmap(at.topLeft(), image)  # Qt clips it to what is being repainted
                if focus >= 0:  # the keyboard's frame, over the copy of its tile
                    index = shelf.index(focus, 0)
                    cell = self.visualRect(index)
                    product = shelf.products.rows[shelf.mapToSource(index).row()]
                    if cell.intersects(area) and not delegate.frame_over(painter, cell, product):
                        painter.fillRect(cell, self._ground)
                        delegate.draw(painter, cell, product, True)
        else:
            painter.fillRect(area, self._ground)
        painter.end()
        if not self._painted:
            self._painted = True
            self.painted.emit()

    def _focus_row(self) -> int:
        """The tile framed for the keyboard: the current one while the shelf has the focus and the last thing done
        on it was a key (see `_frame_follows`); -1 for none."""
        if not self._framed:
            return -1
        current = self.currentIndex()
        return current.row() if current.isValid() and (self.hasFocus() or self.viewport().hasFocus()) else -1

    def _frame_follows(self, framed: bool) -> None:
        """The keyboard's frame shows once a key moves on the shelf, and goes with a tap: a finger needs no frame,
        and one that jumped to every tapped tile looked like a choice to confirm (a focus ring shown to the
        keyboard only, as browsers do)."""
        if framed != self._framed:
            self._framed = framed
            current = self.currentIndex()
            if current.isValid():
                self.viewport().update(self.visualRect(current))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._frame_follows(False)
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self._frame_follows(True)
        super().focusInEvent(event)

    def _draw_tiles(self, painter: QPainter, area: QRect, shelf: Shelf, delegate: TileDelegate, focus: int) -> None:
        rows = shelf.products.rows
        for row in range(shelf.rowCount()):
            index = shelf.index(row, 0)
            cell = self.visualRect(index)
            if cell.top() > area.bottom():
                break  # laid out left to right, then down: the rest is below
            if cell.intersects(area):
                delegate.draw(painter, cell, rows[shelf.mapToSource(index).row()], row == focus)

    def _kept_shelf(self, shelf: Shelf, delegate: TileDelegate) -> tuple[QRect, QPixmap] | None:
        """The category's tiles as one image, drawn once and copied at every switch to it; None when the shelf is
        drawn tile by tile (a search, a scrolled shelf, a category too large for every category's image to be kept
        at once: 12 MB hold ten categories of four rows at 1280×800).

        A sale switches category at nearly every tap, and the tiles of a category look the same every time: the
        same cards, labels and prices at the same places. Copying them took a third of the time of drawing them
        (a switch's repaint of the shelf, in a run of sales: 252 µs drawn, 88 µs copied). The image is
        the tiles' rows, ground included, on the view's own ground: opaque, so the copy is a plain copy. It is
        forgotten when the catalogue or the stock changes (`forget_shelves`), and keyed by everything else that
        changes the picture: the size, where the tiles are, the screen's pixel ratio. The keyboard's frame is not
        in it: it is drawn over the copy (a tapped tile takes it)."""
        if shelf.search or self.horizontalOffset() or self.verticalOffset():
            return None
        at = self._tiles_area()
        ratio = self.viewport().devicePixelRatioF()
        size = self.viewport().size()
        key = (shelf.category, size.width(), size.height(), at.top(), at.height(), ratio)
        image = self._shelves.get(key)
        if image is not None:
            self._shelves[key] = self._shelves.pop(key)  # the most recently shown is kept longest
            return at, image
        width, height = round(at.width() * ratio), round(at.height() * ratio)
        cost = width * height * 4
        if at.isEmpty() or cost > self.KEEP_BYTES // max(1, self.categories):
            return None  # every category's image could not be kept at once: each switch would draw one anew
        image = QPixmap(width, height)
        image.setDevicePixelRatio(ratio)
        image.fill(self._ground)
        painter = QPainter(image)
        painter.translate(-at.left(), -at.top())
        self._draw_tiles(painter, at, shelf, delegate, -1)  # unframed: the frame moves, the copy stays
        painter.end()
        while self._shelves and self._kept_bytes + cost > self.KEEP_BYTES:
            oldest = self._shelves.pop(next(iter(self._shelves)))
            self._kept_bytes -= oldest.width() * oldest.height() * 4
        self._shelves[key] = image
        self._kept_bytes += cost
        return at, image

    def keep_shelf(self) -> None:
        """Draws the shelf as it now stands into the kept images, without painting the screen."""
        shelf, delegate = self.model(), self.itemDelegate()
        if isinstance(shelf, Shelf) and isinstance(delegate, TileDelegate):
            self._kept_shelf(shelf, delegate)

    def forget_shelves(self) -> None:
        """The catalogue or the stock changed: the kept images show what was."""
        self._shelves.clear()
        self._kept_bytes = 0

    def _tap(self, index: QModelIndex) -> None:
        if index.isValid():
            self.tapped.emit(index.data(ProductRole))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space:
            self._frame_follows(True)
            self._tap(self.currentIndex())
            return
        if for_the_counter(event):
            event.ignore()  # up to the sale screen: a quantity, a scan, Enter to pay
            return
        self._frame_follows(True)
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.forget_shelves()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._tiles_at = None
        width = self.viewport().width() - 16  # room for the scroll bar when it shows
        columns = max(4, min(6, width // theme.TILE_MIN_WIDTH))
        size = QSize(max(96, width // columns), theme.TILE_HEIGHT)
        if size != self.gridSize():
            self.setGridSize(size)
        super().resizeEvent(event)


class CategoryBar(Ground):
    """Every category in view at once, on one or two rows: no hidden tabs to scroll to.

    One widget paints them all. As buttons, a switch (at nearly every tap: the next product is in another
    category) set off a button group's toggles, a style sheet re-polish of the two buttons whose borders changed
    width, a layout pass up to the screen and three repaints. Here a switch repaints two cells of this bar and
    nothing else. Each cell is drawn by the style exactly as its button was (the theme's `QPushButton#category`
    and the category's colours, from a hidden stand-in button per category), once per look, then copied: a few
    dozen small images for the whole bar. A tap, Space or the arrow keys choose as the buttons did, and the
    arrows move the keyboard's frame.
    """

    chosen = Signal(object)  # category name, "" for products without one

    SPACING = 6
    CELL_HEIGHT = 54  # a button's 48 px, its border (2 px when chosen) and its 4 px colour band

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.names: list[str] = []
        self._stamps: list[QPushButton] = []  # hidden: the style draws each cell as this button of that category
        self._cells: list[QRect] = []
        self._faces: dict[tuple[int, tuple[bool, ...], int, int, float], QPixmap] = {}  # see paintEvent
        self._columns = 1
        self._chosen = -1
        self._keyboard = 0  # the cell framed for the keyboard
        self._pressed = -1
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setToolTip(_("Categories (Ctrl+Page Up / Ctrl+Page Down)"))

    def set_categories(self, names: list[str], colours: dict[str, str | None]) -> None:
        for stamp in self._stamps:
            stamp.deleteLater()
        self.names = names
        self._stamps = []
        for name in names:
            stamp = QPushButton(name or _("Other"), self)
            stamp.setObjectName("category")
            stamp.setProperty("category", name)
            stamp.hide()
            soft, band = theme.muted(colours.get(name), 0.8).name(), theme.stripe(colours.get(name)).name()
            stamp.setStyleSheet(f"QPushButton {{ background: {soft}; border-bottom: 4px solid {band}; }}"
                                f"QPushButton:checked {{ background: {theme.SURFACE}; border: 2px solid {theme.ACCENT};"
                                f" border-bottom: 4px solid {theme.ACCENT}; }}")
            self._stamps.append(stamp)
        self._columns = min(6, max(4, math.ceil(len(names) / 2))) if names else 1
        self._chosen, self._keyboard, self._pressed = -1, 0, -1
        self._faces.clear()
        self._lay_out()
        self.updateGeometry()
        self.update()

    # -- choosing ---------------------------------------------------------------------------------------------
    def select(self, name: str) -> None:
        if name in self.names:
            self._choose(self.names.index(name))

    def current(self) -> str | None:
        return self.names[self._chosen] if 0 <= self._chosen < len(self.names) else None

    def step(self, step: int) -> None:
        if self.names:
            name = self.names[(self._chosen + step) % len(self.names) if self._chosen >= 0 else
                              (step - 1) % len(self.names)]
            self.select(name)
            self.chosen.emit(name)

    def _choose(self, index: int) -> None:
        if index != self._chosen:
            for cell in (self._chosen, index):
                self._update_cell(cell)
            self._chosen = index
        if index != self._keyboard:
            self._update_cell(self._keyboard)
            self._keyboard = index
            self._update_cell(index)

    def _tap(self, index: int) -> None:
        self._choose(index)
        self.chosen.emit(self.names[index])

    # -- geometry ------------------------------------------------------------------------------------------------
    def _hints(self) -> list[int]:
        """Each column's natural width: its widest name, the padding and a chosen cell's borders (see `two_lines`)."""
        widths = [0] * self._columns
        for i, stamp in enumerate(self._stamps):
            metrics = stamp.fontMetrics()
            col = i % self._columns
            widths[col] = max(widths[col], metrics.horizontalAdvance(stamp.text()) + 2 * 8 + 2 * 2, theme.TOUCH)
        return widths

    def _lay_out(self) -> None:
        """Columns share the width as a grid layout would: each its natural width, the rest shared out equally;
        narrower than that, in proportion."""
        if not self.names:
            self._cells = []
            return
        hints = self._hints()
        room = max(0, self.width() - self.SPACING * (self._columns - 1))
        total = sum(hints)
        if room >= total:
            extra, rest = divmod(room - total, self._columns)
            widths = [h + extra + (1 if c < rest else 0) for c, h in enumerate(hints)]
        else:
            widths = [h * room // total for h in hints]
        lefts = [sum(widths[:c]) + self.SPACING * c for c in range(self._columns)]
        self._cells = [QRect(lefts[i % self._columns], (i // self._columns) * (self.CELL_HEIGHT + self.SPACING),
                             widths[i % self._columns], self.CELL_HEIGHT) for i in range(len(self.names))]

    def sizeHint(self) -> QSize:
        rows = math.ceil(len(self.names) / self._columns) if self.names else 1
        return QSize(sum(self._hints()) + self.SPACING * (self._columns - 1) if self.names else 0,
                     rows * self.CELL_HEIGHT + (rows - 1) * self.SPACING)

    def minimumSizeHint(self) -> QSize:
        return QSize(theme.TOUCH * self._columns, self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._lay_out()
        self._faces.clear()  # other sizes: the faces of the old ones would only take room
        super().resizeEvent(event)

    def _cell_at(self, pos: QPoint) -> int:
        return next((i for i, cell in enumerate(self._cells) if cell.contains(pos)), -1)

    def _update_cell(self, index: int) -> None:
        if 0 <= index < len(self._cells):
            self.update(self._cells[index])

    # -- painting -----------------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        area = event.region()  # the two cells of a switch, not all the cells between them
        painter = QPainter(self)
        painter.fillRect(event.rect(), self._ground)
        style = self.style()
        enabled, focus = self.isEnabled(), self.hasFocus()
        ratio = self.devicePixelRatioF()
        for i, cell in enumerate(self._cells):
            if not area.intersects(cell):
                continue
            looks = (enabled, i == self._pressed, i == self._chosen, focus and i == self._keyboard)
            key = (i, looks, cell.width(), cell.height(), ratio)
            face = self._faces.get(key)
            if face is None:
                face = self._face(i, looks, cell.size(), ratio, style)
                self._faces[key] = face
            painter.drawPixmap(cell.topLeft(), face)
        painter.end()

    def _face(self, i: int, looks: tuple[bool, bool, bool, bool], size: QSize, ratio: float,
              style: QStyle) -> QPixmap:
        """Cell `i` as its button would look: drawn once by the style, then copied (a switch repaints two).
        Drawn as in the active window: the theme colours both alike (the payment dialog makes it inactive)."""
        enabled, pressed, chosen, focus = looks
        stamp = self._stamps[i]
        option = self._option(i, size)
        state = QStyle.StateFlag.State_Enabled if enabled else QStyle.StateFlag.State_None
        state |= QStyle.StateFlag.State_Sunken if pressed else QStyle.StateFlag.State_Raised
        if chosen:
            state |= QStyle.StateFlag.State_On
        if focus:
            state |= QStyle.StateFlag.State_HasFocus
        option.state = state | QStyle.StateFlag.State_Active
        face = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
        face.setDevicePixelRatio(ratio)
        face.fill(self._ground)  # the bar's ground in the rounded corners: the face is copied opaque
        painter = QPainter(face)
        painter.setFont(stamp.font())
        room = self.two_lines(i, size, style)
        if room is None:
            style.drawControl(QStyle.ControlElement.CE_PushButton, option, painter, stamp)
        else:  # a long name on a narrow screen ("Boissons chaudes" at 1024 px) goes on two lines, not cut off
            text, option.text = option.text, ""
            style.drawControl(QStyle.ControlElement.CE_PushButton, option, painter, stamp)
            painter.setPen(stamp.palette().color(QPalette.ColorRole.ButtonText))
            wrap = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(room, int(wrap), text)
        painter.end()
        return face

    def _option(self, i: int, size: QSize) -> QStyleOptionButton:
        stamp = self._stamps[i]
        option = QStyleOptionButton()
        option.initFrom(stamp)
        option.rect = QRect(QPoint(0, 0), size)
        option.text = stamp.text()
        return option

    def two_lines(self, i: int, size: QSize, style: QStyle) -> QRect | None:
        """Where cell `i`'s name goes when it needs two lines at `size`, None when it fits on one. Measured in the
        chosen look, the narrowest (its border is thicker), for every look, and without a pixel of air beyond the
        padding (the column's width is the name's, see `_hints`): a name that fitted at rest went on two lines once
        chosen, under the finger (1280 px, ten categories)."""
        option = self._option(i, size)
        option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_On | QStyle.StateFlag.State_Active
        room = style.subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self._stamps[i]).adjusted(
            0, 2, 0, -2)
        return None if self._stamps[i].fontMetrics().horizontalAdvance(option.text) <= room.width() else room

    # -- fingers and keys -------------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._pressed = self._cell_at(event.position().toPoint())
        self._update_cell(self._pressed)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        pressed, self._pressed = self._pressed, -1
        self._update_cell(pressed)
        if pressed >= 0 and pressed == self._cell_at(event.position().toPoint()):
            self._tap(pressed)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, count = Qt.Key(event.key()), len(self.names)
        moves = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -self._columns,
                 Qt.Key.Key_Down: self._columns}
        move = moves.get(key)
        if count and move is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            target = min(max(self._keyboard + move, 0), count - 1)
            self._update_cell(self._keyboard)
            self._keyboard = target
            self._update_cell(target)
            return
        if count and key == Qt.Key.Key_Space and 0 <= self._keyboard < count:
            self._tap(self._keyboard)
            return
        event.ignore()  # digits, Enter, Esc...: the sale screen's

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._update_cell(self._keyboard)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._update_cell(self._keyboard)
        super().focusOutEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        kind = event.type()
        if kind in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._faces.clear()
        if kind in (QEvent.Type.EnabledChange, QEvent.Type.ActivationChange, QEvent.Type.StyleChange,
                    QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.update()
        super().changeEvent(event)


class ProductGrid(QWidget):
    tapped = Signal(object)  # ProductRow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProductModel()
        self.shelf = Shelf(self.model)
        self.search = FaceLineEdit()  # shown again with the shelf after every sale: see FaceLineEdit
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search a product or type its barcode (Ctrl+F)"))
        self.search.textChanged.connect(self._searched)
        self.categories = CategoryBar()
        self.categories.chosen.connect(lambda name: self.shelf.set_category(name or None))
        self.view = TileView()
        self.view.setItemDelegate(TileDelegate(self.model, self.view))
        self.view.setModel(self.shelf)
        self.view.tapped.connect(self.tapped)
        for changed in (self.model.modelReset, self.model.dataChanged, self.model.layoutChanged,
                        self.model.rowsInserted, self.model.rowsRemoved):
            changed.connect(self.view.forget_shelves)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.search)
        layout.addWidget(self.categories)
        layout.addWidget(self.view, 1)

    def load(self, products: list[ProductRow], categories: list[CategoryRow]) -> None:
        current = self.shelf.category
        self.model.set_products(products, categories)
        used = {p.category for p in products}
        names = [c.name for c in categories if c.name in used]
        if None in used:
            names.append("")
        self.categories.set_categories(names, self.model.colours)
        self.view.categories = len(names)
        self.show_category(current if current in names else (names[0] if names else None))

    def prepare(self) -> None:
        """Draws every category's tiles once into the shelf's kept images (TileView._kept_shelf), just after the
        shelf's first paint: the first sales then find them ready, and the memory they take is taken at start,
        not during the first sales. Only the shown category is on screen meanwhile."""
        if self.search.text() or not self.view.isVisible():
            return
        shown, current = self.shelf.category, self.shelf.mapToSource(self.view.currentIndex())
        for name in self.categories.names:
            self.shelf.set_category(name or None)
            self.view.keep_shelf()
        self.shelf.set_category(shown)
        if current.isValid():  # the keyboard's frame stays where it was
            self.view.selectionModel().setCurrentIndex(self.shelf.mapFromSource(current),
                                                       QItemSelectionModel.SelectionFlag.NoUpdate)

    def set_stock(self, levels: dict[int, tuple[int, int]]) -> None:
        """The producers' stock left, from `cafe.producers.stock_levels()`."""
        self.model.set_stock(levels)

    def show_category(self, name: str | None) -> None:
        self.categories.select(name or "")
        self.shelf.set_category(name or None)

    def step_category(self, step: int) -> None:
        self.categories.step(step)

    def index_of(self, label: str) -> QModelIndex:
        """The tile showing `label` (its category is brought up first); for tests and scripted demos."""
        for row, p in enumerate(self.model.rows):
            if p.label == label:
                if not self.search.text():
                    self.show_category(p.category)
                return self.shelf.mapFromSource(self.model.index(row))
        return QModelIndex()

    def _searched(self, text: str) -> None:
        self.shelf.set_search(text)
        self.categories.setEnabled(not text.strip())
