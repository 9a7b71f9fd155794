check tests/golden/diagnostics/condition_not_yes_no.care
