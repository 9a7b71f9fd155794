import --db "$SCRATCH/cases.db" tests/golden/eval/cases.jsonl
