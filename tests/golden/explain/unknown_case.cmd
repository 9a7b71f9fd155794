explain --rules tests/golden/rules/national --cases tests/golden/explain/cases.jsonl --case E9 --as-of 2025-05-01
