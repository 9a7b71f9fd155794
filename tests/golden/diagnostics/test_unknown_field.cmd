check tests/golden/diagnostics/test_unknown_field.care
