check tests/golden/diagnostics/test_bad_enum_value.care
