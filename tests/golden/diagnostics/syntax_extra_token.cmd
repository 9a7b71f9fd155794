check tests/golden/diagnostics/syntax_extra_token.care
