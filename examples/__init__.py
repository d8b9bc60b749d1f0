"""Examples that go with specgen: reference providers for the demo specs in ``specs/``."""
