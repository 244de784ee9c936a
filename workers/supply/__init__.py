"""Actors of the supply context: house-move letters, reading requests, quote follow-ups."""
