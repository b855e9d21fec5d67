"""Rules of the features family (see registry.py)."""
