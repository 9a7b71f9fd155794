eval --rules tests/golden/rules/national --cases tests/golden/eval/no_such_file.jsonl --as-of 2025-05-01
