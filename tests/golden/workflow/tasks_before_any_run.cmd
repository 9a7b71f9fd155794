import --db "$SCRATCH/at.db" --rules rules/local/anytown examples/anytown/cases.jsonl > /dev/null; carerules tasks --db "$SCRATCH/at.db"
