check tests/golden/diagnostics/duplicate_enum.care
