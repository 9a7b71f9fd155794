check tests/golden/diagnostics/today_in_setting.care
