check tests/golden/diagnostics/too_many_enum_values.care
