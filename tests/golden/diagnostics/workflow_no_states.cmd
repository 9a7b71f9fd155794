check tests/golden/diagnostics/workflow_no_states.care
