import --db "$SCRATCH/cases.db" --rules tests/golden/rules/no_such_pack tests/golden/eval/cases.jsonl; echo "exit code: $?"; ls "$SCRATCH"
