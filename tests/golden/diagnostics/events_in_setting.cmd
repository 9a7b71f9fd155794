check tests/golden/diagnostics/events_in_setting.care
