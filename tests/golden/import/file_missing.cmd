import --db "$SCRATCH/cases.db" --rules tests/golden/rules/national tests/golden/eval/cases.jsonl tests/golden/import/no_such_file.jsonl tests/golden/import/more.jsonl
