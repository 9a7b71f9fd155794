check tests/golden/diagnostics/that_are_on_non_map.care
