check tests/golden/diagnostics/test_bad_field_value.care
