"""Helpers shared by tests: servers for apps under test, peer tools (PactFlow's comparator)."""
