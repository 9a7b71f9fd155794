eval --rules rules/national --cases examples/worked-cases/V01.jsonl --as-of 2026-04-23 --format jsonl
