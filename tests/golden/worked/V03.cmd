eval --rules rules/national --cases examples/worked-cases/V03.jsonl --as-of 2025-05-12 --format jsonl
