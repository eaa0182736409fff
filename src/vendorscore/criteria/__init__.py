"""Criteria: the criteria file model and the registry of criterion kinds (one module each)."""
