check tests/golden/diagnostics/decision_in_setting.care
