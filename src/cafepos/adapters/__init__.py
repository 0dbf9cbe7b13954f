"""The outside world: SQLite, signing keys, printers, PDFs, formatting. Services reach them through ports."""
