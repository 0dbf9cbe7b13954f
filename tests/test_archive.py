"""Archives: an auditor with only Python, `cryptography` and docs/journal-format.md can check them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.cli_support import run

DOC = Path(__file__).resolve().parent.parent / "docs" / "journal-format.md"


@pytest.fixture
def checker(tmp_path: Path) -> Path:
    """The checker printed in the format document, run exactly as an auditor would copy it."""
    code = re.search(r"```python\n(.*?)```", DOC.read_text(), re.S)
    assert code
    script = tmp_path / "check_archive.py"
    script.write_text(code.group(1))
    return script


def check(script: Path, archive: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-I", str(script), str(archive)], capture_output=True, text=True,
                          timeout=120)


def test_archive_checks_out_independently(cafe_path: Path, tmp_path: Path, checker: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(3):
        assert run(capsys, cafe_path, "sell", "--item", "Café", "--pay", "cash:2").code == 0
    assert run(capsys, cafe_path, "reprint", "2").code == 0
    assert run(capsys, cafe_path, "cancel", "1", "--reason", "erreur").code == 0
    archive = tmp_path / "a.zip"
    r = run(capsys, cafe_path, "archive", "export", "--out", str(archive), "--json")
    assert r.code == 0, r.err
    z = zipfile.ZipFile(archive)
    assert set(z.namelist()) == {"tickets.jsonl", "duplicates.jsonl", "events.jsonl", "closings.jsonl",
                                 "public_keys.pem", "manifest.json", "manifest.sig"}
    manifest = json.loads(z.read("manifest.json"))
    assert set(manifest) == {"files", "created", "siret", "software_version", "from", "to"}
    tickets = [json.loads(line) for line in z.read("tickets.jsonl").decode().splitlines()]
    assert [t["seq"] for t in tickets] == [1, 2, 3, 4] and set(tickets[0]) == {
        "chain", "seq", "payload", "prev_hash", "hash", "signature"}
    events = [json.loads(line)["payload"]["type"] for line in z.read("events.jsonl").decode().splitlines()]
    assert events[-1] == "archive_export"
    result = check(checker, archive)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "archive intact" in result.stdout


def test_tampered_archive_fails(cafe_path: Path, tmp_path: Path, checker: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, cafe_path, "sell", "--item", "Café", "--pay", "cash:2").code == 0
    archive = tmp_path / "a.zip"
    assert run(capsys, cafe_path, "archive", "export", "--out", str(archive)).code == 0
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(forged, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "tickets.jsonl":
                data = data.replace(b'"total_cents":130', b'"total_cents":30')
            dst.writestr(name, data)
    result = check(checker, forged)
    assert result.returncode == 1
    assert "tickets.jsonl: SHA-256 differs" in result.stdout and "tickets seq 1: hash differs" in result.stdout


def test_archive_date_range(cafe_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, cafe_path, "sell", "--item", "Café", "--pay", "cash:2").code == 0
    archive = tmp_path / "empty.zip"
    assert run(capsys, cafe_path, "archive", "export", "--out", str(archive), "--from", "2001-01-01", "--to",
               "2001-12-31").code == 0
    assert zipfile.ZipFile(archive).read("tickets.jsonl") == b""
    assert run(capsys, cafe_path, "archive", "export", "--out", str(archive), "--from", "2001-13-01").code == 2
