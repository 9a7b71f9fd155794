check tests/golden/diagnostics/calendar_bad_file.care
