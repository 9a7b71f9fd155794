check tests/golden/diagnostics/missing_in_force.care
