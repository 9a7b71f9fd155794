check tests/golden/diagnostics/part_of_plain_value.care
