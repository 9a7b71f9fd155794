check tests/golden/diagnostics/syntax_several_errors.care
