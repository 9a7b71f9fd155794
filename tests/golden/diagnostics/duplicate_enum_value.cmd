check tests/golden/diagnostics/duplicate_enum_value.care
