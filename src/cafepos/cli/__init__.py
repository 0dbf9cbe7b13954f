"""The `cafepos` command: administration, automation and audit over the same services as the GUI."""
