"""Rules of the probe family (see registry.py)."""
