eval --rules tests/golden/rules/national --cases tests/golden/eval/late.jsonl --as-of 2025-05-01 --known-at 2025-04-20T10:30:00Z
