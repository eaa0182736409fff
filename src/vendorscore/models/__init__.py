"""pydantic models of the input files and of the results."""
