"""WireMock stub mappings: generating them from a spec, and running a real WireMock."""
