check tests/golden/diagnostics/calendar_missing_file.care
