check tests/golden/diagnostics/no_such_folder
