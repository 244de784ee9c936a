"""The domain model of the Kraken-compatible backend: one package per bounded context."""
