"""Use cases of the café: one transaction per user action, over ports the adapters implement."""
