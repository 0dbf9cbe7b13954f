"""The full journal check runs after the first paint and alerts the manager; the failure is itself recorded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from cafepos.bootstrap import open_cafe
from cafepos.domain.ticket import Payment, PaymentMethod, SaleMode
from cafepos.services.sales import BasketItem
from tests.ui_support import events, log_in, open_window


def test_a_record_altered_in_history_is_reported_to_the_manager(qtbot: QtBot, cafe_path: Path) -> None:
    seller = open_cafe(cafe_path)
    paul = seller.users.acting("Paul")
    for _ in range(3):
        seller.sales.ring_up(paul, [BasketItem(1, 2)], SaleMode.ON_SITE, [Payment(PaymentMethod.CASH, 500)])
    seller.close()
    conn = sqlite3.connect(cafe_path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE journal SET payload = replace(payload, '\"qty\":2', '\"qty\":1') WHERE chain='tickets' "
                 "AND seq = 1")  # deep in history: the quick check at start does not look there
    conn.commit()
    conn.close()

    cafe = open_cafe(cafe_path)
    try:
        assert not [n for n in cafe.notices if n.blocking]
        window = open_window(qtbot, cafe)
        with qtbot.waitSignal(window.checker.failed, timeout=20_000):
            window.checker.start()
        assert window.banner.isVisible()
        failures = events(cafe, "verification_failure")
        assert failures and failures[-1]["at"] == "background"
        assert failures[-1]["problems"][0]["chain"] == "tickets" and failures[-1]["problems"][0]["seq"] == 1
        log_in(qtbot, window, "Nadia", "1234")
        qtbot.waitUntil(lambda: window.findChild(object, "blockingNotice") is not None, timeout=5_000)
    finally:
        cafe.close()
