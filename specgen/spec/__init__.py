"""Loading specs into the typed API model."""
