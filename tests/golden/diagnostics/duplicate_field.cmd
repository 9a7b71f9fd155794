check tests/golden/diagnostics/duplicate_field.care
