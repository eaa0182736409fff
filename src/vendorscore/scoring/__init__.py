"""Scoring: raw values per criterion kind, gates, value functions, aggregation, ranking."""
