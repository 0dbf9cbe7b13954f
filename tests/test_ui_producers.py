"""Producteurs clicked through offscreen: a producer, a deposit with two lots, the stock on the sale tile, a sale,
a loss and a return, the month's statement issued, a payout with the advance question, a lot recall, every
statement of the month in one go, and the sale refused for a lot past its use-by date with its one-tap loss."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot

from cafepos.adapters.clock import FixedClock
from cafepos.bootstrap import Cafe, open_cafe
from cafepos.domain.cash import parse_count
from cafepos.domain.operators import Operator
from cafepos.domain.ticket import Payment, PaymentMethod, SaleMode
from cafepos.services.consignment import DepositItem, ProducerDraft
from cafepos.services.sales import BasketItem
from cafepos.ui.main_window import MainWindow
from cafepos.ui.producer_dialogs import DepositDialog, GiveBackDialog, NewProducerDialog, RecallDialog
from cafepos.ui.producer_statements import BatchDialog, PayoutDialog, StatementDialog
from cafepos.ui.producer_views import PayloadRole, parse_day
from cafepos.ui.producers_screen import ProducersScreen
from tests.ui_support import logged_in, tap, tap_product

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 5, 4, 9, 0, tzinfo=PARIS))


@pytest.fixture
def shop(cafe_path: Path, clock: FixedClock) -> Iterator[Cafe]:
    c = open_cafe(cafe_path, clock=clock)
    yield c
    c.close()


def producers_screen(qtbot: QtBot, window: MainWindow, saved: list[str]) -> ProducersScreen:
    """The screen as the main window will show it (section "Producteurs"), documents kept in a list."""
    screen = ProducersScreen(window.session)
    screen.documents.show = saved.append  # type: ignore[method-assign]
    window.stack.addWidget(screen)
    window.stack.setCurrentWidget(screen)
    qtbot.waitExposed(screen)
    return screen


def save_to(screen: ProducersScreen, folder: Path) -> None:
    screen.documents.choose = lambda _parent, _title, name, _kind: str(folder / name)  # type: ignore[method-assign]


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def opened(screen: ProducersScreen, kind: type[QDialog]) -> QDialog:
    dialog = screen.dialog
    assert isinstance(dialog, kind) and dialog.isVisible(), dialog
    return dialog


def sell(cafe: Cafe, who: Operator, label: str, qty: int) -> None:
    product = cafe.catalog.resolve(label)
    cafe.sales.ring_up(who, [BasketItem(product.id, qty)], SaleMode.TAKE_AWAY,
                       [Payment(PaymentMethod.CARD, qty * product.price_cents)])


def test_producer_deposit_sale_loss_return_statement_payout_recall(qtbot: QtBot, shop: Cafe, tmp_path: Path) -> None:
    cafe = shop
    window = logged_in(qtbot, cafe, "Nadia", "1234")
    saved: list[str] = []
    screen = producers_screen(qtbot, window, saved)
    save_to(screen, tmp_path)
    assert screen.model.rowCount() == 0 and not screen.buttons["deposit"].isEnabled()

    # A new producer, then a deposit of eggs in two lots through the form.
    tap(qtbot, screen.buttons["newProducer"])
    form = opened(screen, NewProducerDialog)
    form.name.setText("Ferme du Pré")
    form.commission.setText("20")
    tap(qtbot, form.save)
    assert not form.isVisible() and screen.current is not None and screen.current.name == "Ferme du Pré"
    tap(qtbot, screen.buttons["deposit"])
    deposit = opened(screen, DepositDialog)
    for line, (lot, qty, day) in zip(deposit.lines, (("L1", 4, "10/05/2026"), ("L2", 10, "25/05")), strict=False):
        line.label.setText("Oeufs bio x6")
        line.qty.setValue(qty)
        line.price.setText("3,20")
        line.lot.setText(lot)
        line.day.setText(day)
    assert "44,80" in plain(deposit.total.text())
    tap(qtbot, deposit.save)
    assert deposit.pages.currentIndex() == 1 and "14" in deposit.done_text.text()
    tap(qtbot, deposit.pdf)
    qtbot.waitUntil(lambda: bool(saved), timeout=10_000)
    assert saved == [str(tmp_path / "bon-depot-1.pdf")] and Path(saved[0]).stat().st_size > 1000
    tap(qtbot, deposit.close_button)
    assert [(r.cells[1], r.cells[3]) for r in screen.lots_model.rows] == [("L1", "4"), ("L2", "10")]
    assert "44,80" in plain(screen.model.rows[0].cells[2])

    # The sale screen's tile shows the stock; 12 sold at the counter leave 2, which stands out.
    cafe.till.open(cafe.users.acting("Nadia"), parse_count("20x5"))
    tap(qtbot, window.sections["sale"])
    grid = window.sale.grid
    eggs = cafe.catalog.resolve("Oeufs bio x6")
    assert "14" in grid.model.stock_text(eggs) and grid.model.stock[eggs.id] == (14, 0)
    assert "14" in grid.index_of("Oeufs bio x6").data(Qt.ItemDataRole.ToolTipRole)
    qtbot.keyClicks(window.sale, "12")
    tap_product(qtbot, window, "Oeufs bio x6")
    tap(qtbot, window.sale.pay_button)
    tap(qtbot, window.sale.payment.exact)
    tap(qtbot, window.sale.payment.validate)
    tap(qtbot, window.sale.payment.print_no)
    assert grid.model.stock[eggs.id] == (2, 0) and "2" in grid.model.stock_text(eggs)

    # A loss (borne by the producer under this contract) and a return, through the form.
    window.stack.setCurrentWidget(screen)
    assert [(r.cells[1], r.cells[3], r.tone) for r in screen.lots_model.rows] == [("L2", "2", "low")]
    tap(qtbot, screen.buttons["giveBack"])
    give = opened(screen, GiveBackDialog)
    tap(qtbot, give.loss_button)
    assert "producer" in give.bearer.text().lower() or "producteur" in give.bearer.text().lower()
    give.reason.setCurrentText("Cassés")
    tap(qtbot, give.save)
    assert "1" in screen.message.text() and not give.isVisible()
    tap(qtbot, screen.buttons["giveBack"])
    give = opened(screen, GiveBackDialog)
    give.lot.setCurrentIndex(give.lot.findData("L2"))
    tap(qtbot, give.save)
    assert cafe.producers.products_of("Ferme du Pré")[0][1:] == (0, 0)

    # The statement: preview, issue (two taps, the amount on the second), PDF and CSV.
    tap(qtbot, screen.buttons["statement"])
    statement = opened(screen, StatementDialog)
    assert statement.statement["number"] is None and statement.current_month() == "2026-05"
    draft = cafe.statements.compute("Ferme du Pré", "2026-05")
    assert plain(statement.figures["net_due_cents"].text()) == "30,72 €" == plain(
        f"{draft['net_due_cents'] // 100},{draft['net_due_cents'] % 100:02d} €")
    tap(qtbot, statement.issue_button)
    assert "30,72" in plain(statement.issue_button.text())
    tap(qtbot, statement.issue_button)
    (issued,) = cafe.statements.issued("Ferme du Pré", "2026-05")
    assert issued["number"] == 1 and statement.statement["number"] == 1
    assert (issued["gross_cents"], issued["commission_ttc_cents"], issued["net_due_cents"]) == (3840, 768, 3072)
    assert [(x["lot"], x["sold_qty"], x["lost_qty"], x["returned_qty"], x["closing_qty"]) for x in issued["lines"]] == [
        ("L1", 4, 0, 0, 0), ("L2", 8, 1, 1, 0)]
    tap(qtbot, statement.pdf)
    qtbot.waitUntil(lambda: len(saved) == 2, timeout=10_000)
    assert saved[1].endswith("releve-2026-05-ferme-du-pre.pdf")
    tap(qtbot, statement.csv)
    rows = list(csv.reader((tmp_path / "releve-2026-05-ferme-du-pre.csv").open(encoding="utf-8")))
    assert ["total", "", "net_due_cents", "", "", "", "3072", ""] in rows
    tap(qtbot, statement.close_button)
    assert [r.cells[1] for r in screen.statements_model.rows] and "30,72" in plain(screen.balance.text())

    # Paying more than owed asks for an advance, with the amount.
    tap(qtbot, screen.buttons["payout"])
    pay = opened(screen, PayoutDialog)
    assert plain(pay.amount.text()) == "30,72"
    pay.amount.setText("40")
    tap(qtbot, pay.pay)
    assert "40,00" in plain(pay.pay.text())
    tap(qtbot, pay.pay)
    assert pay.advance.isVisible() and "40,00" in plain(pay.advance.text()) and "30,72" in plain(pay.message.text())
    tap(qtbot, pay.advance)
    assert not pay.isVisible() and cafe.statements.balance("Ferme du Pré")["balance_cents"] == 3072 - 4000
    assert "40,00" in plain(screen.message.text())

    # A recall of lot L1: the sale, with its ticket.
    tap(qtbot, screen.buttons["recall"])
    recall = opened(screen, RecallDialog)
    recall.code.setText("L1")
    qtbot.keyClick(recall.code, Qt.Key.Key_Return)
    assert [(r.cells[3], r.cells[4]) for r in recall.model.rows] == [("4", "T1-000001")]
    recall.code.setText("X9")
    recall.find_sales()
    assert recall.message.kind == "error" and recall.model.rowCount() == 0


def test_every_statement_of_the_month_on_a_worker(qtbot: QtBot, shop: Cafe, clock: FixedClock,
                                                 tmp_path: Path) -> None:
    cafe = shop
    nadia = cafe.users.acting("Nadia")
    for name, rate in (("Ferme du Pré", 2000), ("Fromagerie Dupuis", 2500)):
        cafe.producers.add_producer(nadia, ProducerDraft(name, rate))
        cafe.producers.deposit(nadia, name, [DepositItem(f"Tomme {rate}", 5, 1200, f"T{rate}", "2026-05-30")])
    cafe.till.open(nadia, parse_count("20x5"))
    sell(cafe, nadia, "Tomme 2000", 2)
    clock.moment = datetime(2026, 6, 2, 10, 0, tzinfo=PARIS)
    window = logged_in(qtbot, cafe, "Nadia", "1234")
    screen = producers_screen(qtbot, window, [])
    assert [r.payload for r in screen.model.rows] == ["Ferme du Pré", "Fromagerie Dupuis"]
    screen.search.setText("dupuis")
    assert screen.proxy.rowCount() == 1 and screen.proxy.index(0, 0).data(PayloadRole) == "Fromagerie Dupuis"
    screen.search.clear()

    tap(qtbot, screen.buttons["allStatements"])
    batch = opened(screen, BatchDialog)
    assert batch.month.currentData() == "2026-05"
    batch.folder.setText(str(tmp_path / "releves"))
    tap(qtbot, batch.start_button)
    assert batch.progress is not None
    qtbot.waitUntil(lambda: screen.dialog is None and screen.message.isVisible(), timeout=15_000)
    assert sorted(p.name for p in (tmp_path / "releves").iterdir()) == [
        "releve-2026-05-ferme-du-pre.pdf", "releve-2026-05-fromagerie-dupuis.pdf"]
    assert [cafe.statements.issued(n, "2026-05")[0]["number"] for n in ("Ferme du Pré", "Fromagerie Dupuis")] == [1, 2]
    assert screen.message.kind == "info" and "2" in screen.message.text()
    assert "19,20" in plain(screen.model.rows[0].cells[3])  # 24,00 − 20 % now owed to Ferme du Pré


def test_a_lot_past_its_use_by_date_is_refused_with_a_one_tap_loss(qtbot: QtBot, shop: Cafe, clock: FixedClock) -> None:
    cafe = shop
    nadia = cafe.users.acting("Nadia")
    cafe.producers.add_producer(nadia, ProducerDraft("Fromagerie Dupuis", 2500, losses_borne_by="cafe"))
    cafe.producers.deposit(nadia, "Fromagerie Dupuis", [DepositItem("Faisselle", 3, 280, "F1", "2026-05-05")])
    clock.moment = datetime(2026, 5, 7, 10, 0, tzinfo=PARIS)
    cafe.till.open(nadia, parse_count("20x5"))
    window = logged_in(qtbot, cafe)  # Paul: the loss asks for a manager's PIN
    sale, faisselle = window.sale, cafe.catalog.resolve("Faisselle")
    assert sale.grid.model.stock[faisselle.id] == (0, 3) and "3" in sale.grid.model.stock_text(faisselle)
    tap_product(qtbot, window, "Faisselle")  # greyed, still tappable
    tap_product(qtbot, window, "Café")
    tap(qtbot, sale.pay_button)
    tap(qtbot, sale.payment.exact)
    tap(qtbot, sale.payment.validate)
    qtbot.waitUntil(lambda: sale.expired_offer.button.isVisible(), timeout=3000)
    assert not sale.payment.isVisible() and sale.message.kind == "error" and "F1" in sale.message.text()
    offer: QPushButton = sale.expired_offer.button
    assert "Faisselle" in offer.text() and "F1" in offer.text()
    tap(qtbot, offer)
    assert window.manager_pin.isVisible()
    for digit in "1234":
        tap(qtbot, window.manager_pin.pad.keypad.buttons[digit])
    tap(qtbot, window.manager_pin.pad.keypad.buttons["OK"])
    assert not offer.isVisible() and [line.label for line in sale.basket.lines] == ["Café"]
    assert sale.message.kind == "info" and "3" in sale.message.text()
    assert cafe.producers.products_of("Fromagerie Dupuis")[0][1:] == (0, 0)
    st = cafe.statements.compute("Fromagerie Dupuis", "2026-05")
    assert [(x["lot"], x["qty"], x["borne_by"], x["value_cents"]) for x in st["losses"]] == [("F1", 3, "cafe", 840)]
    assert sale.grid.model.stock[faisselle.id] == (0, 0)


def test_dates_as_typed() -> None:
    today = datetime(2026, 5, 4).date()
    assert parse_day("25/12/2026", today) == "2026-12-25"
    assert parse_day("25/12/26", today) == parse_day("25.12", today) == parse_day("2026-12-25", today)
    assert parse_day(" ", today) is None
    with pytest.raises(Exception, match="date"):
        parse_day("31/02/2026", today)
