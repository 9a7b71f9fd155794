check tests/golden/diagnostics/test_bad_as_of.care
