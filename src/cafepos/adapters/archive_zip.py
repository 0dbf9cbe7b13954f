"""Writes the archive's files into a ZIP, hashing each as it streams (years of tickets never sit in memory)."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType


class ZipSink:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = path.with_name(path.name + ".part")
        self.zip = zipfile.ZipFile(self.tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)

    def add(self, name: str, chunks: Iterable[bytes]) -> str:
        digest = hashlib.sha256()
        with self.zip.open(name, "w", force_zip64=True) as fh:
            for chunk in chunks:
                digest.update(chunk)
                fh.write(chunk)
        return digest.hexdigest()

    def __enter__(self) -> ZipSink:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.zip.close()
        if exc_type is None:
            self.tmp.replace(self.path)  # a half-written archive never carries the final name
        else:
            self.tmp.unlink(missing_ok=True)
