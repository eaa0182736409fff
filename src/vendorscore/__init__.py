"""vendorscore: rank customer-service outsourcing vendors from YAML evaluation files."""

__version__ = "0.1.0"
