check tests/golden/diagnostics/not_used_pack
