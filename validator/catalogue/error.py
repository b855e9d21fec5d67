"""The one exception the catalogue raises for bad catalogue data (bundled or a user extension).

Kept in its own tiny module so the CLI and the index can catch it without importing pydantic
or the compile step.
"""

from __future__ import annotations


class CatalogueError(Exception):
    """A catalogue file is unreadable, malformed or inconsistent.

    ``str()`` is one line, ``path:line:column: message`` (the position is left out when unknown),
    so the CLI can print it as is and exit 2.
    """

    def __init__(self, message: str, path: str = "", line: int = 0, column: int = 0) -> None:
        super().__init__(message, path, line, column)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.path
        if where and self.line > 0:
            where += f":{self.line}"
            if self.column > 0:
                where += f":{self.column}"
        return f"{where}: {self.message}" if where else self.message
