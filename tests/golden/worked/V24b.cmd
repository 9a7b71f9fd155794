eval --rules rules/national --cases examples/worked-cases/V24.jsonl --as-of 2024-03-01 --format jsonl
