#include "workflows/task_step.hpp"

namespace carerules::workflows {

const WorkflowDef& default_workflow() {
  static const WorkflowDef workflow = [] {
    WorkflowDef w;
    w.name = "open_until_done";
    w.title = "Open until done";
    w.states = {"open", "done"};
    w.actions = {"acknowledge", "reassign", "note"};
    return w;
  }();
  return workflow;
}

int state_index(const WorkflowDef& workflow, const std::string& state) {
  for (std::size_t i = 0; i < workflow.states.size(); ++i)
    if (workflow.states[i] == state) return static_cast<int>(i);
  return -1;
}

namespace {

void enter(InstanceState& state, const std::string& to, Date as_of) {
  state.state = to;
  state.state_since = as_of;
  state.escalated_mask = 0;
}

void close(const WorkflowDef& workflow, InstanceState& state, std::string reason, bool to_last, Date as_of,
           std::vector<TaskChange>& changes) {
  TaskChange change;
  change.kind = TaskChange::Kind::closed;
  change.from_state = state.state;
  change.to_state = to_last ? workflow.states.back() : state.state;
  change.reason = std::move(reason);
  if (to_last && state.state != workflow.states.back()) enter(state, workflow.states.back(), as_of);
  state.closed = true;
  changes.push_back(std::move(change));
}

}  // namespace

std::vector<TaskChange> advance(const WorkflowDef& workflow, const TaskView& view, Date as_of, InstanceState& state) {
  std::vector<TaskChange> changes;
  if (state.closed) return changes;
  const std::string& last = workflow.states.back();
  // Transitions: each pass takes the first that applies from the current
  // state; a state already entered in this run is not entered again, so a
  // cycle of transitions cannot loop.
  std::vector<bool> entered(workflow.states.size(), false);
  if (int s = state_index(workflow, state.state); s >= 0) entered[static_cast<std::size_t>(s)] = true;
  for (bool moved = true; moved && state.state != last;) {
    moved = false;
    for (std::size_t t = 0; t < workflow.transitions.size() && t < view.transitions.size(); ++t) {
      const auto& transition = workflow.transitions[t];
      if (workflow.states[static_cast<std::size_t>(transition.from)] != state.state) continue;
      if (view.transitions[t] != Tri::yes || entered[static_cast<std::size_t>(transition.to)]) continue;
      TaskChange change;
      change.kind = TaskChange::Kind::moved;
      change.from_state = state.state;
      change.to_state = workflow.states[static_cast<std::size_t>(transition.to)];
      change.transition = static_cast<int>(t);
      enter(state, change.to_state, as_of);
      entered[static_cast<std::size_t>(transition.to)] = true;
      changes.push_back(std::move(change));
      moved = true;
      break;
    }
  }
  if (state.state == last) {
    const int reached_by = changes.empty() ? -1 : changes.back().transition;
    close(workflow, state, "moved to " + last, false, as_of, changes);
    changes.back().transition = reached_by;
    return changes;
  }
  if (view.done == Tri::yes && state.state == workflow.states.front()) {
    close(workflow, state, "done", true, as_of, changes);
    return changes;
  }
  if (view.needed == Tri::no) {
    close(workflow, state, "no longer needed", false, as_of, changes);
    return changes;
  }
  // The due date follows the rule's while the rule holds the task open (it
  // may move, e.g. when the assessment is rescheduled; a moved due date may be
  // alerted again). Once the rule calls it done, the workflow goes on in a
  // later state without a due date: its escalations keep it moving.
  const std::optional<Date> due = view.open ? view.due : view.done == Tri::yes ? std::nullopt : state.due;
  if (due != state.due) {
    TaskChange change;
    change.kind = TaskChange::Kind::due_changed;
    change.from_state = change.to_state = state.state;
    change.old_due = state.due;
    change.new_due = due;
    state.due = due;
    state.overdue_alerted = false;
    changes.push_back(std::move(change));
  }
  return changes;
}

std::vector<TaskChange> check_timers(const WorkflowDef& workflow, const TaskView& view,
                                     const std::vector<std::optional<Date>>& deadlines, Date as_of,
                                     InstanceState& state) {
  std::vector<TaskChange> changes;
  if (state.closed) return changes;
  for (std::size_t e = 0; e < workflow.escalations.size() && e < deadlines.size() && e < 32; ++e) {
    const auto& escalation = workflow.escalations[e];
    if (workflow.states[static_cast<std::size_t>(escalation.state)] != state.state) continue;
    if (state.escalated_mask & (1u << e)) continue;
    if (!deadlines[e] || !(*deadlines[e] < as_of)) continue;
    state.escalated_mask |= 1u << e;
    TaskChange change;
    change.kind = TaskChange::Kind::escalated;
    change.from_state = change.to_state = state.state;
    change.escalation = static_cast<int>(e);
    changes.push_back(std::move(change));
  }
  if (!workflow.due_alerts.empty() && view.open && state.due && *state.due < as_of && !state.overdue_alerted) {
    state.overdue_alerted = true;
    TaskChange change;
    change.kind = TaskChange::Kind::overdue;
    change.from_state = change.to_state = state.state;
    change.new_due = state.due;
    changes.push_back(std::move(change));
  }
  return changes;
}

}  // namespace carerules::workflows
