check tests/golden/diagnostics/duplicate_decision.care
