#include "workflows/practitioner_actions.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "engine/store/audit_log.hpp"
#include "workflows/stored_tasks.hpp"
#include "workflows/task_step.hpp"

namespace carerules::workflows {

namespace {

const std::vector<std::string>& allowed_actions(const Program* program, const std::string& workflow) {
  static const std::vector<std::string> all = default_workflow().actions;
  if (!program) return all;
  for (const WorkflowDef& w : program->workflows)
    if (w.name == workflow) return w.actions.empty() ? all : w.actions;
  return all;
}

std::string words(const std::vector<std::string>& actions) {
  std::string out;
  for (std::size_t i = 0; i < actions.size(); ++i)
    out += (i == 0 ? "" : i + 1 == actions.size() ? " or " : ", ") + actions[i];
  return out;
}

}  // namespace

std::string record_action(Database& db, const Program* program, const PractitionerAction& action) {
  if (action.by.empty()) throw ActionRefused("say who is recording this with --by (a worker id such as W-17)");
  Transaction transaction(db);
  AuditLog log(db);
  TaskRecords records(db, log);
  std::optional<StoredTask> found = records.find(action.task_id);
  if (!found)
    throw ActionRefused(fmt::format("there is no task {}; `carerules tasks` lists them with their numbers", action.task_id));
  StoredTask& task = *found;
  const bool closed = task.state.closed;
  const bool acknowledged = task.acknowledged;
  const std::string label = fmt::format("task {} ({} for {})", task.id, task.name, task.case_id);

  const auto& allowed = allowed_actions(program, task.workflow);
  if (std::find(allowed.begin(), allowed.end(), action.action) == allowed.end())
    throw ActionRefused(fmt::format("the workflow `{}` of {} does not allow `{}`; it allows {}", task.workflow, label,
                                    action.action, words(allowed)));
  if (closed && action.action != "note")
    throw ActionRefused(fmt::format("{} is closed; only a note can be added to a closed task", label));
  TaskEvent event;
  event.by = action.by;
  event.from_state = event.to_state = task.state.state;
  std::string said;
  if (action.action == "acknowledge") {
    if (acknowledged) throw ActionRefused(fmt::format("{} was already acknowledged", label));
    event.action = "acknowledged";
    event.detail = "";
    said = fmt::format("{} acknowledged by {}", label, action.by);
  } else if (action.action == "reassign") {
    if (action.value.empty()) throw ActionRefused("say who takes the task over, e.g. `reassign W-22`");
    if (task.worker && *task.worker == action.value)
      throw ActionRefused(fmt::format("{} is already with {}", label, action.value));
    event.action = "reassigned";
    event.detail = fmt::format("from {} to {}", task.worker ? *task.worker : "team " + task.team, action.value);
    task.worker = action.value;
    said = fmt::format("{} is now with {}", label, action.value);
  } else if (action.action == "note") {
    if (action.value.empty()) throw ActionRefused("a note needs its text, e.g. `note \"Phoned the advocacy service\"`");
    event.action = "note";
    event.detail = action.value;
    said = fmt::format("note added to {}", label);
  } else {
    throw ActionRefused(fmt::format("`{}` is not an action on a task; write acknowledge, reassign or note", action.action));
  }
  records.change(task, event, std::nullopt, action.on);  // a note on a closed task keeps the closing as it was
  transaction.commit();
  return said;
}

}  // namespace carerules::workflows
