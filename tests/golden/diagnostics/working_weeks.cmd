check tests/golden/diagnostics/working_weeks.care
