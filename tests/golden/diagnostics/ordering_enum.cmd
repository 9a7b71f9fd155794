check tests/golden/diagnostics/ordering_enum.care
