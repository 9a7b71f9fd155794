repl --db "$SCRATCH/none.db"
