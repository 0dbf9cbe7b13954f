"""cafepos tests, by ring: domain, services, scenarios, UI, migrations."""
