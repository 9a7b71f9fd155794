audit verify --db "$SCRATCH/none.db"
