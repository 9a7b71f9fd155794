eval --rules tests/golden/rules/national --cases tests/golden/eval/cases.jsonl --as-of 2025-02-30
