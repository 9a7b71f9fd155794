check tests/golden/diagnostics/syntax_missing_header.care
