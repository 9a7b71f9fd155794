check tests/golden/diagnostics/missing_version.care
