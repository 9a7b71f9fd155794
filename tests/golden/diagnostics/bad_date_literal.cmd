check tests/golden/diagnostics/bad_date_literal.care
