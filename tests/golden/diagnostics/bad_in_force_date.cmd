check tests/golden/diagnostics/bad_in_force_date.care
