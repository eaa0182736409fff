"""The output layer for machine and text formats: each result as JSON, CSV, Markdown, text.

Views are pure: they take a result and return its text (``cli/emit.py`` picks one and writes
it, to stdout or atomically to a file with ``atomic.py``). Nothing here imports typer, rich,
jinja2, yaml or openpyxl; the rich tables live in ``cli/tables.py`` and the workbook in
``exchange/xlsx.py``.
"""
