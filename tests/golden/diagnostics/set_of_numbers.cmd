check tests/golden/diagnostics/set_of_numbers.care
