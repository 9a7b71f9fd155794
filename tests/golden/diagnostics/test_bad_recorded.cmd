check tests/golden/diagnostics/test_bad_recorded.care
