check tests/golden/diagnostics/misspelt_outcome.care
