"""Printing at the counter: the sale is on disk before the printer is touched; a failed receipt waits, original."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.cli_support import run
from tests.test_printer import HEALTHY, FakePrinter

SELECT_CP858 = b"\x1bt\x13"
CUT = b"\x1dV"
DRAWER_PULSE = b"\x1bp"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_sell_print_and_reprint(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with FakePrinter(HEALTHY) as printer:
        assert run(capsys, cafe_path, "printer", "set", f"tcp://127.0.0.1:{printer.port}").code == 0
        r = run(capsys, cafe_path, "sell", "--item", "Café", "--item", "Bière pression 25 cl", "--item",
                "Canette soda 33 cl", "--pay", "cash:10", "--print")
        assert r.code == 0, r.err
    data = bytes(printer.received)
    assert data.startswith(b"\x10\x04") or SELECT_CP858 in data[:40]
    assert SELECT_CP858 in data and CUT in data and DRAWER_PULSE in data
    assert "TOTAL TTC".encode("cp858") in data and "€".encode("cp858") == b"\xd5" and b"\xd5" in data
    assert "Opérateur : Nadia".encode("cp858") in data and b"SIRET 912 345 678 00017" in data
    assert b"DUPLICATA" not in data
    with FakePrinter(HEALTHY) as printer:
        assert run(capsys, cafe_path, "printer", "set", f"tcp://127.0.0.1:{printer.port}").code == 0
        assert run(capsys, cafe_path, "reprint", "1").code == 0
    dup = bytes(printer.received)
    assert "DUPLICATA n°1".encode("cp858") in dup and DRAWER_PULSE not in dup


def test_printer_down_never_costs_a_sale(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()  # nobody listens: the connection is refused
    assert run(capsys, cafe_path, "printer", "set", f"tcp://127.0.0.1:{port}").code == 0
    r = run(capsys, cafe_path, "sell", "--item", "Café", "--pay", "cash:2", "--print", "--json")
    assert r.code == 0 and r.json["number"] == 1
    assert "queue" in r.err or "file d'impression" in r.err or "attente" in r.err
    assert run(capsys, cafe_path, "ticket", "1").code == 0
    queue = run(capsys, cafe_path, "printer", "queue", "--json").json
    assert [(j["number"], j["duplicate_no"]) for j in queue] == [(1, None)]
    assert run(capsys, cafe_path, "printer", "retry").code == 2  # still down: stays queued
    assert len(run(capsys, cafe_path, "printer", "queue", "--json").json) == 1
    with FakePrinter(HEALTHY) as printer:
        assert run(capsys, cafe_path, "printer", "set", f"tcp://127.0.0.1:{printer.port}").code == 0
        r = run(capsys, cafe_path, "printer", "retry", "--json")
        assert r.code == 0 and r.json == {"printed": 1, "waiting": 0}
    data = bytes(printer.received)
    assert b"T1-000001" in data and b"DUPLICATA" not in data  # the retried first print is still the original


def test_bad_printer_uri(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, cafe_path, "printer", "set", "lpt1").code == 2
    assert run(capsys, cafe_path, "printer", "test").code == 2  # none set yet


def test_print_to_a_file(cafe_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "receipt.bin"
    assert run(capsys, cafe_path, "printer", "set", target.as_uri(), "--width", "58").code == 0
    assert run(capsys, cafe_path, "sell", "--item", "Croissant*2", "--pay", "card", "--print").code == 0
    data = target.read_bytes()
    text = data.decode("cp858", errors="replace")
    assert "T1-000001" in text and "Carte bancaire" in text
    longest = max(len(line) for line in text.split("\n") if "\x1b" not in line and "\x1d" not in line)
    assert longest <= 32
