run --db "$SCRATCH/none.db" --rules rules/local/anytown --as-of 2026-02-30
