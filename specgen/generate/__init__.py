"""Generation from the API model: example requests and responses shared by the Pact and
WireMock generators (and usable as fuzz seeds)."""
