check tests/golden/diagnostics/several_errors.care
