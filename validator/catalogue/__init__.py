"""The Model Studio catalogue: declarative YAML data, compiled and indexed for fast queries."""

from .error import CatalogueError
from .index import Catalogue, load

__all__ = ["Catalogue", "CatalogueError", "load"]
