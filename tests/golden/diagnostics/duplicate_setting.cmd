check tests/golden/diagnostics/duplicate_setting.care
