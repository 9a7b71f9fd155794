import --db "$SCRATCH/cases.db" --rules tests/golden/rules/national tests/golden/eval/cases.jsonl tests/golden/import/reused_id.jsonl
