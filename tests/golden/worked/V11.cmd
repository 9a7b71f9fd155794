eval --rules rules/national --cases examples/worked-cases/V11.jsonl --as-of 2025-11-10 --format jsonl
