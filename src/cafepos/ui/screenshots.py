"""Pictures of the real counter for the docs: `python -m cafepos.ui.screenshots OUTDIR [--db PATH]`.

It opens the app on a demo café at 1280×800, drives it as a person would (taps and keys), and grabs each screen
with `QWidget.grab()`. Without --db (or CAFEPOS_DB) a throw-away demo café is made in a temporary folder. Run it
under a display (`xvfb-run -s "-screen 0 1280x800x24" python -m cafepos.ui.screenshots docs/screenshots`).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from cafepos.bootstrap import Cafe, open_cafe
from cafepos.ui.float_dialog import FloatDialog
from cafepos.ui.main_window import MainWindow
from cafepos.ui.producer_dialogs import DepositDialog

SIZE = (1280, 800)


def settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def tap(widget: QWidget, pos: QPoint | None = None) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos or widget.rect().center())


def tap_product(window: MainWindow, label: str) -> None:
    grid = window.sale.grid
    index = grid.index_of(label)
    grid.view.scrollTo(index)
    tap(grid.view.viewport(), grid.view.visualRect(index).center())


def log_in(window: MainWindow, name: str, pin: str) -> None:
    b = window.pin_pad.button_for(name)
    assert b is not None, name
    tap(b)
    for digit in pin:
        tap(window.pin_pad.keypad.buttons[digit])
    tap(window.pin_pad.keypad.buttons["OK"])


def with_dialog(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window dimmed behind its dialog, as the person at the counter sees it."""
    shot = window.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(20, 24, 28, 110))
    inner = dialog.grab()
    painter.drawPixmap((shot.width() - inner.width()) // 2, (shot.height() - inner.height()) // 2, inner)
    painter.end()
    return shot


def demo_cafe(root: Path) -> Cafe:
    from cafepos.services import demo

    os.environ["CAFEPOS_CONFIG_DIR"] = str(root / "config")
    os.environ["CAFEPOS_DATA_DIR"] = str(root / "data")
    cafe = open_cafe(root / "demo.sqlite", create=True)
    demo.create(cafe.journal, cafe.settings, cafe.users, cafe.catalog, cafe.sales, cafe.closings, days=2,
                per_day=40, consignment=cafe.producers)
    return cafe


def shoot(app: QApplication, cafe: Cafe, out: Path, size: tuple[int, int] = SIZE) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []

    def save(name: str, pixmap: QPixmap) -> None:
        path = out / f"{name}.png"
        pixmap.save(str(path))
        made.append(path)

    window = MainWindow(cafe)
    window.resize(*size)
    window.show()
    settle(app)
    save("01-pin-pad", window.grab())

    log_in(window, "Nadia", "1234")
    settle(app)
    QTest.keyClicks(window.sale.grid.view, "2")
    tap_product(window, "Café")
    tap_product(window, "Croissant")
    tap_product(window, "Bière pression 25 cl")
    tap_product(window, "Canette soda 33 cl")
    settle(app)
    save("02-sale", window.grab())

    tap(window.sale.pay_button)  # no till open yet this morning: the float comes first
    settle(app)
    float_dialog = window.sale.findChild(FloatDialog)
    if float_dialog is not None and float_dialog.isVisible():
        save("03a-float", with_dialog(window, float_dialog))
        tap(float_dialog.panel.take_over)
        settle(app)
    if not window.sale.paying:
        tap(window.sale.pay_button)
        settle(app)
    payment = window.sale.payment
    tap(payment.quick_buttons[2000])
    settle(app)
    save("03-payment", window.grab())
    tap(payment.validate)
    settle(app)
    save("04-payment-done", window.grab())
    tap(payment.print_no)
    settle(app)

    tap(window.sections["history"])
    settle(app)
    save("05-history", window.grab())

    tap(window.sections["settings"])
    settle(app)
    save("06-settings", window.grab())
    window.settings_screen.tabs.setCurrentIndex(3)
    settle(app)
    save("07-settings-catalogue", window.grab())

    tap(window.sections["sale"])
    tap_product(window, "Pastis")
    tap(window.sale.park_button)
    settle(app)
    save("08-put-on-hold", window.grab())
    caisse(app, window, save)
    producers(app, window, save)
    window.close()
    return made


def caisse(app: QApplication, window: MainWindow, save: Callable[[str, QPixmap], None]) -> None:
    """The evening count: the grid half filled, then the Z previewed before it is signed."""
    tap(window.sections["till"])
    settle(app)
    till = window.till_screen
    tap(till.close_button)
    settle(app)
    page = till.closing
    for denom, n in {5000: 2, 2000: 3, 1000: 2, 500: 1, 200: 4}.items():
        field = page.grid.fields[denom]
        field.setFocus()
        QTest.keyClicks(field, str(n))
        QTest.keyClick(field, Qt.Key.Key_Return)
    QTest.keyClicks(page.card, "12,40")
    settle(app)
    save("09-caisse", window.grab())
    if page.keep_tabs.isVisible():
        tap(page.keep_tabs)
    QTest.keyClicks(page.reason, "erreur de rendu")
    tap(page.preview_button)
    settle(app)
    save("10-z-preview", window.grab())


def producers(app: QApplication, window: MainWindow, save: Callable[[str, QPixmap], None]) -> None:
    tap(window.sections["producers"])
    settle(app)
    screen = window.producers
    screen.select("Ferme du Pré")
    settle(app)
    save("11-producers", window.grab())
    tap(screen.buttons["deposit"])
    settle(app)
    dialog = screen.dialog
    if isinstance(dialog, DepositDialog):
        line = dialog.lines[0]
        line.label.setText("Confiture de fraises 350 g")
        line.qty.setValue(8)
        line.price.setText("5,90")
        line.lot.setText("C12")
        settle(app)
        save("12-deposit", with_dialog(window, dialog))
        dialog.reject()
    # Cheese cut to order: the weighing page, where the shelf was, beside the ticket.
    tap(window.sections["sale"])
    settle(app)
    sale = window.sale
    comte = next((p for p in sale.products.values() if p.by_weight), None)
    if comte is not None:
        sale.weigh(comte)
        settle(app)
        weighing = sale.weighing
        if weighing is not None:
            weighing.entry.setText("350")
            settle(app)
            save("13-weighing", window.grab())
            sale.show_shelf()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cafepos.ui.screenshots")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--db", default=os.environ.get("CAFEPOS_DB"))
    parser.add_argument("--size", default="1280x800", help="window size, e.g. 1024x768 or 1920x1080")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        cafe = open_cafe(args.db) if args.db else demo_cafe(Path(tmp))
        try:
            width, height = (int(n) for n in args.size.lower().split("x"))
            for path in shoot(app, cafe, args.outdir, (width, height)):
                print(path)
        finally:
            cafe.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
