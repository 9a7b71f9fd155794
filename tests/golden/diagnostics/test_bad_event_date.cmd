check tests/golden/diagnostics/test_bad_event_date.care
