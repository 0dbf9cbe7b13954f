"""Where the files shipped inside the package are: translations, fonts, migrations."""

from __future__ import annotations

import importlib
from pathlib import Path


def folder(package: str) -> Path:
    """The folder of a package shipped as plain files (`cafepos.resources`, `cafepos.migrations`).

    The app is installed as files, never zipped, so the package's own path is the folder: importing
    `importlib.resources` for it cost a start of the counter 5 to 10 ms, more than the whole lookup.
    """
    module = importlib.import_module(package)
    return Path(next(iter(module.__path__)))
