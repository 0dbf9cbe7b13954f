"""What the producers' windows share: lots and their dates, a read-only table model, the dialog frame and
documents written off the UI thread (the sale screen's offer to record a loss is in expired_offer).

The forms that write are in producer_dialogs and producer_statements.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
    QUrl,
)
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cafepos.bootstrap import Cafe
from cafepos.domain.calendar import business_date
from cafepos.domain.consignment import is_low_stock
from cafepos.domain.errors import N_, BadInput, CafeError
from cafepos.ui import theme
from cafepos.ui.text import _, error_text, fmt, language
from cafepos.ui.widgets import MessageLine, button

Index = QModelIndex | QPersistentModelIndex
SortRole = Qt.ItemDataRole.UserRole + 1
PayloadRole = Qt.ItemDataRole.UserRole + 2
TONES = {"expired": (theme.ERROR_SOFT, theme.ERROR), "low": (theme.NOTICE_SOFT, theme.WARNING)}


# -- reading ---------------------------------------------------------------------------------------------------
def today_of(cafe: Cafe) -> date:
    return business_date(cafe.journal.clock.now(), cafe.settings.get().cutoff_hour)


def month_name(month: str) -> str:
    """"2026-11" as "novembre 2026"."""
    locale = QLocale(QLocale.Language.French if language() == "fr" else QLocale.Language.English)
    return locale.toString(QDate.fromString(month + "-01", "yyyy-MM-dd"), "MMMM yyyy")


def recent_months(today: date, count: int = 13) -> list[str]:
    """The current month first, then the ones before it."""
    out, year, month = [], today.year, today.month
    for _i in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out


def day_text(iso: str | None) -> str:
    return fmt().date(date.fromisoformat(iso)) if iso else ""


def parse_day(text: str, today: date) -> str | None:
    """What a person types for a date ("25/12/2026", "25/12/26", "25/12", "2026-12-25") as an ISO date."""
    typed = text.strip()
    if not typed:
        return None
    try:
        if "-" in typed:
            return date.fromisoformat(typed).isoformat()
        parts = [int(p) for p in typed.replace(".", "/").split("/")]
        if len(parts) == 2:
            parts.append(today.year)
        day, month, year = parts
        return date(year + 2000 if year < 100 else year, month, day).isoformat()
    except ValueError:
        raise BadInput(N_("“{text}” is not a date: write DD/MM/YYYY."), text=text) from None


@dataclass(frozen=True)
class LotLine:
    label: str
    lot: str
    dlc: str | None
    qty: int
    expired: bool
    low: bool
    by_weight: bool = False  # qty in grams


def lots_of(cafe: Cafe, producer: str) -> list[LotLine]:
    """The producer's lots with goods left; low stock is counted per product, as the sale screen shows it."""
    sellable = {p.label: left for p, left, _expired in cafe.producers.products_of(producer)}
    return [LotLine(x.label, x.lot, x.dlc, x.qty_left, x.expired, is_low_stock(sellable.get(x.label, 0), x.by_weight),
                    x.by_weight)
            for x in cafe.producers.lots(producer)]


@dataclass(frozen=True)
class Row:
    cells: Sequence[str]
    keys: Sequence[Any] = ()
    tone: str = ""  # "", "low" or "expired"
    payload: Any = None


class RowsModel(QAbstractTableModel):
    """Read-only rows for a table: shown text, sort keys, a tone for stock that needs a look."""

    def __init__(self, headers: Sequence[str], right: Sequence[int] = ()) -> None:
        super().__init__()
        self.headers, self.right, self.rows = list(headers), set(right), list[Row]()

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[col]
        if role == SortRole:
            return row.keys[col] if col < len(row.keys) else row.cells[col]
        if role == PayloadRole:
            return row.payload
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if row.tone in TONES and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            return QColor(TONES[row.tone][role == Qt.ItemDataRole.ForegroundRole])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def table_view(name: str, model: QAbstractItemModel, stretch: int = 0, row_height: int = 40) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setShowGrid(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(row_height)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


# -- documents, written off the UI thread -----------------------------------------------------------------------
class Documents(QObject):
    """Writes PDFs on a worker thread and reports back in the UI thread; tests replace `choose` and `show`."""

    written = QtSignal(str, object, object)  # path, error (None when written), what to call then

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="documents")
        self.folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
                           or Path.home())
        self.written.connect(lambda path, error, then: then(path, error))

    def choose(self, parent: QWidget, title: str, name: str, kind: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(parent, title, str(self.folder / name), kind)
        return path or None

    def choose_folder(self, parent: QWidget, title: str) -> str | None:
        return QFileDialog.getExistingDirectory(parent, title, str(self.folder)) or None

    def show(self, path: str) -> None:
        """Opens the document in the system's viewer, from which it is printed."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def write(self, path: str, work: Callable[[str], None], then: Callable[[str, object], None]) -> None:
        """Runs `work(path)` on the worker; `then(path, error)` is called back in the UI thread."""
        self.folder = Path(path).parent

        def run() -> None:
            try:
                work(path)
                self.written.emit(path, None, then)
            except Exception as exc:  # a full disk or a missing font: say it, the records are safe
                self.written.emit(path, exc, then)

        self.pool.submit(run)


def written_text(path: str, error: object) -> str:
    if error is None:
        return _("Saved: {path}").format(path=path)
    reason = error_text(error) if isinstance(error, CafeError) else str(error)
    return _("The document could not be written ({reason}); the records are safe.").format(reason=reason)


# -- dialogs ----------------------------------------------------------------------------------------------------
class Form(QDialog):
    """A dialog with a heading, the calm message line and its own buttons at the foot."""

    def __init__(self, title: str, parent: QWidget | None, width: int = 620, height: int = 0) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.heading = QLabel(title)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.message = MessageLine()
        self.body = QVBoxLayout()
        self.foot = QHBoxLayout()
        self.close_button = button(_("Close"), tip=_("Close this window (Esc)"))
        self.close_button.clicked.connect(self.reject)
        self.foot.addWidget(self.close_button)
        self.foot.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.message)
        layout.addLayout(self.foot)
        self.resize(width, height or self.sizeHint().height())


def choice(name: str, items: Sequence[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for text, value in items:
        combo.addItem(text, value)
    return combo


# -- on the sale screen --------------------------------------------------------------------------------------------
