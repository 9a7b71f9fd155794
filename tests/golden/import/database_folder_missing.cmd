import --db "$SCRATCH/no/such/folder/cases.db" --rules tests/golden/rules/national tests/golden/eval/cases.jsonl
