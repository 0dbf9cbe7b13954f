"""A4 statements and deposit sheets (PDF): placeholder until the module lands."""

from __future__ import annotations

from typing import Any

from cafepos.domain.errors import N_, CafeError


def write_statement_pdf(cafe: Any, statement: dict[str, Any], path: str) -> None:
    raise CafeError(N_("PDF statements are not available yet."))


def write_deposit_pdf(cafe: Any, deposit: Any, path: str) -> None:
    raise CafeError(N_("PDF deposit sheets are not available yet."))
