check tests/golden/diagnostics/count_of_number.care
