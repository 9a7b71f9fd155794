eval --rules rules/no_such_pack --cases tests/golden/eval/cases.jsonl --as-of 2025-05-01
