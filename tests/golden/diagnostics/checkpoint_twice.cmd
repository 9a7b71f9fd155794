check tests/golden/diagnostics/checkpoint_twice.care
