"""What the counter does to stay fast, checked to change nothing a person sees or gets.

The shelf's categories, the ticket's lines and the amounts are painted by hand (docs/benchmarks.md, "The counter
window"), the payment page is made after the first paint and lives inside the main window, and the printer's
thread is left alone when there is nothing to print: each shortcut is held to what it replaces.
"""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from cafepos.adapters.formatting import Formatter
from cafepos.bootstrap import Cafe
from cafepos.domain.cash import parse_count
from cafepos.domain.ticket import PaymentMethod
from cafepos.ui import theme
from cafepos.ui.product_grid import ProductRole
from cafepos.ui.text import clock_text, euros
from cafepos.ui.widgets import SteadyLabel
from tests.ui_support import logged_in, pay_exact, tap, tap_product


@pytest.fixture(autouse=True)
def till_open(cafe: Cafe) -> None:
    cafe.till.open(cafe.users.acting("Nadia"), parse_count("20x5"))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_amounts_are_written_as_babel_writes_them(language: str) -> None:
    babel = Formatter(language)
    rng = random.Random(7)
    amounts = [*range(-2_000, 2_000), *(rng.randrange(-10**12, 10**12) for _ in range(2_000)),
               *(10**k for k in range(14)), *(-(10**k) for k in range(14))]
    assert [a for a in amounts if euros(a, language) != babel.money(a)] == []


def test_the_clock_reads_as_babel_writes_it() -> None:
    import datetime as dt

    moment = dt.datetime(2026, 3, 7, 9, 5)
    assert clock_text(moment) == Formatter("fr").datetime(moment) == Formatter("en").datetime(moment)


def test_a_steady_label_keeps_its_size_and_answers_its_text(qtbot: QtBot) -> None:
    label = SteadyLabel("9 999,99 €")
    qtbot.addWidget(label)
    hint = label.sizeHint()
    label.setText("1,30 €")
    assert label.text() == "1,30 €" and label.sizeHint() == hint
    label.show()
    image = QImage(label.size(), QImage.Format.Format_ARGB32)
    label.render(image)  # paints without error, text and all


class LayoutRequests(QObject):
    """Which of `widgets` were asked to lay themselves out again (by class name), from now on."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self.seen: list[str] = []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.seen.append(type(watched).__name__)
        return False


def _ink(image: QImage, ground: QImage) -> QRect:
    """The box of the pixels where `image` differs from `ground` (the text drawn on it)."""
    box = QRect()
    for y in range(image.height()):
        for x in range(image.width()):
            if image.pixel(x, y) != ground.pixel(x, y):
                box = box.united(QRect(x, y, 1, 1))
    return box


@pytest.mark.parametrize("align", ["left", "right", "centre"])
def test_a_wrapping_steady_label_places_its_lines_as_a_qlabel_does(qtbot: QtBot, align: str) -> None:
    """Lines of a wrapping SteadyLabel (what is paid so far, what a sale recorded) stand where a word-wrapped QLabel
    puts them, line by line; a new text only repaints it, and a text taller than its room makes it grow."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    flags = {"left": Qt.AlignmentFlag.AlignLeft, "right": Qt.AlignmentFlag.AlignRight,
             "centre": Qt.AlignmentFlag.AlignHCenter}[align] | Qt.AlignmentFlag.AlignVCenter
    host, other = QWidget(), QWidget()  # the QLabel beside it, in a host of its own (its texts lay that one out)
    for widget in (host, other):
        widget.setStyleSheet(theme.STYLESHEET)
        qtbot.addWidget(widget)
    sample = "Already paid: 9 999,99 €\nStill due: 9 999,99 €"
    steady, plain = SteadyLabel(sample, theme.BACKGROUND, host, wrap=True), QLabel(other)
    plain.setWordWrap(True)
    for label in (steady, plain):
        label.setObjectName("caption")
        label.setAlignment(flags)
    column = QVBoxLayout(host)
    column.addWidget(steady)
    column.addStretch(1)
    for widget in (host, other):
        widget.resize(320, 200)
        widget.show()
        qtbot.waitExposed(widget)
    plain.setGeometry(steady.geometry())
    hint = steady.sizeHint()
    assert hint.height() >= 2 * steady.fontMetrics().height()  # the sample's two lines

    class Requests(QObject):
        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.LayoutRequest:
                self.count += 1
            return False

    requests = Requests()
    QApplication.processEvents()
    host.installEventFilter(requests)
    blank, blank_plain = steady.grab().toImage(), plain.grab().toImage()
    for text in ("Already paid: 10,00 €\nStill due: 3,50 €", "Cash 10,00 €", "Already paid: 1,00 €\nStill due: 0,10 €"):
        steady.setText(text)
        plain.setText(text)
        QApplication.processEvents()
        assert steady.text() == text and steady.sizeHint() == hint
        mine, theirs = steady.grab().toImage(), plain.grab().toImage()
        for top, bottom in ((0, mine.height() // 2), (mine.height() // 2, mine.height())):  # each line
            band = QRect(0, top, mine.width(), bottom - top)
            a, b = _ink(mine.copy(band), blank.copy(band)), _ink(theirs.copy(band), blank_plain.copy(band))
            assert a.isNull() == b.isNull(), text
            if not a.isNull():
                assert abs(a.left() - b.left()) <= 2 and abs(a.right() - b.right()) <= 2, (text, a, b)
                assert abs(a.center().y() - b.center().y()) <= 2, (text, a, b)
    assert requests.count == 0  # repainted, never laid out again
    long = " ".join(["Titre-restaurant 9,99 €"] * 6)
    steady.setText(long)
    QApplication.processEvents()
    assert steady.height() > hint.height() and steady.text() == long  # taller than its room: it grew
    image = steady.grab().toImage()
    steady.setText("")
    drawn = _ink(image, steady.grab().toImage())
    assert drawn.height() > hint.height()  # every line shows, none cut at the old room's height


def test_a_payment_repaints_the_page_without_laying_it_out_again(qtbot: QtBot, cafe: Cafe) -> None:
    """What is paid and what is still due change at each payment: the page keeps their room, so a tap on a
    payment only repaints (laying the page out again cost a sixth of a millisecond at every sale)."""
    window = logged_in(qtbot, cafe)
    sale = window.sale
    qtbot.waitUntil(lambda: sale._payment is not None)
    page = sale.payment
    requests = LayoutRequests(page.tender_page, page.receipt_page, page, sale)
    tap_product(qtbot, window, "Café")
    tap_product(qtbot, window, "Croissant")
    tap(qtbot, sale.pay_button)
    QApplication.processEvents()
    requests.seen.clear()
    due = page.tender.remaining_cents
    page.entry.setText("1")
    tap(qtbot, page.method_buttons[PaymentMethod.CASH])  # 1 € in cash: part paid, the rest still due
    rest = euros(due - 100, "fr")
    assert "1,00" in page.paid.text() and rest in page.paid.text() and "1,00" in page.parts.text()
    tap(qtbot, page.method_buttons[PaymentMethod.CARD])
    assert page.validate.isEnabled() and rest in page.parts.text()
    QApplication.processEvents()
    assert requests.seen == []
    tap(qtbot, page.validate)  # the receipt's question comes in place of the keys (a switch of the stack's pages)
    assert "T1-000001" in page.done_label.text() and page.receipt_page.isVisible()
    QApplication.processEvents()
    assert "PlainOnce" not in requests.seen  # what was recorded is written in the room kept for it
    tap(qtbot, page.print_no)
    assert cafe.sales.ticket(1).payload["total_cents"] == due


def test_categories_are_chosen_by_a_tap_or_the_keyboard(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    grid = window.sale.grid
    bar = grid.categories
    names = bar.names
    assert len(names) >= 3 and bar.current() == names[0] and grid.shelf.category == names[0]
    chosen: list[object] = []
    bar.chosen.connect(chosen.append)
    cell = bar._cells[2]
    tap(qtbot, bar, cell.center())
    assert chosen == [names[2]] and bar.current() == names[2] and grid.shelf.category == names[2]
    assert {p.category for p in (grid.model.rows[grid.shelf.mapToSource(grid.shelf.index(r, 0)).row()]
                                 for r in range(grid.shelf.rowCount()))} == {names[2]}
    gap = QPoint(bar._cells[0].right() + 3, bar._cells[0].center().y())
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=gap)
    assert bar.current() == names[2]  # between two cells: nothing chosen
    bar.setFocus()
    qtbot.keyClick(bar, Qt.Key.Key_Right)
    qtbot.keyClick(bar, Qt.Key.Key_Space)
    assert bar.current() == names[3] and grid.shelf.category == names[3]
    grid.search.setText("caf")
    assert not bar.isEnabled()
    grid.search.clear()
    grid.step_category(1)
    assert bar.current() == names[4] and grid.shelf.category == names[4]


def test_ticket_lines_that_do_not_fit_are_wrapped_and_cut_as_before(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    sale = window.sale
    for label in ("Café", "Croissant"):
        tap_product(qtbot, window, label)
    sale.basket.discount(0, 20, "Un geste pour un client fidèle depuis des années, et même davantage")
    table = sale.table
    table.setFocus()
    image = QImage(table.viewport().size(), QImage.Format.Format_ARGB32)
    table.viewport().render(image)  # the discount's two lines go through Qt's own delegate, the rest by hand
    assert sale.model.text(0, 1).count("\n") == 1 and table.current_row() == 1


def test_ticket_lines_placed_once_show_what_drawing_each_cell_would(qtbot: QtBot, cafe: Cafe) -> None:
    """A line's texts are laid out and placed once and drawn together (LineDelegate.placed_line): the ticket must
    show exactly the pixels of drawing it cell by cell, with a selected line, a discount's second line, a long
    label, the keyboard's frame and a line that moved up."""
    window = logged_in(qtbot, cafe)
    sale = window.sale
    table = sale.table
    viewport = table.viewport()
    labels = [p.label for p in sale.grid.model.rows if p.producer_id is None][:4]

    def placed_and_drawn() -> tuple[QImage, QImage]:
        placed = viewport.grab().toImage()
        table.delegate.placed_line = lambda *args: None  # type: ignore[method-assign]  # cell by cell
        try:
            drawn = viewport.grab().toImage()
        finally:
            del table.delegate.placed_line
        return placed, drawn

    for label in labels:
        tap_product(qtbot, window, label)
    placed, drawn = placed_and_drawn()
    assert placed == drawn, "lines, the last selected"
    used = len(table.delegate._placed)
    assert used  # the lines were placed
    table.select(1)
    placed, drawn = placed_and_drawn()
    assert placed == drawn, "another line selected"
    sale.basket.discount(2, 20, "Un geste pour un client fidèle depuis des années, et même davantage")
    placed, drawn = placed_and_drawn()
    assert placed == drawn, "a discount on two lines"
    table.select(0)
    sale.remove_line()
    placed, drawn = placed_and_drawn()
    assert placed == drawn, "a line removed, the rest moved up"
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    placed, drawn = placed_and_drawn()
    assert placed == drawn, "framed for the keyboard"


def test_the_payment_page_is_made_after_the_first_paint_and_kept_inside_the_window(qtbot: QtBot,
                                                                                   cafe: Cafe) -> None:
    """No window of its own: a dialog's native window cost 2.5 MB at the first sale (the memory target)."""
    window = logged_in(qtbot, cafe)
    sale = window.sale
    qtbot.waitUntil(lambda: sale._payment is not None)
    page = sale.payment
    for _ in range(2):
        tap_product(qtbot, window, "Café")
        tap(qtbot, sale.pay_button)
        assert page.isVisible() and sale.paying and sale.left.currentWidget() is page
        assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]
        assert sale.table.isVisible() and sale.model.rowCount() == 1  # the ticket stays in view beside it
        tap(qtbot, page.exact)
        tap(qtbot, page.validate)
        tap(qtbot, page.print_no)
        assert not page.isVisible() and not sale.paying and sale.left.currentWidget() is sale.grid
    assert sale.payment is page and not page.testAttribute(Qt.WidgetAttribute.WA_NativeWindow)
    assert [cafe.sales.ticket(n).payload["total_cents"] for n in (1, 2)] == [130, 130]


def test_without_a_printer_a_sale_does_not_wake_the_printer_thread(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    assert not window.session.settings.printer_uri
    tap_product(qtbot, window, "Café")
    pay_exact(qtbot, window)
    assert window.printing._pool is None and cafe.sales.ticket(1).payload["total_cents"] == 130
    with qtbot.waitSignal(window.printing.finished, timeout=15_000):  # asked for, the receipt still gets an answer
        window.ticket_signed(cafe.sales.ticket(1), True)
    assert window.message.kind == "error"


def test_the_confirmation_after_a_sale_does_not_move_the_ticket(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    sale = window.sale
    tap_product(qtbot, window, "Café")
    where = sale.table.geometry(), sale.pay_button.geometry()
    pay_exact(qtbot, window)
    assert sale.message.isVisible() and "T1-000001" in sale.message.text()
    qtbot.wait(10)
    assert (sale.table.geometry(), sale.pay_button.geometry()) == where
    for _ in range(5):
        QApplication.processEvents()
    requests = LayoutRequests(window, window.centralWidget(), sale, sale.panel)
    tap_product(qtbot, window, "Café")
    assert sale.message.text() == "" and (sale.table.geometry(), sale.pay_button.geometry()) == where
    for _ in range(5):  # a pass laying a widget out climbs one level a turn of the event loop
        QApplication.processEvents()
    assert requests.seen == [], requests.seen  # the sentence cleared, the line repainted: nothing laid out again

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            self.count += event.type() == QEvent.Type.Paint
            return False

    paints = Paints()
    sale.message.installEventFilter(paints)
    for label in ("Croissant", "Café", "Croissant"):  # each tap clears the line again: it is clear already
        tap_product(qtbot, window, label)
        QApplication.processEvents()
    assert paints.count == 0 and sale.message.text() == ""
    sale.message.removeEventFilter(paints)
    tap(qtbot, sale.pay_button)
    tap(qtbot, sale.payment.exact)
    tap(qtbot, sale.payment.validate)
    requests.seen.clear()
    tap(qtbot, sale.payment.print_no)
    assert "T1-000002" in sale.message.text()
    for _ in range(5):
        QApplication.processEvents()
    assert "TicketPanel" not in requests.seen


@pytest.mark.parametrize("kind", ["info", "error"])
def test_a_message_line_that_keeps_its_room_shows_what_a_qlabel_shows(qtbot: QtBot, kind: str) -> None:
    """The ticket's message line paints its sentence itself (see MessageLine.keep_room): the same pixels as the
    QLabel it is, for a short sentence, a long one that wraps and grows the line, and none at all."""
    from cafepos.ui.widgets import MessageLine

    host = QWidget()
    host.setStyleSheet(theme.STYLESHEET)
    qtbot.addWidget(host)
    plain, kept = MessageLine(host), MessageLine(host)
    kept.keep_room()
    host.resize(420, 320)
    host.show()
    qtbot.waitExposed(host)
    for text in ("Ticket T1-000001 recorded: 1,30 €.", "The business day 2026-11-27 was not closed: a manager "
                 "must close it (Z). Ticket T1-000002 recorded: 3,20 €.", "Short."):
        for line in (plain, kept):
            getattr(line, kind)(text)
        height = max(line.heightForWidth(400) for line in (plain, kept))
        for line, top in ((plain, 10), (kept, 160)):
            line.setGeometry(10, top, 400, height)
        QApplication.processEvents()
        assert kept.text() == plain.text() == text
        assert kept.grab().toImage() == plain.grab().toImage(), text
    kept.clear_message()
    QApplication.processEvents()
    cleared = host.grab(kept.geometry()).toImage()
    kept.hide()
    QApplication.processEvents()
    assert kept.text() == "" and cleared == host.grab(kept.geometry()).toImage()  # no box around nothing


def test_what_is_on_screen_is_what_a_full_repaint_would_show(qtbot: QtBot, cafe: Cafe) -> None:
    """The shelf and the ticket repaint only what changed: after switches, taps, removals and scrolls, the screen's
    pixels must still be those of a full repaint."""
    from PySide6.QtWidgets import QApplication

    window = logged_in(qtbot, cafe)
    sale = window.sale
    screen = QApplication.primaryScreen()
    rng = random.Random(5)
    labels = [p.label for p in sale.grid.model.rows if p.producer_id is None]

    def same() -> bool:
        """Once the event loop has had its turns (a busy machine can delay one by a few milliseconds): a region
        left unpainted stays wrong however long it waits."""
        for _ in range(10):
            qtbot.wait(5)
            shown, fresh = screen.grabWindow(window.winId()).toImage(), window.grab().toImage()
            if shown.size() != fresh.size() or shown.copy(0, 60, shown.width(), shown.height() - 60) == fresh.copy(
                    0, 60, fresh.width(), fresh.height() - 60):  # below the top bar (its clock may tick)
                return True
        return False

    for step in range(60):
        if step % 7 == 6 and sale.basket.lines:
            sale.table.select(rng.randrange(len(sale.basket.lines)))
            sale.remove_line()
        elif step % 11 == 10:
            sale.table.verticalScrollBar().setValue(rng.randrange(sale.table.verticalScrollBar().maximum() + 1))
        else:
            tap_product(qtbot, window, rng.choice(labels))
        assert same(), step

    # The payment page shows plain and turns opaque at its first paint (PlainOnce): each step of three sales must
    # still leave the pixels of a full repaint, the shelf's included when it comes back.
    for sale_number in range(3):
        if not sale.basket.lines:
            tap_product(qtbot, window, rng.choice(labels))
        tap(qtbot, sale.pay_button)
        assert same(), ("payment", sale_number)
        tap(qtbot, sale.payment.method_buttons[PaymentMethod.CARD])
        assert same(), ("card", sale_number)
        tap(qtbot, sale.payment.validate)
        assert same(), ("validated", sale_number)
        tap(qtbot, sale.payment.print_no)
        assert same(), ("back", sale_number)


def test_the_shelf_copied_from_its_kept_images_shows_what_drawing_its_tiles_would(qtbot: QtBot, cafe: Cafe) -> None:
    """Each category's tiles are drawn once into an image and copied at every switch to it (TileView._kept_shelf):
    every category, the keyboard's frame and a new price must show exactly the pixels of drawing the tiles."""
    import dataclasses

    window = logged_in(qtbot, cafe)
    grid = window.sale.grid
    view = grid.view
    qtbot.waitUntil(lambda: len(view._shelves) >= len(grid.categories.names))  # drawn after the first paint

    def copied_and_drawn() -> tuple[QImage, QImage]:
        copied = view.viewport().grab().toImage()
        shared, view.categories = view.categories, 10**9  # no image may be kept: the tiles are drawn
        try:
            drawn = view.viewport().grab().toImage()
        finally:
            view.categories = shared
        return copied, drawn

    for name in grid.categories.names:
        grid.show_category(name)
        kept = len(view._shelves)
        copied, drawn = copied_and_drawn()
        assert copied == drawn, name
        assert len(view._shelves) == kept, name  # copied from what the start drew, nothing drawn anew

    grid.show_category(max(grid.categories.names, key=lambda name: sum(p.category == name for p in grid.model.rows)))
    unframed, _ = copied_and_drawn()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.setCurrentIndex(grid.shelf.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Right)  # the keyboard's frame on the second tile
    assert view._focus_row() == 1
    kept = len(view._shelves)
    copied, drawn = copied_and_drawn()
    assert copied == drawn, "framed"
    assert copied != unframed  # the frame shows
    assert len(view._shelves) == kept  # drawn over the copy, not kept as another image

    before = copied
    shown = grid.shelf.index(0, 0).data(ProductRole)
    rows = [dataclasses.replace(p, price_cents=p.price_cents + 1000) if p.id == shown.id else p
            for p in grid.model.rows]
    grid.load(rows, cafe.catalog.categories())
    copied, drawn = copied_and_drawn()
    assert copied == drawn, "new price"
    assert copied != before  # the new price shows: the old image was forgotten


def test_the_shelf_frames_a_tile_for_the_keyboard_not_for_a_tap(qtbot: QtBot, cafe: Cafe) -> None:
    """A tapped tile shows no frame (a finger needs none); an arrow key or Tab shows the keyboard's tile, and Space
    adds it."""
    window = logged_in(qtbot, cafe)
    sale, view = window.sale, window.sale.grid.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    tap_product(qtbot, window, "Café")
    assert view.hasFocus() and view.currentIndex().isValid()
    assert view._focus_row() == -1
    unframed = view.viewport().grab().toImage()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view._focus_row() == view.currentIndex().row()
    assert view.viewport().grab().toImage() != unframed
    before = len(sale.basket.lines)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert len(sale.basket.lines) == before + 1
    tap_product(qtbot, window, "Café")
    assert view._focus_row() == -1  # a tap again: no frame


def on_ground(what: QImage | QWidget) -> QImage:
    """An image, or a widget drawn without any background of its own, over the screen's ground, as it shows (a
    button leaves its rounded corners to what is behind it)."""
    from PySide6.QtGui import QColor, QPainter, QRegion

    size = what.size()
    flat = QImage(size, QImage.Format.Format_RGB32)
    flat.fill(QColor(theme.BACKGROUND))
    if isinstance(what, QImage):
        painter = QPainter(flat)
        painter.drawImage(0, 0, what)
        painter.end()
    else:
        what.render(flat, QPoint(0, 0), QRegion(), QWidget.RenderFlag.DrawChildren)
    return flat


def test_the_painted_payment_keys_look_like_the_theme_s_key_buttons(qtbot: QtBot, cafe: Cafe) -> None:
    """The payment's keypad is painted as one widget; each key must be what a `QPushButton#key` of the theme
    would show at that size, at rest and pressed, and a tap must type it."""
    from PySide6.QtWidgets import QPushButton

    window = logged_in(qtbot, cafe)
    sale = window.sale
    tap_product(qtbot, window, "Café")
    tap(qtbot, sale.pay_button)
    keys = sale.payment.keypad
    for size in ((1280, 800), (1024, 768)):  # the keys at rest are kept as one image per size of the keypad
        window.resize(*size)
        qtbot.wait(20)
        for key in ("7", "00", ","):
            cell = keys.key_rect(key)
            real = QPushButton(key)  # drawn by Qt itself, not a FaceButton
            real.setObjectName("key")
            real.setParent(sale.payment.tender_page)  # under the window's style sheet, as the keypad
            real.setGeometry(QRect(QPoint(0, 0), cell.size()))
            real.show()
            for down in (False, True):
                real.setDown(down)
                keys._down = keys.keys.index(key) if down else -1
                assert on_ground(keys.grab(cell).toImage()) == on_ground(real), (key, down, size)
            real.deleteLater()
        keys._down = -1
    qtbot.mouseClick(keys, Qt.MouseButton.LeftButton, pos=keys.key_rect("4").center())
    assert sale.payment.entry.text() == "4"


@pytest.mark.parametrize("look", ["", "pay", "quick", "method", "tool", "big", "key", "danger"])
def test_a_button_that_keeps_its_looks_shows_what_qt_would_draw(qtbot: QtBot, look: str) -> None:
    """A FaceButton copies each look it drew once; every look (at rest, pressed, checked, disabled, framed for the
    keyboard, a new text) must be what a plain QPushButton of the theme shows: the same pixels, but for a level or two
    of a colour where an antialiased edge was kept over a see-through ground (the rounding of the blend)."""
    from PySide6.QtWidgets import QPushButton

    from cafepos.ui.widgets import FaceButton, Ground

    ground = Ground()
    ground.setStyleSheet(theme.STYLESHEET)
    ground.resize(700, 200)
    qtbot.addWidget(ground)
    kept, plain = FaceButton("Payer 12,50 €", ground), QPushButton("Payer 12,50 €", ground)
    for at, b in ((0, kept), (350, plain)):
        if look == "danger":
            b.setProperty("danger", True)
        elif look:
            b.setObjectName(look)
        b.setCheckable(look == "")
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # framed only in the last step
        b.setGeometry(at + 10, 10, 300, 80)
    ground.show()
    qtbot.waitExposed(ground)

    def same(step: str) -> None:
        for _ in range(2):  # the second time from the kept look
            kept.update()
            assert differ_by(on_ground(kept), on_ground(plain)) <= 2, (look, step)

    same("at rest")
    for b in (kept, plain):
        b.setDown(True)
    same("pressed")
    for b in (kept, plain):
        b.setDown(False)
        b.setChecked(True)
    same("checked")
    for b in (kept, plain):
        b.setChecked(False)
        b.setEnabled(False)
    same("disabled")
    for b in (kept, plain):
        b.setEnabled(True)
        b.setText("Rendu 7,40 €")
    same("a new text")
    for b in (kept, plain):
        b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    ground.activateWindow()
    qtbot.waitUntil(ground.isActiveWindow)
    plain.setFocus()
    assert plain.hasFocus()
    same_focus = on_ground(plain)
    kept.setFocus()
    assert kept.hasFocus()
    assert differ_by(on_ground(kept), same_focus) <= 2, (look, "framed")


def differ_by(a: QImage, b: QImage) -> int:
    """The largest difference of one colour channel between two images of a size (255: not the same size)."""
    if a.size() != b.size():
        return 255
    a, b = a.convertToFormat(QImage.Format.Format_RGB32), b.convertToFormat(QImage.Format.Format_RGB32)
    return max((abs(x - y) for x, y in zip(bytes(a.constBits()), bytes(b.constBits()), strict=True)), default=0)


@pytest.mark.parametrize("align", ["left", "right", "centre"])
def test_an_amount_kept_as_an_image_shows_what_drawing_it_would(qtbot: QtBot, align: str) -> None:
    """The change to give is in type too large for Qt's glyph cache, so a SteadyLabel on a ground keeps each such
    text as an image: it must show exactly the pixels of drawing the text, wherever the alignment puts it (a
    fraction of a pixel included), and follow a new text, a new colour and a new size."""
    from cafepos.ui.widgets import SteadyLabel

    flags = {"left": Qt.AlignmentFlag.AlignLeft, "right": Qt.AlignmentFlag.AlignRight,
             "centre": Qt.AlignmentFlag.AlignHCenter}[align] | Qt.AlignmentFlag.AlignVCenter
    host = QWidget()
    host.setStyleSheet(theme.STYLESHEET)
    qtbot.addWidget(host)
    kept, drawn = SteadyLabel("999 999,99 €", theme.BACKGROUND, host), SteadyLabel("999 999,99 €", theme.BACKGROUND,
                                                                                     host)
    drawn.KEEP_FROM_PX = 10_000  # this one always draws its text
    for at, label in ((0, kept), (300, drawn)):
        label.setObjectName("change")
        label.setAlignment(flags)
        label.setGeometry(0, at, 517, 91)  # odd sizes: a centred text falls on half a pixel
    host.resize(600, 400)
    host.show()
    qtbot.waitExposed(host)
    assert theme.SIZE_CHANGE >= SteadyLabel.KEEP_FROM_PX  # the case this is for
    for text in ("11,30 €", "0,00 €", "1 234,56 €", "11,30 €"):
        for label in (kept, drawn):
            label.setText(text)
        assert kept.grab().toImage() == drawn.grab().toImage(), text
    assert kept._kept  # it did keep them
    for label in (kept, drawn):
        label.setStyleSheet("color: #b3261e; font-size: 90px;")
    assert kept.grab().toImage() == drawn.grab().toImage(), "new colour and size"

    def as_new(label: SteadyLabel) -> QImage:
        """The label's text as a new label, which has kept nothing yet, shows it."""
        new = SteadyLabel("999 999,99 €", theme.BACKGROUND, host)
        new.KEEP_FROM_PX = label.KEEP_FROM_PX
        new.setObjectName("change")
        new.setStyleSheet(label.styleSheet())
        new.setAlignment(label.alignment())
        new.setGeometry(label.geometry())
        new.setText(label.text())
        new.show()
        image = new.grab().toImage()
        new.deleteLater()
        return image

    for label, at in ((kept, 0), (drawn, 300)):  # each text's place is kept too: a new size or alignment moves it
        label.setGeometry(0, at, 561, 101)
    for label in (kept, drawn):
        assert label.grab().toImage() == as_new(label), "new size"
    for label in (kept, drawn):
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter if align != "left"
                           else Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        assert label.grab().toImage() == as_new(label), "new alignment"


def test_a_tapped_button_shows_its_pressed_look_and_lets_its_action_repaint(qtbot: QtBot) -> None:
    """A FaceButton does not repaint itself on the spot when pressed or let go: the look follows at the next turn
    of the event loop. Its action must find it able to repaint (an action may open a dialog and wait)."""
    from PySide6.QtWidgets import QPushButton

    from cafepos.ui.widgets import FaceButton, Ground

    ground = Ground()
    ground.setStyleSheet(theme.STYLESHEET)
    qtbot.addWidget(ground)
    kept, plain = FaceButton("Valider", ground), QPushButton("Valider", ground)
    for at, b in ((0, kept), (200, plain)):
        b.setObjectName("pay")
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.setGeometry(at + 10, 10, 180, 72)
    ground.resize(420, 100)
    ground.show()
    qtbot.waitExposed(ground)
    seen: list[bool] = []
    kept.clicked.connect(lambda: seen.append(kept.updatesEnabled()))
    kept.pressed.connect(lambda: seen.append(kept.updatesEnabled()))
    qtbot.mousePress(kept, Qt.MouseButton.LeftButton, pos=kept.rect().center())
    plain.setDown(True)
    qtbot.wait(1)
    shown = QApplication.primaryScreen().grabWindow(ground.winId()).toImage()
    assert differ_by(shown.copy(kept.geometry()), shown.copy(plain.geometry())) <= 2  # pressed, on screen
    qtbot.mouseRelease(kept, Qt.MouseButton.LeftButton, pos=kept.rect().center())
    plain.setDown(False)
    qtbot.wait(1)
    shown = QApplication.primaryScreen().grabWindow(ground.winId()).toImage()
    assert differ_by(shown.copy(kept.geometry()), shown.copy(plain.geometry())) <= 2  # at rest again
    assert seen == [True, True]  # the press's and the click's handlers: free to repaint
    assert kept.updatesEnabled()
    kept.setCheckable(True)  # a section of the top bar: its toggle comes before "released"
    kept.toggled.connect(lambda _on: seen.append(kept.updatesEnabled()))
    qtbot.mouseClick(kept, Qt.MouseButton.LeftButton, pos=kept.rect().center())
    assert seen == [True, True, True, True, True] and kept.isChecked()


def test_a_line_edit_that_keeps_its_empty_look_shows_what_qt_draws(qtbot: QtBot) -> None:
    """The search and amount boxes copy the look they have while empty (see FaceLineEdit): the same pixels as a
    QLineEdit, empty, after a new size or placeholder, with a text typed and with the keyboard on it."""
    from PySide6.QtWidgets import QLineEdit

    from cafepos.ui.widgets import FaceLineEdit, Ground

    host = Ground(theme.BACKGROUND)  # the ground the search and amount boxes stand on
    host.setStyleSheet(theme.STYLESHEET)
    qtbot.addWidget(host)
    elsewhere = QLineEdit(host)  # where the keyboard is
    elsewhere.setGeometry(10, 150, 100, 40)
    kept, plain = FaceLineEdit(parent=host), QLineEdit(host)
    for edit, top in ((kept, 10), (plain, 80)):
        edit.setPlaceholderText("Search a product or type its barcode (Ctrl+F)")
        edit.setClearButtonEnabled(True)
        edit.setGeometry(10, top, 500, 46)
    host.resize(600, 200)
    host.show()
    qtbot.waitExposed(host)
    elsewhere.setFocus()

    def shown(edit: QLineEdit) -> QImage:
        return host.grab(edit.geometry()).toImage()  # on the ground it stands on

    def same(what: str) -> None:
        QApplication.processEvents()
        assert shown(kept) == shown(plain), what

    same("empty")
    qtbot.waitUntil(lambda: kept._look is not None)  # it kept it, once painted
    same("empty, copied")
    for edit in (kept, plain):
        edit.setGeometry(edit.x(), edit.y(), 420, 52)
        edit.setPlaceholderText("Amount received")
    same("new size and placeholder")
    for edit in (kept, plain):
        edit.setText("Croiss")
    same("a text typed")
    for edit in (kept, plain):
        edit.clear()
    kept.setFocus()
    QApplication.processEvents()
    assert kept.hasFocus()
    focused = shown(kept)
    plain.setFocus()
    QApplication.processEvents()
    assert focused == shown(plain), "with the keyboard on it"


def test_the_shelf_and_the_ticket_have_viewports_pyside6_knows_and_buttons_set_up_no_icons(qtbot: QtBot,
                                                                                          cafe: Cafe) -> None:
    """What a start no longer pays for (see own_viewport and FaceButton): viewports made from Python, so their
    first `viewport()` does not set up sixty classes; a button with an icon is still drawn with it."""
    from PySide6.QtGui import QPixmap
    from shiboken6 import Shiboken

    from cafepos.ui.widgets import FaceButton

    window = logged_in(qtbot, cafe)
    for view in (window.sale.grid.view, window.sale.table):
        assert Shiboken.createdByPython(view.viewport())
        assert view.viewport().objectName() == "qt_scrollarea_viewport"
    plain, with_icon = FaceButton("Café"), FaceButton("Café")
    for b in (plain, with_icon):
        qtbot.addWidget(b)
        b.resize(160, 56)
    assert plain.grab().toImage() == with_icon.grab().toImage()  # drawn once, kept
    icon = QPixmap(16, 16)
    icon.fill(Qt.GlobalColor.red)
    with_icon.setIcon(icon)  # given an icon afterwards: drawn with it
    assert plain.text() == "Café" and plain.grab().toImage() != with_icon.grab().toImage()
    image = with_icon.grab().toImage()
    assert any(image.pixel(x, y) == 0xFFFF0000 for x in range(160) for y in range(56))  # the icon shows


def test_the_ticket_panel_copies_its_rounded_card_at_each_size(qtbot: QtBot, cafe: Cafe) -> None:
    """Where a repaint reaches the panel's rounded edge (the "Pay" button turning on and off), the card is copied
    from an image drawn once per size: the corners show the screen's ground, the edge its border, inside the
    card's white, at every size of the window, the same pixels as the card drawn anew."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QPainter, QPixmap

    window = logged_in(qtbot, cafe)
    panel = window.sale.panel
    for size in ((1280, 800), (1024, 768), (1180, 790)):
        window.resize(*size)
        qtbot.wait(20)
        tap_product(qtbot, window, "Café")  # "Pay" turns on: a repaint that reaches the card's edge
        image = panel.grab().toImage()
        w, h = image.width(), image.height()
        assert QColor(image.pixel(0, 0)) == QColor(theme.BACKGROUND) == QColor(image.pixel(w - 1, h - 1))
        assert QColor(image.pixel(0, h // 2)) == QColor(theme.BORDER)
        assert QColor(image.pixel(w // 2, h - 4)).name() in (theme.SURFACE.lower(), QColor(theme.SURFACE).name())
        fresh = QPixmap(panel.size())
        fresh.fill(QColor(theme.BACKGROUND))
        painter = QPainter(fresh)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(theme.BORDER))
        painter.setBrush(QColor(theme.SURFACE))
        painter.drawRoundedRect(QRectF(panel.rect()).adjusted(0.5, 0.5, -0.5, -0.5), panel.RADIUS, panel.RADIUS)
        painter.end()
        drawn = fresh.toImage().convertToFormat(image.format())
        for corner in (QRect(0, h - 8, 8, 8), QRect(w - 8, h - 8, 8, 8)):  # the rounded corners, below the button
            assert image.copy(corner) == drawn.copy(corner), size
        pay_exact(qtbot, window)


def test_labels_that_paint_their_own_text_say_it_to_a_screen_reader(qtbot: QtBot, cafe: Cafe) -> None:
    """A SteadyLabel and the ticket's message line keep a sample as QLabel's own text (their room): what a screen
    reader is given is the text shown, and nothing when nothing is shown."""
    from PySide6.QtGui import QAccessible

    window = logged_in(qtbot, cafe)
    sale = window.sale
    tap_product(qtbot, window, "Café")
    pay_exact(qtbot, window)

    def said(widget: QWidget) -> str:
        face = QAccessible.queryAccessibleInterface(widget)
        assert face is not None
        return face.text(QAccessible.Text.Name).replace("\u200b", "")

    assert "T1-000001" in said(sale.message) and said(sale.total) == sale.total.text() == euros(0, "fr")
    tap_product(qtbot, window, "Croissant")
    assert said(sale.message) == "" and said(sale.total) == euros(120, "fr")
    page = sale.payment
    tap(qtbot, sale.pay_button)
    assert page.paid.text() == "" and said(page.paid) == ""  # blank until a first payment, in two lines' room
    tap(qtbot, page.exact)
    assert said(page.paid) == page.paid.text() != ""


def test_the_ticket_table_copies_its_frame_corners_at_each_size(qtbot: QtBot, cafe: Cafe) -> None:
    """The table's rounded bottom corners, where a repaint reaches them (the ticket cleared at every sale), are
    copied from an image of the empty table per size: the same pixels as the frame stroked anew."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QPainter, QPixmap

    window = logged_in(qtbot, cafe)
    sale = window.sale
    table, viewport = sale.table, sale.table.viewport()
    for size in ((1280, 800), (1024, 768)):
        window.resize(*size)
        qtbot.wait(20)
        tap_product(qtbot, window, "Café")
        tap(qtbot, sale.pay_button)
        tap(qtbot, sale.payment.exact)
        tap(qtbot, sale.payment.validate)  # the ticket is cleared: the whole table repainted
        QApplication.processEvents()
        shown = viewport.grab().toImage()
        fresh = QPixmap(viewport.size())
        fresh.fill(QColor(theme.SURFACE))
        painter = QPainter(fresh)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(theme.BORDER))
        painter.drawRoundedRect(QRectF(table.rect()).translated(-viewport.x(), -viewport.y()).adjusted(
            0.5, 0.5, -0.5, -0.5), table.RADIUS, table.RADIUS)
        painter.end()
        drawn = fresh.toImage().convertToFormat(shown.format())
        w, h = shown.width(), shown.height()
        for corner in (QRect(0, h - 12, 12, 12), QRect(w - 12, h - 12, 12, 12)):
            assert shown.copy(corner) == drawn.copy(corner), (size, corner)
        tap(qtbot, sale.payment.print_no)
