"""Shared fixtures: every test gets its own config/data folders and a café copied from a migrated template."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from cafepos.bootstrap import Cafe, open_cafe
from cafepos.domain.operators import Operator

MANAGER_PIN = "1234"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keys, anchors, logs and backups of each test stay in its own folder, never the user's."""
    monkeypatch.setenv("CAFEPOS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("CAFEPOS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CAFEPOS_DB", raising=False)
    return tmp_path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo café (catalogue, three operators, no tickets) built once by the real migrations and services."""
    from cafepos.services import demo

    root = tmp_path_factory.mktemp("template")
    old = {k: os.environ.get(k) for k in ("CAFEPOS_CONFIG_DIR", "CAFEPOS_DATA_DIR")}
    os.environ["CAFEPOS_CONFIG_DIR"] = str(root / "config")
    os.environ["CAFEPOS_DATA_DIR"] = str(root / "data")
    try:
        cafe = open_cafe(root / "cafe.sqlite", create=True)
        demo.create(cafe.journal, cafe.settings, cafe.users, cafe.catalog, cafe.sales, cafe.closings)
        cafe.close()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return root


@pytest.fixture
def cafe_path(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo café: its database and its key/anchor folder."""
    shutil.copytree(demo_template / "config", tmp_path / "config", dirs_exist_ok=True)
    shutil.copy(demo_template / "cafe.sqlite", tmp_path / "cafe.sqlite")
    return tmp_path / "cafe.sqlite"


@pytest.fixture
def cafe(cafe_path: Path) -> Iterator[Cafe]:
    c = open_cafe(cafe_path)
    yield c
    c.close()


@pytest.fixture
def manager(cafe: Cafe) -> Operator:
    return cafe.users.acting("Nadia")


@pytest.fixture
def staff(cafe: Cafe) -> Operator:
    return cafe.users.acting("Paul")
