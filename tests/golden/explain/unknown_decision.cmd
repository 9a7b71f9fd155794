explain --rules tests/golden/rules/national --cases tests/golden/explain/cases.jsonl --case E1 --decision adult_eligable --as-of 2025-05-01
