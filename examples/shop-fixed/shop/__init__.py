"""Shop: a small online store API."""
