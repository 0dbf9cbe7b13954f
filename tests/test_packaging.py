"""The package ships what an installed app needs: every subpackage, its migrations and its translations."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT / "src").parts) for p in (ROOT / "src").rglob("__init__.py")}
    found |= {"cafepos.migrations", "cafepos.migrations.versions", "cafepos.resources"}
    assert found == listed


def test_migrations_and_catalogues_are_importable_resources() -> None:
    from importlib import resources

    assert (resources.files("cafepos.migrations") / "env.py").is_file()
    assert (resources.files("cafepos.resources") / "translations" / "fr" / "LC_MESSAGES" / "cafepos.po").is_file()


def test_constraints_pin_every_dependency() -> None:
    lines = (ROOT / "constraints.txt").read_text().splitlines()
    pins = {line.split("==")[0].lower().replace("_", "-") for line in lines if "==" in line}
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = deps["dependencies"] + deps["optional-dependencies"]["test"]
    for spec in names:
        name = re.split(r"[<>=!~\[;\s]", spec.strip())[0].lower().replace("_", "-")  # "reportlab[accel]>=4"
        assert name in pins, name
    assert "rl-accel" in pins  # what reportlab[accel] brings
