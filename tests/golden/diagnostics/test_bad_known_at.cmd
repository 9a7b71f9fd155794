check tests/golden/diagnostics/test_bad_known_at.care
