eval --rules tests/golden/rules/national --cases tests/golden/eval/late.jsonl --as-of 2025-05-01 --known-at 2025-04-10T00:00:00Z
