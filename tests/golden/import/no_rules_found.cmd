import --db "$SCRATCH/cases.db" --rules tests/golden/rules/national tests/golden/eval/cases.jsonl > /dev/null; (cd "$SCRATCH" && carerules import --db cases.db new.jsonl)
