check tests/golden/diagnostics/test_unknown_setting.care
