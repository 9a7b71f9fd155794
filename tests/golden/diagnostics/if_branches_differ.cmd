check tests/golden/diagnostics/if_branches_differ.care
