"""The producers' money: the month's statement (preview, issue, PDF and CSV), paying a producer, and every
producer's statement for a month in one go on a worker thread.

Issuing freezes a statement as a signed record; a mistake afterwards is a correction, never an edit. Payouts
above what is owed are advances, recorded only once the manager has said so.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QProgressDialog, QWidget

from cafepos.bootstrap import Cafe
from cafepos.domain.errors import CafeError, Refused
from cafepos.domain.money import parse_amount
from cafepos.domain.operators import Operator, Right
from cafepos.services.ports import ProducerRow
from cafepos.services.statements import statement_csv as statements_csv_text
from cafepos.ui.actions import EVENTS
from cafepos.ui.producer_views import (
    Documents,
    Form,
    Row,
    RowsModel,
    choice,
    day_text,
    month_name,
    recent_months,
    table_view,
    today_of,
    written_text,
)
from cafepos.ui.product_grid import search_key
from cafepos.ui.session import Session
from cafepos.ui.text import _, error_text, fmt, money
from cafepos.ui.widgets import ConfirmButton, button

ADVANCE_MSGID = "{producer} is owed {owed}; paying {amount} would be an advance. Confirm it as an advance."

def slug(name: str) -> str:
    """A file name part without accents or spaces: "Ferme du Pré" -> "ferme-du-pre"."""
    dashed = "".join(c if c.isascii() and c.isalnum() else "-" for c in search_key(name))
    return "-".join(part for part in dashed.split("-") if part)


def statement_csv(st: dict[str, Any], path: str) -> None:
    """The statement's figures for a spreadsheet, in the same columns as `cafepos statement --csv`."""
    Path(path).write_text(statements_csv_text(st), encoding="utf-8")


class RelabelledConfirm(ConfirmButton):
    """A two-tap button whose resting label follows what it will do (issue, or issue a correction)."""

    def relabel(self, text: str) -> None:
        self._text = text
        self.disarm()


class StatementDialog(Form):
    """The month's statement as it stands, or as it was issued; issuing needs a manager."""

    def __init__(self, session: Session, producer: ProducerRow, documents: Documents, month: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Statement — {producer}").format(producer=producer.name), parent, 980, 700)
        self.session, self.producer, self.documents = session, producer, documents
        self.cafe = session.cafe
        self.statement: dict[str, Any] = {}
        months = recent_months(today_of(self.cafe))
        self.month = choice("statementMonth", [(month_name(m), m) for m in months])
        self.month.setCurrentIndex(months.index(month) if month in months else 0)
        self.month.currentIndexChanged.connect(lambda _i: self.load())
        self.status = QLabel()
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Month")))
        top.addWidget(self.month)
        top.addWidget(self.status, 1)
        self.model = RowsModel([_("Product"), _("Lot"), _("Opening"), _("Deposited"), _("Sold"), _("Returned"),
                                _("Lost"), _("Left"), _("Sales")], right=range(2, 9))
        self.table = table_view("statementLines", self.model, row_height=36)
        self.sums = QGridLayout()
        self.sums.setColumnStretch(0, 1)
        self.figures: dict[str, QLabel] = {}
        for row, key in enumerate(("gross_cents", "commission_ht_cents", "commission_vat_cents",
                                   "commission_ttc_cents", "cafe_losses_cents", "net_due_cents")):
            caption, value = QLabel(), QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            if key == "net_due_cents":
                caption.setObjectName("heading")
                value.setObjectName("heading")
            self.sums.addWidget(caption, row, 0, alignment=Qt.AlignmentFlag.AlignRight)
            self.sums.addWidget(value, row, 1)
            self.figures[key] = value
            self.figures[key + ":caption"] = caption
        self.body.addLayout(top)
        self.body.addWidget(self.table, 1)
        self.body.addLayout(self.sums)
        self.pdf = button(_("PDF"), tip=_("Save the statement as a PDF to print and sign"))
        self.pdf.clicked.connect(self.save_pdf)
        self.csv = button(_("CSV"), tip=_("Save the figures for a spreadsheet"))
        self.csv.clicked.connect(self.save_csv)
        self.issue_button = RelabelledConfirm(_("Issue"), "accent")
        self.issue_button.confirmed.connect(self.ask_issue)
        for b in (self.pdf, self.csv, self.issue_button):
            self.foot.addWidget(b)
        self.load()

    def current_month(self) -> str:
        return str(self.month.currentData())

    def load(self) -> None:
        month, name = self.current_month(), self.producer.name
        issued = self.session.actions.run(lambda: self.cafe.statements.issued(name, month), sink=self.message.error)
        draft = self.session.actions.run(lambda: self.cafe.statements.compute(name, month), sink=self.message.error)
        if draft is None or issued is None:
            return
        st = issued[-1] if issued else draft
        self.statement = st
        self.model.set_rows([Row([x["label"], x["lot"], *(str(x[k]) for k in (
            "opening_qty", "deposited_qty", "sold_qty", "returned_qty", "lost_qty", "closing_qty")),
            money(x["amount_cents"])], [x["label"], x["lot"], x["opening_qty"], x["deposited_qty"], x["sold_qty"],
                                        x["returned_qty"], x["lost_qty"], x["closing_qty"], x["amount_cents"]])
            for x in st["lines"]])
        rate = fmt().rate(int(st["contract"]["commission_bp"]))
        captions = {"gross_cents": _("Gross sales"), "commission_ht_cents": _("Commission {rate} excl. VAT"),
                    "commission_vat_cents": _("VAT on the commission"),
                    "commission_ttc_cents": _("Commission incl. VAT (deducted)"),
                    "cafe_losses_cents": _("Losses borne by the café"), "net_due_cents": _("Net due to the producer")}
        for key, caption in captions.items():
            self.figures[key + ":caption"].setText(caption.format(rate=rate))
            sign = -1 if key == "commission_ttc_cents" else 1
            self.figures[key].setText(money(sign * int(st[key])))
        due = day_text(st["payment_due"])
        if issued:
            text = _("Statement n°{number} issued on {day} by {operator}; pay by {due}.").format(
                number=st["number"], day=day_text(str(st["issued_at"])[:10]), operator=st["operator"], due=due)
            if draft["net_due_cents"] != st["net_due_cents"]:
                text += " " + _("The figures changed since: net due now {amount}.").format(
                    amount=money(draft["net_due_cents"]))
            self.issue_button.relabel(_("Issue a correction"))
        else:
            text = _("Draft, not issued: the figures may still change. Pay by {due}.").format(due=due)
            self.issue_button.relabel(_("Issue"))
        self.status.setText(text)
        self.issue_button.set_question(_("Issue for {month}: net due {amount}? Tap again").format(
            month=month_name(month), amount=money(draft["net_due_cents"])))

    def ask_issue(self) -> None:
        self.session.with_right(Right.EDIT_CATALOGUE, _("Issuing a statement needs a manager."), self.issue)

    def issue(self, by: Operator) -> None:
        month, name = self.current_month(), self.producer.name
        correct = self.statement.get("number") is not None
        st = self.session.actions.run(lambda: self.cafe.statements.issue(by, name, month, correct=correct),
                                      changes=EVENTS, sink=self.message.error)
        if st is None:
            return
        self.load()
        self.message.info(_("Statement n°{number} issued: net due {amount}.").format(
            number=st["number"], amount=money(int(st["net_due_cents"]))), seconds=0)

    def _file_name(self, ext: str) -> str:
        return f"releve-{self.current_month()}-{slug(self.producer.name)}.{ext}"

    def save_pdf(self) -> None:
        st = dict(self.statement)
        path = self.documents.choose(self, _("Save the statement"), self._file_name("pdf"), "PDF (*.pdf)")
        if not st or path is None:
            return
        from cafepos.adapters.statement_pdf import write_statement_pdf

        self.message.info(_("Writing the PDF…"), seconds=0)
        self.documents.write(path, lambda p: write_statement_pdf(self.cafe, st, p), self._written)

    def _written(self, path: str, error: object) -> None:
        (self.message.info if error is None else self.message.error)(written_text(path, error))
        if error is None:
            self.documents.show(path)

    def save_csv(self) -> None:
        path = self.documents.choose(self, _("Save the figures"), self._file_name("csv"), "CSV (*.csv)")
        if not self.statement or path is None:
            return
        try:
            statement_csv(self.statement, path)
        except OSError as exc:
            self.message.error(written_text(path, exc))
            return
        self.message.info(written_text(path, None))


class PayoutDialog(Form):
    """Paying a producer; cash comes out of the drawer. More than owed is an advance, asked for explicitly."""

    paid = QtSignal(str)

    def __init__(self, session: Session, by: Operator, producer: ProducerRow, owed_cents: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Pay {producer}").format(producer=producer.name), parent, 640)
        self.session, self.by, self.producer = session, by, producer
        owed = QLabel(_("Owed today: {amount}").format(amount=money(owed_cents)))
        self.amount = QLineEdit(fmt().money(owed_cents, symbol=False) if owed_cents > 0 else "")
        self.amount.setObjectName("payoutAmount")
        self.amount.setPlaceholderText(_("Amount"))
        self.amount.setFocus()
        self.amount.textChanged.connect(lambda _t: self._reset())
        self.methods = QButtonGroup(self)
        methods = QHBoxLayout()
        for text, value in ((_("Transfer"), "transfer"), (_("Cheque"), "cheque"), (_("Cash"), "cash")):
            b = button(text, "method")
            b.setCheckable(True)
            b.setProperty("method", value)
            self.methods.addButton(b)
            methods.addWidget(b)
        self.methods.buttons()[0].setChecked(True)
        self.methods.buttonToggled.connect(lambda *_a: self._reset())
        self.note = QLabel()
        self.note.setObjectName("caption")
        self.note.setWordWrap(True)
        for w in (owed, self.amount):
            self.body.addWidget(w)
        self.body.addLayout(methods)
        self.body.addWidget(self.note)
        self.pay = ConfirmButton(_("Pay"), "accent")
        self.pay.confirmed.connect(lambda: self.submit(advance=False))
        self.advance = button("", "danger")
        self.advance.clicked.connect(lambda: self.submit(advance=True))
        self.advance.hide()
        self.foot.addWidget(self.advance)
        self.foot.addWidget(self.pay)
        self._reset()

    def method(self) -> str:
        checked = self.methods.checkedButton()
        return str(checked.property("method")) if checked is not None else "transfer"

    def _reset(self) -> None:
        self.advance.hide()
        self.pay.disarm()
        self.note.setText(_("Cash comes out of the drawer as a pay-out of the open till.")
                          if self.method() == "cash" else "")
        try:
            amount = money(parse_amount(self.amount.text(), allow_zero=False))
        except CafeError:
            amount = "?"
        self.pay.set_question(_("Pay {amount} to {producer}? Tap again").format(amount=amount,
                                                                               producer=self.producer.name))

    def submit(self, advance: bool) -> None:
        method, name = self.method(), self.producer.name
        try:
            cents = parse_amount(self.amount.text(), allow_zero=False)
            self.session.cafe.statements.payout(self.by, name, cents, method, advance=advance)
        except Refused as exc:
            if exc.msgid != ADVANCE_MSGID:
                self.message.error(error_text(exc))
                return
            owed = money(parse_amount(str(exc.params["owed"])))
            self.message.error(_("{producer} is owed {owed}: paying {amount} would be an advance.").format(
                producer=name, owed=owed, amount=money(cents)))
            self.advance.setText(_("Pay {amount} as an advance").format(amount=money(cents)))
            self.advance.show()
            return
        except CafeError as exc:
            self.message.error(error_text(exc))
            return
        self.session.actions.changed.emit(EVENTS)
        checked = self.methods.checkedButton()
        self.paid.emit(_("Paid {amount} to {producer} ({method}).").format(
            amount=money(cents), producer=name, method=checked.text() if checked is not None else method))
        self.accept()


class StatementBatch(QObject):
    """Issues (when not yet issued) and writes the PDF of each producer's statement for a month, one producer
    after the other on a worker thread; a stop takes effect between producers."""

    progressed = QtSignal(int, str)  # producers done, the one being made
    finished = QtSignal(object, bool)  # [(producer, statement number or None, problem or "")], stopped

    def __init__(self, cafe: Cafe, by: Operator, month: str, folder: str, names: list[str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cafe, self.by, self.month, self.folder, self.names = cafe, by, month, Path(folder), names
        self.stop = threading.Event()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="statements")

    def start(self) -> None:
        self.pool.submit(self._run)
        self.pool.shutdown(wait=False)

    def _run(self) -> None:
        from cafepos.adapters.statement_pdf import write_statement_pdf

        results: list[tuple[str, int | None, str]] = []
        for i, name in enumerate(self.names):
            if self.stop.is_set():
                break
            self.progressed.emit(i, name)
            try:
                issued = self.cafe.statements.issued(name, self.month)
                st = issued[-1] if issued else self.cafe.statements.issue(self.by, name, self.month)
                self.folder.mkdir(parents=True, exist_ok=True)
                write_statement_pdf(self.cafe, st, self.folder / f"releve-{self.month}-{slug(name)}.pdf")
                results.append((name, st["number"], ""))
            except CafeError as exc:
                results.append((name, None, error_text(exc)))
            except Exception as exc:  # a file that cannot be written: the next producer still gets theirs
                results.append((name, None, str(exc)))
        self.finished.emit(results, self.stop.is_set() and len(results) < len(self.names))


class BatchDialog(Form):
    """Every producer's statement for a month, into one folder, with a progress bar that can be stopped."""

    summary = QtSignal(str, bool)  # what was made, all went well

    def __init__(self, session: Session, by: Operator, documents: Documents, parent: QWidget | None = None) -> None:
        super().__init__(_("All statements of the month"), parent, 640)
        self.session, self.by, self.documents = session, by, documents
        months = recent_months(today_of(session.cafe))
        self.month = choice("batchMonth", [(month_name(m), m) for m in months])
        self.month.setCurrentIndex(1)  # statements are made at the start of the following month
        self.folder = QLineEdit(str(documents.folder))
        self.folder.setObjectName("batchFolder")
        browse = button(_("Choose…"), tip=_("The folder for the PDFs"))
        browse.clicked.connect(self._browse)
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Month")), 0, 0)
        grid.addWidget(self.month, 0, 1, 1, 2)
        grid.addWidget(QLabel(_("Folder")), 1, 0)
        grid.addWidget(self.folder, 1, 1)
        grid.addWidget(browse, 1, 2)
        note = QLabel(_("Each statement not yet issued is issued (frozen) and saved as a PDF."))
        note.setObjectName("caption")
        note.setWordWrap(True)
        self.body.addLayout(grid)
        self.body.addWidget(note)
        self.start_button = button(_("Make the statements"), "accent")
        self.start_button.clicked.connect(self.start)
        self.foot.addWidget(self.start_button)
        self.batch: StatementBatch | None = None
        self.progress: QProgressDialog | None = None

    def _browse(self) -> None:
        folder = self.documents.choose_folder(self, _("Folder for the statements"))
        if folder:
            self.folder.setText(folder)

    def start(self) -> None:
        names = [p.name for p in self.session.cafe.producers.producers()]
        folder, month = self.folder.text().strip(), str(self.month.currentData())
        if not names or not folder:
            self.message.error(_("Choose a folder for the PDFs.") if names else _("There is no producer yet."))
            return
        self.documents.folder = Path(folder)
        batch = StatementBatch(self.session.cafe, self.by, month, folder, names, self)
        progress = QProgressDialog(_("Statements for {month}…").format(month=month_name(month)),
                                   _("Stop after this producer"), 0, len(names), self.parentWidget())
        progress.setObjectName("statementsProgress")
        progress.setWindowTitle(_("All statements of the month"))
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(batch.stop.set)

        def progressed(i: int, name: str) -> None:
            progress.setValue(i)
            progress.setLabelText(_("{name} ({n} of {count})…").format(name=name, n=i + 1, count=len(names)))

        batch.progressed.connect(progressed)
        batch.finished.connect(self._finished)
        self.batch, self.progress = batch, progress
        self.hide()
        progress.show()
        batch.start()

    def _finished(self, results: list[tuple[str, int | None, str]], stopped: bool) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.session.actions.changed.emit(EVENTS)
        made = [r for r in results if not r[2]]
        problems = [f"{name}: {problem}" for name, _n, problem in results if problem]
        text = _("{count} statements saved in {folder}.").format(count=len(made), folder=self.folder.text())
        if stopped:
            text += " " + _("Stopped before the end: start again to make the others.")
        if problems:
            text += " " + _("Not made: {problems}").format(problems="; ".join(problems))
        self.summary.emit(text, not problems and not stopped)
        self.accept()
