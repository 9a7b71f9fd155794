check tests/golden/diagnostics/missing_otherwise.care
