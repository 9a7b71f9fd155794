check tests/golden/diagnostics/workflow_twice.care
