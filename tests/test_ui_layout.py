"""The counter at the screen sizes cafés have: 1024×768 (an old touchscreen), 1280×800 and 1920×1080.

Nothing a person taps may be cut off or smaller than a finger (48 px), on the sale screen and on the payment.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton, QWidget
from pytestqt.qtbot import QtBot

from cafepos.bootstrap import Cafe
from cafepos.domain.cash import parse_count
from cafepos.ui import theme
from cafepos.ui.main_window import MainWindow
from tests.ui_support import logged_in, tap, tap_product


def problems(window: MainWindow) -> list[str]:
    """Visible buttons whose text does not fit, or smaller than a finger."""
    found = []
    for b in window.findChildren(QPushButton):
        if not b.isVisible() or not b.text():
            continue
        name = f"{b.text()!r} ({b.objectName() or type(b.parent()).__name__})"
        option = QStyleOptionButton()
        b.initStyleOption(option)
        needed = b.fontMetrics().horizontalAdvance(b.text())
        room = b.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, b).width()  # less padding
        if needed > room:
            found.append(f"{name}: text {needed} px in {room} px")
        if b.width() < theme.TOUCH or b.height() < theme.TOUCH:
            found.append(f"{name}: {b.width()}×{b.height()} px")
    return found


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800), (1920, 1080)])
def test_nothing_is_cut_off_or_too_small_on_the_sale_screen_and_the_payment(qtbot: QtBot, cafe: Cafe,
                                                                            size: tuple[int, int]) -> None:
    cafe.till.open(cafe.users.acting("Nadia"), parse_count("20x5"))
    window = logged_in(qtbot, cafe)
    window.resize(*size)
    qtbot.wait(20)
    for label in ("Café", "Croissant", "Bière pression 25 cl"):
        tap_product(qtbot, window, label)
    assert window.width() == size[0]  # the window's own minimum does not push it wider
    assert problems(window) == []
    tap(qtbot, window.sale.pay_button)
    qtbot.wait(20)
    assert window.sale.paying and problems(window) == []
    keys = window.sale.payment.keypad  # painted keys: each as large as a finger, none outside the keypad
    for key in keys.keys:
        cell = keys.key_rect(key)
        assert cell.width() >= theme.TOUCH and cell.height() >= theme.TOUCH and keys.rect().contains(cell), key
    visible: list[QWidget] = [window.sale.payment.validate, window.sale.payment.cancel]
    assert all(w.isVisible() and w.width() >= 2 * theme.TOUCH for w in visible)


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800), (1920, 1080)])
def test_a_category_name_keeps_its_lines_when_chosen(qtbot: QtBot, cafe: Cafe, size: tuple[int, int]) -> None:
    """A name on one line at rest stays on one line once its tab is chosen (whose border is thicker): it used to go
    on two, under the finger, at 1280 px. Only a narrow screen puts long names on two lines, in every look."""
    from cafepos.services.catalog import ProductDraft

    manager = cafe.users.acting("Nadia")
    for label, category in (("Comté 18 mois", "Fromages à la coupe"), ("Miel de la vallée", "Producteurs locaux")):
        cafe.catalog.add(manager, ProductDraft(label, 450, 550, 550, category=category))  # ten tabs, five a row
    window = logged_in(qtbot, cafe)
    window.resize(*size)
    qtbot.wait(20)
    bar = window.sale.grid.categories
    wrapped = []
    for i, cell in enumerate(bar._cells):
        room = bar.two_lines(i, cell.size(), bar.style())
        if room is not None:
            wrapped.append(bar.names[i])
            continue
        option = QStyleOptionButton()  # the chosen look's own room: the name fits there
        option.initFrom(bar._stamps[i])
        option.rect, option.text = cell, bar.names[i]
        option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_On
        inside = bar.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, bar._stamps[i])
        assert bar._stamps[i].fontMetrics().horizontalAdvance(bar.names[i]) <= inside.width(), bar.names[i]
    assert len(bar.names) == 10
    assert wrapped == [] if size[0] >= 1280 else len(wrapped) < len(bar.names), wrapped
