check tests/golden/diagnostics/workflow_states_twice.care
