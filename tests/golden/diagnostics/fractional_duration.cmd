check tests/golden/diagnostics/fractional_duration.care
