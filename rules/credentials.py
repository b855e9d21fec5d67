"""Rules of the credentials family (see registry.py)."""
