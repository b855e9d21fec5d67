"""Rules of the models family (see registry.py)."""
