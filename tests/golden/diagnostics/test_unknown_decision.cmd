check tests/golden/diagnostics/test_unknown_decision.care
