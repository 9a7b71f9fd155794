eval --rules rules/national --cases examples/worked-cases/V24.jsonl --as-of 2025-02-28 --format jsonl
