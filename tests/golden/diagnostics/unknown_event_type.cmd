check tests/golden/diagnostics/unknown_event_type.care
