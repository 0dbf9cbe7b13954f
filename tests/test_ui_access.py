"""Who may do what at the counter: manager-only sections, switching operator, locking when idle, notices."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cafepos.bootstrap import Cafe
from cafepos.services.startup import Notice
from cafepos.ui.main_window import SETTINGS_SECTION
from tests.ui_support import events, log_in, logged_in, open_window, tap


def test_staff_cannot_open_the_settings_without_a_manager(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe, "Paul", "2222")
    tap(qtbot, window.sections[SETTINGS_SECTION])
    pin = window.manager_pin
    assert pin.isVisible() and window.stack.currentWidget() is window.sale
    assert not window.sections[SETTINGS_SECTION].isChecked()
    for digit in "2222":  # Paul is not a manager, and not even offered
        tap(qtbot, pin.pad.keypad.buttons[digit])
    tap(qtbot, pin.pad.keypad.buttons["OK"])
    assert pin.isVisible() and window.stack.currentWidget() is window.sale
    assert pin.pad.button_for("Paul") is None
    pin.reject()
    assert window.stack.currentWidget() is window.sale


def test_a_manager_pin_opens_the_settings_in_the_managers_name(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe, "Léa", "3333")
    tap(qtbot, window.sections[SETTINGS_SECTION])
    for digit in "1234":
        tap(qtbot, window.manager_pin.pad.keypad.buttons[digit])
    tap(qtbot, window.manager_pin.pad.keypad.buttons["OK"])
    screen = window.settings_screen
    assert window.stack.currentWidget() is screen and screen.manager is not None and screen.manager.name == "Nadia"
    tap(qtbot, window.sections["sale"])
    assert screen.manager is None  # the override ends with the section


def test_manager_opens_settings_directly(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe, "Nadia", "1234")
    tap(qtbot, window.sections[SETTINGS_SECTION])
    assert window.stack.currentWidget() is window.settings_screen and not window.manager_pin.isVisible()


def test_switching_operator_is_two_taps_and_a_pin(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe, "Paul", "2222")
    tap(qtbot, window.operator_button)  # 1
    assert window.stack.currentWidget() is window.pin_pad and window.session.operator is None
    log_in(qtbot, window, "Léa", "3333")  # 2: her name, then her PIN
    assert window.session.who.name == "Léa" and window.operator_button.text() == "Léa"
    assert [e["operator"] for e in events(cafe, "logout")] == ["Paul"]


def test_the_counter_locks_when_idle_and_keeps_the_ticket(qtbot: QtBot, cafe: Cafe) -> None:
    window = logged_in(qtbot, cafe)
    window.sale.basket.add(cafe.catalog.resolve("Café"))
    assert window.idle.timer.isActive() and window.idle.timer.interval() == 5 * 60_000
    window.idle.timer.timeout.emit()
    assert window.stack.currentWidget() is window.pin_pad
    assert window.pin_pad.selected == "Paul"  # only the PIN to type again
    log_in(qtbot, window, "Paul", "2222")
    assert len(window.sale.basket) == 1


def test_idle_lock_zero_means_never(qtbot: QtBot, cafe: Cafe) -> None:
    cafe.settings.update(cafe.users.acting("Nadia"), {"idle_lock_minutes": "0"})
    window = logged_in(qtbot, cafe)
    assert not window.idle.timer.isActive()


def test_notices_calm_banner_and_blocking_dialog_for_the_manager(qtbot: QtBot, cafe: Cafe) -> None:
    cafe.notices = [Notice("migration", "The database was upgraded; a backup was kept in {backup}.",
                           {"backup": "/tmp/b.sqlite"}),
                    Notice("verification_failure", "Record {seq} of chain {chain} was altered.",
                           {"seq": 3, "chain": "tickets"}, blocking=True)]
    window = open_window(qtbot, cafe)
    assert window.banner.isVisible() and "/tmp/b.sqlite" in window.banner_text.text()
    log_in(qtbot, window, "Paul", "2222")
    assert window.findChild(object, "blockingNotice") is None  # staff are told to fetch a manager
    tap(qtbot, window.operator_button)
    log_in(qtbot, window, "Nadia", "1234")
    box = window.findChild(object, "blockingNotice")
    assert box is not None and box.isVisible()


def test_function_keys_switch_sections(qtbot: QtBot, cafe: Cafe) -> None:
    from PySide6.QtCore import Qt

    window = logged_in(qtbot, cafe, "Nadia", "1234")
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.stack.currentWidget() is window.history
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.stack.currentWidget() is window.settings_screen
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.stack.currentWidget() is window.sale
    qtbot.keyClick(window, Qt.Key.Key_F12)
    assert window.stack.currentWidget() is window.pin_pad


def test_repeated_wrong_pins_lock_the_operator_with_a_calm_message(qtbot: QtBot, cafe: Cafe) -> None:
    window = open_window(qtbot, cafe)
    for _ in range(5):
        log_in(qtbot, window, "Léa", "0000")
    log_in(qtbot, window, "Léa", "3333")
    assert window.stack.currentWidget() is window.pin_pad
    assert window.pin_pad.message.kind == "error" and "Léa" in window.pin_pad.message.text()


def test_a_tap_anywhere_in_the_window_restarts_the_idle_countdown(qtbot: QtBot, cafe: Cafe) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    window = logged_in(qtbot, cafe)
    window.idle.timer.stop()
    handle = window.windowHandle()
    assert handle is not None
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(5, 5))
    assert window.idle.timer.isActive()
