"""Lead exports for staff: CSV and XLSX writers and the safe creation of the files they fill."""
