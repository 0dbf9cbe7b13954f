"""The SQLite ledger: schema, engine, the store behind the services' ports, and migrations."""
