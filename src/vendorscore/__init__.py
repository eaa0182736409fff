"""vendorscore: rank customer-service outsourcing vendors from YAML evaluation files."""

from vendorscore.version import __version__

__all__ = ["__version__"]
