"""Errors the café's rules raise, carrying a translatable message and its parameters.

The domain cannot import gettext's active catalogue, so a message is an English msgid plus named parameters;
the front doors translate and format it in the user's language.
"""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Marks a msgid for extraction without translating it here (it is translated where it is shown)."""
    return message


class CafeError(Exception):
    """What the user asked for cannot be done; nothing was written. Exit code 2 on the command line."""

    exit_code = 2

    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid.format(**params) if params else msgid)
        self.msgid = msgid
        self.params = params

    def translated(self, gettext: Any) -> str:
        text: str = gettext(self.msgid)
        try:
            return text.format(**self.params)
        except (KeyError, IndexError):
            return self.msgid.format(**self.params)


class BadInput(CafeError):
    """The input itself is wrong (a quantity, an amount, a date)."""


class NotFound(CafeError):
    """A product, ticket, operator... that does not exist."""


class NotAllowed(CafeError):
    """The operator's role does not allow the action."""


class Refused(CafeError):
    """The action is valid in form but the ledger's state refuses it (already cancelled, locked...)."""


class StorageError(CafeError):
    """The database cannot be written or read (read-only, disk full, corrupt, in use)."""
