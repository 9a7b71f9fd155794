check tests/golden/diagnostics/test_unknown_event.care
