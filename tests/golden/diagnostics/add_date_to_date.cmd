check tests/golden/diagnostics/add_date_to_date.care
