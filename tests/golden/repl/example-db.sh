# Sourced by the REPL's golden tests after they import the Anytown example
# into "$SCRATCH/anytown.db" (the .cmd line must start with a carerules
# command): run 1 as of 2026-11-24, then the December updates and run 2 as
# of 2026-12-07, as in docs/auditors-guide.md. Quiet; fails if any step does.
carerules run --db "$SCRATCH/anytown.db" --rules rules/local/anytown --as-of 2026-11-24 > /dev/null &&
  carerules import --db "$SCRATCH/anytown.db" examples/anytown/updates-2026-12.jsonl > /dev/null &&
  carerules run --db "$SCRATCH/anytown.db" --rules rules/local/anytown --as-of 2026-12-07 > /dev/null
