"""The café's business day: a late evening after midnight still belongs to the day it started."""

from __future__ import annotations

from datetime import date, datetime, timedelta


def business_date(moment: datetime, cutoff_hour: int) -> date:
    """The business day of a local time; the day ends at `cutoff_hour` (e.g. 4 for 04:00) the next morning."""
    return (moment - timedelta(hours=cutoff_hour)).date()


def iso_second(moment: datetime) -> str:
    """ISO 8601 to the second with the UTC offset, as ticket payloads carry it."""
    return moment.replace(microsecond=0).isoformat()
