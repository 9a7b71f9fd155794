check tests/golden/diagnostics/test_expects_nothing.care
