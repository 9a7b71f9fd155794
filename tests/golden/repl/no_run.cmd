import --db "$SCRATCH/events.db" --rules rules/local/anytown examples/anytown/cases.jsonl > /dev/null && carerules repl --db "$SCRATCH/events.db" < tests/golden/repl/no_run.txt 2>&1
