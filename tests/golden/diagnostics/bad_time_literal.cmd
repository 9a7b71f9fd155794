check tests/golden/diagnostics/bad_time_literal.care
