check tests/golden/diagnostics/duplicate_event.care
