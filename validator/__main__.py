"""``python -m validator`` is ``msv``."""

from validator.cli import console

if __name__ == "__main__":  # pragma: no cover
    console()
