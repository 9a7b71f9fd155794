// One task instance moved along its workflow by what the rules say of it on
// the run's date. Pure: no database, no clock; the same inputs give the same
// changes. The store-facing runtime (case_tasks) applies the changes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dsl/program.hpp"

namespace carerules::workflows {

enum class Tri : std::uint8_t { no, yes, unknown };

// The rules' view of one task for one case on the run's date.
struct TaskView {
  Tri needed = Tri::unknown;  // the task's `when`
  Tri done = Tri::unknown;    // its `done when` (unknown when it has none)
  bool open = false;          // needed is yes and done is not yes: the task is open by its rule
  std::optional<Date> due;
  std::vector<Tri> transitions;  // each transition condition of its workflow, in declaration order
};

// A stored instance's state, as far as the workflow is concerned.
struct InstanceState {
  std::string state;
  Date state_since;                  // the run date on which it entered its state
  std::optional<Date> due;
  std::uint32_t escalated_mask = 0;  // bit i: escalation i fired since it entered its state
  bool overdue_alerted = false;      // the due-date alert fired for the current due date
  bool closed = false;
};

struct TaskChange {
  enum class Kind : std::uint8_t { moved, closed, due_changed, escalated, overdue };
  Kind kind = Kind::moved;
  std::string from_state, to_state;
  int transition = -1;  // moved: which transition; closed on reaching the last state: the one that reached it
  int escalation = -1;  // escalated: which escalation
  std::optional<Date> old_due, new_due;
  std::string reason;   // closed: done, moved to the last state, or no longer needed
};

// The built-in workflow of a task that names none: `states open -> done`.
const WorkflowDef& default_workflow();

// Transitions and closing, in this order (docs/design-store-and-workflows.md, section 3):
// fire every transition out of the current state whose condition is yes (each
// state entered at most once per run); reaching the last state closes the task;
// else `done when` in the first state closes it; else its `when` being no closes
// it (never an unknown); else the due date follows the rule's.
std::vector<TaskChange> advance(const WorkflowDef& workflow, const TaskView& view, Date as_of, InstanceState& state);

// Escalations and the due-date alert of an instance still open after advance().
// deadlines[i]: the last day escalation i allows in its state (entered on
// state.state_since), or nullopt when it cannot be worked out. The due date
// is the rule's: it is alerted only while the rule holds the task open (once
// it is done by its rule, a later state of the workflow has no due date).
std::vector<TaskChange> check_timers(const WorkflowDef& workflow, const TaskView& view,
                                     const std::vector<std::optional<Date>>& deadlines, Date as_of,
                                     InstanceState& state);

int state_index(const WorkflowDef& workflow, const std::string& state);

}  // namespace carerules::workflows
