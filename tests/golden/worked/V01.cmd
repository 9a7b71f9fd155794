eval --rules rules/national --cases examples/worked-cases/V01.jsonl --as-of 2025-05-01 --format jsonl
