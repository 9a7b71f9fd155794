check tests/golden/diagnostics/syntax_missing_quote.care
