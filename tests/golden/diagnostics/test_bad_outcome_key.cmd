check tests/golden/diagnostics/test_bad_outcome_key.care
