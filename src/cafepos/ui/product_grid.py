"""The shelf: category tabs, a search field and a grid of large product tiles.

One list model holds the whole catalogue and a filter shows a category or a search; the tiles are painted by a
delegate instead of being hundreds of buttons, so a 500-product catalogue opens instantly and a tap costs
nothing but the basket update. Producers' goods show the stock left: low stock stands out, and a tile with none
left is greyed but still answers a tap (the sale service then says why it cannot be sold).
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QPainter, QPainterPath, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGridLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from cafepos.services.ports import CategoryRow, ProductRow
from cafepos.ui import theme
from cafepos.ui.sale_keys import for_the_counter
from cafepos.ui.text import _, money

ProductRole = Qt.ItemDataRole.UserRole + 1
LOW_STOCK = 2  # producers' goods with this many left or fewer stand out
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
        if sellable:
            return _("{count} left").format(count=sellable)
        return _("{count} expired").format(count=expired) if expired else _("Sold out")

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


class TileDelegate(QStyledItemDelegate):
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

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        product: ProductRow = index.data(ProductRole)
        colour = self.model.colour_of(product)
        sellable, expired = self.model.stock.get(product.id, (0, 0))
        none_left = product.producer_id is not None and not sellable
        r: QRect = option.rect.adjusted(4, 4, -4, -4)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(r, 10, 10)
        if none_left:
            painter.setOpacity(0.5)  # greyed, still tappable: the sale service says why it cannot be sold
        painter.fillPath(path, theme.muted(None if none_left else colour, 0.75 if none_left else 0.62))
        painter.setClipPath(path)
        painter.fillRect(QRect(r.left(), r.top(), 7, r.height()), theme.stripe(colour))
        painter.setClipping(False)
        state = option.state
        if state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(self.focus)
            painter.drawPath(path)
        painter.setPen(self.text)
        painter.setFont(self.label_font)
        text_rect = r.adjusted(16, 8, -8, -26)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop |
                                        Qt.TextFlag.TextWordWrap), product.label)
        painter.setFont(self.price_font)
        price = money(product.price_cents)
        painter.drawText(r.adjusted(16, 0, -10, -8), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                         price)
        if product.producer_id is not None:
            low = 0 < sellable <= LOW_STOCK
            strong = low or none_left
            room = r.adjusted(16, 0, -(18 + self.price_metrics.horizontalAdvance(price)), -8)
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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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

    def _tap(self, index: QModelIndex) -> None:
        if index.isValid():
            self.tapped.emit(index.data(ProductRole))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space:
            self._tap(self.currentIndex())
            return
        if for_the_counter(event):
            event.ignore()  # up to the sale screen: a quantity, a scan, Enter to pay
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        width = self.viewport().width() - 16  # room for the scroll bar when it shows
        columns = max(4, min(6, width // theme.TILE_MIN_WIDTH))
        size = QSize(max(96, width // columns), theme.TILE_HEIGHT)
        if size != self.gridSize():
            self.setGridSize(size)
        super().resizeEvent(event)


class CategoryBar(QWidget):
    """Every category in view at once, on one or two rows of buttons: no hidden tabs to scroll to."""

    chosen = Signal(object)  # category name, "" for products without one

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.names: list[str] = []
        self.setToolTip(_("Categories (Ctrl+Page Up / Ctrl+Page Down)"))

    def set_categories(self, names: list[str], colours: dict[str, str | None]) -> None:
        for b in self.group.buttons():
            self.group.removeButton(b)
            b.hide()
            self.grid.removeWidget(b)
            b.deleteLater()
        self.names = names
        columns = min(6, max(4, math.ceil(len(names) / 2))) if names else 1
        for i, name in enumerate(names):
            b = QPushButton(name or _("Other"))
            b.setObjectName("category")
            b.setCheckable(True)
            b.setAutoDefault(False)
            b.setProperty("category", name)
            soft, band = theme.muted(colours.get(name), 0.8).name(), theme.stripe(colours.get(name)).name()
            b.setStyleSheet(f"QPushButton {{ background: {soft}; border-bottom: 4px solid {band}; }}"
                            f"QPushButton:checked {{ background: {theme.SURFACE}; border: 2px solid {theme.ACCENT};"
                            f" border-bottom: 4px solid {theme.ACCENT}; }}")
            b.clicked.connect(lambda _checked=False, n=name: self.chosen.emit(n))
            self.group.addButton(b, i)
            self.grid.addWidget(b, i // columns, i % columns)

    def select(self, name: str) -> None:
        if name in self.names:
            b = self.group.button(self.names.index(name))
            b.setChecked(True)

    def current(self) -> str | None:
        i = self.group.checkedId()
        return self.names[i] if 0 <= i < len(self.names) else None

    def step(self, step: int) -> None:
        if self.names:
            current = self.current()
            i = self.names.index(current) if current is not None else -1
            name = self.names[(i + step) % len(self.names)]
            self.select(name)
            self.chosen.emit(name)


class ProductGrid(QWidget):
    tapped = Signal(object)  # ProductRow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProductModel()
        self.shelf = Shelf(self.model)
        self.search = QLineEdit()
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
        self.show_category(current if current in names else (names[0] if names else None))

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
