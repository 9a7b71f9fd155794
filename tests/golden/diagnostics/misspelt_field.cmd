check tests/golden/diagnostics/misspelt_field.care
