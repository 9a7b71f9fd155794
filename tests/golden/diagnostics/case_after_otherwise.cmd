check tests/golden/diagnostics/case_after_otherwise.care
