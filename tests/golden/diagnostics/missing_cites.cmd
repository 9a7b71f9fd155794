check tests/golden/diagnostics/missing_cites.care
