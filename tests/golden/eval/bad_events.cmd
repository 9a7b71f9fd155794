eval --rules tests/golden/rules/national --cases tests/golden/eval/bad_events.jsonl --as-of 2025-05-01
