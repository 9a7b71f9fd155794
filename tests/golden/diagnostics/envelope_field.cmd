check tests/golden/diagnostics/envelope_field.care
