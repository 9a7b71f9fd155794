explain --rules tests/golden/rules/national --cases tests/golden/explain/cases.jsonl --case U3 --decision adult_eligible --as-of 2025-05-01
