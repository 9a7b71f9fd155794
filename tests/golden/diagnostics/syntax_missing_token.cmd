check tests/golden/diagnostics/syntax_missing_token.care
