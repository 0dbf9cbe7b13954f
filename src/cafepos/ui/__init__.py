"""The PySide6 counter window: thin screens over the services."""

from cafepos.ui.compat import guard_singletons, plain_imports

guard_singletons()
plain_imports()
