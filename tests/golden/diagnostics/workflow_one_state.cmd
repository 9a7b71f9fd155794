check tests/golden/diagnostics/workflow_one_state.care
