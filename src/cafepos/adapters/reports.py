"""A4 reports (PDF): placeholder until the reports module lands."""

from __future__ import annotations

from typing import Any

from cafepos.domain.errors import N_, CafeError


def write_z_pdf(cafe: Any, payload: dict[str, Any], path: str) -> None:
    raise CafeError(N_("PDF reports are not available yet."))
