"""Alembic migrations of the ledger, shipped inside the package so an installed app upgrades itself."""
