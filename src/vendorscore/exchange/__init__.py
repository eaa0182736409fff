"""Spreadsheets and diffs: the response workbook, importing responses, exporting rankings."""
