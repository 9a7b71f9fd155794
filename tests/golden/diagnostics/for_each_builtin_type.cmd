check tests/golden/diagnostics/for_each_builtin_type.care
