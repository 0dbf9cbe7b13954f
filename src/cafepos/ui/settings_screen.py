"""Réglages (managers only): the café's identity, receipts and printer, the counter, operators and catalogue.

Every change goes through `settings.update` as text, where it is checked and logged as a signed event; the form
only sends what actually changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cafepos.domain.operators import Operator
from cafepos.services.settings import Settings
from cafepos.ui.actions import SETTINGS
from cafepos.ui.session import Session
from cafepos.ui.settings_catalogue import CataloguePage
from cafepos.ui.settings_operators import OperatorsPage
from cafepos.ui.text import _
from cafepos.ui.widgets import MessageLine, button

FieldWidget = QLineEdit | QSpinBox | QCheckBox | QComboBox


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    low: int = 0
    high: int = 0


class SettingsForm(QWidget):
    """A page of settings: one widget per key, read from and written back to the settings service."""

    def __init__(self, session: Session, fields: list[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.fields = fields
        self.manager: Operator | None = None
        self.widgets: dict[str, FieldWidget] = {}
        self.form = QFormLayout()
        self.form.setVerticalSpacing(10)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        defaults = Settings()
        for f in fields:
            kind = type(getattr(defaults, f.key))
            widget: FieldWidget
            if f.key == "language":
                widget = QComboBox()
                widget.addItem(_("French"), "fr")
                widget.addItem(_("English"), "en")
            elif kind is bool:
                widget = QCheckBox()
            elif kind is int:
                widget = QSpinBox()
                widget.setRange(f.low, f.high)
                widget.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)  # arrows too small for fingers: type
            else:
                widget = QLineEdit()
            widget.setObjectName(f"setting_{f.key}")
            self.widgets[f.key] = widget
            self.form.addRow(f.label, widget)
        self.message = MessageLine()
        self.save_button = button(_("Save"), "accent", "Ctrl+S", _("Save these settings"))
        self.save_button.clicked.connect(lambda: self.save())
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.addLayout(self.form)
        box.addWidget(self.message)
        box.addLayout(self.buttons)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def load(self, s: Settings) -> None:
        for key, w in self.widgets.items():
            value = getattr(s, key)
            if isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(value)))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QSpinBox):
                w.setValue(int(value))
            else:
                w.setText(str(value))

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, w in self.widgets.items():
            if isinstance(w, QComboBox):
                out[key] = str(w.currentData())
            elif isinstance(w, QCheckBox):
                out[key] = "1" if w.isChecked() else "0"
            elif isinstance(w, QSpinBox):
                out[key] = str(w.value())
            else:
                out[key] = w.text().strip()
        return out

    def save(self, manager: Operator | None = None) -> None:
        by = manager or self.manager
        if by is None:
            return
        current = self.session.settings
        before = {k: v for k, v in self._as_text(current).items() if k in self.widgets}
        changes = {k: v for k, v in self.values().items() if before.get(k) != v}
        if not changes:
            self.message.info(_("Nothing to save: no setting was changed."))
            return
        saved = self.session.actions.run(lambda: self.session.cafe.settings.update(by, changes), changes=SETTINGS,
                                         sink=self.message.error)
        if saved is not None:
            text = _("Saved.")
            if "language" in changes:
                text = _("Saved. The new language is used from the next start.")
            self.message.info(text)

    @staticmethod
    def _as_text(s: Settings) -> dict[str, str]:
        out = {}
        for key, value in vars(s).items():
            out[key] = ("1" if value else "0") if isinstance(value, bool) else str(value)
        return out


class SettingsScreen(QWidget):
    test_print = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.session = session
        self.manager: Operator | None = None
        self.who = QLabel()
        self.who.setObjectName("caption")
        self.cafe_form = SettingsForm(session, [
            Field("cafe_name", _("Café's name")), Field("cafe_address", _("Address")),
            Field("siret", _("SIRET")), Field("vat_number", _("VAT number")), Field("cafe_phone", _("Phone")),
            Field("cafe_legal", _("Legal form, capital, RCS (for invoices)")),
            Field("till", _("Till number"), 1, 999)])
        self.counter_form = SettingsForm(session, [
            Field("receipt_header", _("Receipt header")), Field("receipt_footer", _("Receipt footer")),
            Field("receipt_logo", _("Logo on receipts (image file path)")),
            Field("printer_uri", _("Printer (e.g. tcp://192.168.1.50:9100)")),
            Field("printer_width", _("Characters per line"), 32, 48),
            Field("print_by_default", _("Print receipts by default")),
            Field("idle_lock_minutes", _("Lock after minutes without use (0: never)"), 0, 1440),
            Field("language", _("Language"))])
        test = button(_("Test print"), "testPrint", tip=_("Print a test receipt on the printer above"))
        test.clicked.connect(self.test_print)
        self.counter_form.buttons.insertWidget(0, test)
        self.operators = OperatorsPage(session)
        self.catalogue = CataloguePage(session)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.cafe_form, _("Café"))
        self.tabs.addTab(self.counter_form, _("Receipts and counter"))
        self.tabs.addTab(self.operators, _("Operators"))
        self.tabs.addTab(self.catalogue, _("Catalogue"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.who)
        layout.addWidget(self.tabs, 1)
        session.actions.changed.connect(self._changed)

    def enter(self, manager: Operator) -> None:
        """Opened by a manager (or with a manager's PIN): that manager signs every change made here."""
        self.manager = manager
        for form in (self.cafe_form, self.counter_form):
            form.manager = manager
            form.load(self.session.settings)
        self.operators.manager = manager
        self.catalogue.manager = manager
        self.operators.reload()
        self.catalogue.reload()
        self.who.setText(_("Changes are recorded in the name of {name}.").format(name=manager.name))

    def leave(self) -> None:
        self.manager = None
        for form in (self.cafe_form, self.counter_form):
            form.manager = None
        self.operators.manager = None
        self.catalogue.manager = None

    def _changed(self, what: str) -> None:
        if what == SETTINGS and self.manager is not None:
            for form in (self.cafe_form, self.counter_form):
                form.load(self.session.settings)
