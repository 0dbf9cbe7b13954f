"""The PySide6 counter window: thin screens over the services."""
