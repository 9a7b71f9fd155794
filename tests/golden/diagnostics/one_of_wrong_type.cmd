check tests/golden/diagnostics/one_of_wrong_type.care
