check tests/golden/diagnostics/duplicate_given.care
