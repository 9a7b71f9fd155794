eval --rules rules/national --cases examples/worked-cases/V16.jsonl --as-of 2025-09-19 --format jsonl
