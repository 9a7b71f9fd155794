check tests/golden/diagnostics/decision_cycle.care
