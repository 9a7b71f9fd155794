check tests/golden/diagnostics/workflow_unknown.care
