check tests/golden/diagnostics/unknown_field_type.care
