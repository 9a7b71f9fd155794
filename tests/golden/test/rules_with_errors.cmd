test tests/golden/test/rules_with_errors.care
