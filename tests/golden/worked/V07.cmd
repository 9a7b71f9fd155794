eval --rules rules/national --cases examples/worked-cases/V07.jsonl --as-of 2025-06-16 --format jsonl
