check tests/golden/diagnostics/misspelt_decision.care
