check tests/golden/diagnostics/distinct_number_field.care
