check tests/golden/diagnostics/test_without_as_of.care
