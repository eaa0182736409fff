"""Reports: a view-model built from the results, rendered through Jinja templates."""
