"""Rules of the endpoint family (see registry.py)."""
