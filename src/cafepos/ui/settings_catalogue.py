"""The catalogue in the settings: products and their categories, prices and VAT per sale mode.

A new category is made by typing its name on a product. Price changes are logged by the catalogue service;
tickets already signed keep the price they were sold at.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cafepos.domain.errors import CafeError
from cafepos.domain.money import cents_to_text, parse_amount
from cafepos.domain.operators import Operator
from cafepos.services.catalog import VAT_RATES_BP, ProductDraft
from cafepos.services.ports import ProductRow
from cafepos.ui.actions import CATALOGUE
from cafepos.ui.session import Session
from cafepos.ui.text import _, error_text, fmt, money
from cafepos.ui.widgets import ListTableModel, MessageLine, button

Index = QModelIndex | QPersistentModelIndex


class ProductsTable(ListTableModel[ProductRow]):
    columns = 6

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        p = self.rows[index.row()]
        return (p.label, p.category or "", money(p.price_cents), fmt().rate(p.vat_on_site_bp),
                fmt().rate(p.vat_take_away_bp), _("yes") if p.active else _("no"))[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (_("Product"), _("Category"), _("Price"), _("VAT\non site"), _("VAT\ntake away"),
                    _("On sale"))[section]
        return None


def vat_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for bp in VAT_RATES_BP:
        combo.addItem(fmt().rate(bp), bp)
    return combo


class CataloguePage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.manager: Operator | None = None
        self.editing: int | None = None
        self.model = ProductsTable()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Search the catalogue"))
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setObjectName("catalogue")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(48)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 150), (2, 80), (3, 80), (4, 96), (5, 76)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._selected(cur))
        left = QVBoxLayout()
        left.addWidget(self.filter)
        left.addWidget(self.table, 1)

        self.label = QLineEdit()
        self.label.setObjectName("productLabel")
        self.label.setMaxLength(60)
        self.category = QComboBox()
        self.category.setObjectName("productCategory")
        self.category.setEditable(True)
        self.price = QLineEdit()
        self.price.setObjectName("productPrice")
        self.price.setPlaceholderText(_("2.50"))
        self.vat_on_site = vat_combo("productVatOnSite")
        self.vat_take_away = vat_combo("productVatTakeAway")
        self.barcode = QLineEdit()
        self.barcode.setObjectName("productBarcode")
        self.colour = QLineEdit()
        self.colour.setPlaceholderText(_("#7cb342 (empty: the category's)"))
        self.active = QCheckBox(_("On sale"))
        self.alcohol = QCheckBox(_("Alcoholic drink"))
        self.voucher = QCheckBox(_("Meal vouchers accepted"))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for text, widget in ((_("Label"), self.label), (_("Category"), self.category), (_("Price"), self.price),
                             (_("VAT on site"), self.vat_on_site), (_("VAT take away"), self.vat_take_away),
                             (_("Barcode"), self.barcode), (_("Colour"), self.colour)):
            form.addRow(text, widget)
        for box in (self.active, self.alcohol, self.voucher):
            form.addRow("", box)
        self.message = MessageLine()
        new = button(_("New product"), tip=_("Empty the form to add a product"))
        new.clicked.connect(self.new)
        self.save_button = button(_("Save the product"), "accent", tip=_("Add or update this product"))
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.message)
        right.addLayout(buttons)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.new()

    def reload(self) -> None:
        cafe = self.session.cafe
        self.model.set_rows(cafe.catalog.products(active_only=False))
        current = self.category.currentText()
        self.category.clear()
        self.category.addItems([c.name for c in cafe.catalog.categories()])
        self.category.setCurrentText(current)

    def new(self) -> None:
        self.editing = None
        self.table.clearSelection()
        for field in (self.label, self.price, self.barcode, self.colour):
            field.clear()
        self.category.setCurrentText("")
        self.vat_on_site.setCurrentIndex(self.vat_on_site.findData(1000))
        self.vat_take_away.setCurrentIndex(self.vat_take_away.findData(1000))
        self.active.setChecked(True)
        self.alcohol.setChecked(False)
        self.voucher.setChecked(True)
        self.message.clear_message()
        self.label.setFocus()

    def _selected(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        p = self.model.rows[self.proxy.mapToSource(index).row()]
        self.editing = p.id
        self.label.setText(p.label)
        self.category.setCurrentText(p.category or "")
        self.price.setText(cents_to_text(p.price_cents).replace(".", ","))
        self.vat_on_site.setCurrentIndex(self.vat_on_site.findData(p.vat_on_site_bp))
        self.vat_take_away.setCurrentIndex(self.vat_take_away.findData(p.vat_take_away_bp))
        self.barcode.setText(p.barcode or "")
        self.colour.setText(p.colour or "")
        self.active.setChecked(p.active)
        self.alcohol.setChecked(p.alcohol)
        self.voucher.setChecked(p.voucher_ok)
        self.message.clear_message()

    def draft(self) -> ProductDraft:
        return ProductDraft(
            label=self.label.text(), price_cents=parse_amount(self.price.text()),
            vat_on_site_bp=int(self.vat_on_site.currentData()), vat_take_away_bp=int(self.vat_take_away.currentData()),
            category=self.category.currentText(), barcode=self.barcode.text(), colour=self.colour.text().strip(),
            active=self.active.isChecked(), alcohol=self.alcohol.isChecked(), voucher_ok=self.voucher.isChecked())

    def save(self) -> None:
        by, product_id = self.manager, self.editing
        if by is None:
            return
        try:
            draft = self.draft()
        except CafeError as exc:
            self.message.error(error_text(exc))
            return
        catalog = self.session.cafe.catalog
        saved = self.session.actions.run(
            lambda: catalog.add(by, draft) if product_id is None else catalog.update(by, product_id, draft),
            changes=CATALOGUE, sink=self.message.error)
        if saved is None:
            return
        self.reload()
        self.editing = saved.id
        self.message.info(_("“{label}” saved at {price}.").format(label=saved.label, price=money(saved.price_cents)))
