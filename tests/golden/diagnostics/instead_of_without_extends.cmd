check tests/golden/rules/local/uses_only
