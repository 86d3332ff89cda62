"""The staff's Excel workbook and Word report: export, import, report."""
