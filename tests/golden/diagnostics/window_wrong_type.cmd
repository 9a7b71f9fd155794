check tests/golden/diagnostics/window_wrong_type.care
