check tests/golden/diagnostics/duplicate_calendar.care
