"""Settings by a manager: identity saved as signed events, an operator added, a product added to the shelf."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cafepos.bootstrap import Cafe
from cafepos.ui.main_window import SETTINGS_SECTION
from tests.ui_support import events, logged_in, tap


def test_manager_changes_the_cafe_name_and_the_top_bar_follows(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe, "Nadia", "1234")
    tap(qtbot, window.sections[SETTINGS_SECTION])
    form = window.settings_screen.cafe_form
    form.widgets["cafe_name"].setText("Le Bistrot du Lavoir")  # type: ignore[union-attr]
    tap(qtbot, form.save_button)
    assert cafe.settings.get().cafe_name == "Le Bistrot du Lavoir"
    assert window.cafe_name.text() == "Le Bistrot du Lavoir"
    assert [e["key"] for e in events(cafe, "settings_change")][-1] == "cafe_name"
    tap(qtbot, form.save_button)
    assert form.message.kind == "info"  # nothing changed, nothing written


def test_a_bad_value_is_refused_inline(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe, "Nadia", "1234")
    tap(qtbot, window.sections[SETTINGS_SECTION])
    screen = window.settings_screen
    screen.tabs.setCurrentWidget(screen.catalogue)
    page = screen.catalogue
    page.label.setText("Tarte aux pommes")
    page.price.setText("3,5O")
    tap(qtbot, page.save_button)
    assert page.message.kind == "error" and "3,5O" in page.message.text()
    with_bad_siret = screen.cafe_form
    screen.tabs.setCurrentWidget(with_bad_siret)
    with_bad_siret.widgets["till"].setValue(0)  # type: ignore[union-attr]  # clamped by the spin box
    assert with_bad_siret.widgets["till"].value() == 1  # type: ignore[union-attr]


def test_add_an_operator_and_a_product(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe, "Nadia", "1234")
    tap(qtbot, window.sections[SETTINGS_SECTION])
    screen = window.settings_screen
    ops = screen.operators
    ops.name.setText("Marc")
    ops.new_pin.setText("4444")
    ops.add()
    assert "Marc" in [o.name for o in cafe.users.list()]
    page = screen.catalogue
    page.new()
    page.label.setText("Tarte aux pommes")
    page.category.setCurrentText("Pâtisserie")
    page.price.setText("3,50")
    page.save()
    assert cafe.catalog.resolve("Tarte aux pommes").price_cents == 350
    tap(qtbot, window.sections["sale"])
    assert window.sale.grid.index_of("Tarte aux pommes").isValid()  # the shelf followed
