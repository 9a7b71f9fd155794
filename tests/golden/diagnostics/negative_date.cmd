check tests/golden/diagnostics/negative_date.care
