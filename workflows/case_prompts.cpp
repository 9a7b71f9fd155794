#include "workflows/case_prompts.hpp"

#include <fmt/format.h>

#include "engine/describe.hpp"

namespace carerules::workflows {

namespace {

Tri tri_of(const Value& v) {
  if (v.kind != ValueKind::boolean) return Tri::unknown;
  return v.b ? Tri::yes : Tri::no;
}

std::string source_of(const Expr& e) { return span_text(e.span, e.end_span); }

}  // namespace

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

CasePrompts::CasePrompts(const Program& program, Evaluator& evaluator, TaskRecords& records, std::int64_t run_id,
                         Date as_of)
    : program_(program), evaluator_(evaluator), records_(records), run_id_(run_id), as_of_(as_of) {}

const WorkflowDef& CasePrompts::workflow_of(const TaskDef& task) const {
  return task.workflow_index >= 0 ? program_.workflows[static_cast<std::size_t>(task.workflow_index)] : default_workflow();
}

std::string CasePrompts::text(const Value& v, const Type& type) const {
  return describe(program_, evaluator_.strings(), type, v);
}

// "5 working days (written_record_escalate_after)": the time, and the setting it comes from.
std::string CasePrompts::duration_words(const WorkflowEscalation& e) const {
  const std::string words = text(evaluator_.duration_of(e.after), {TypeKind::duration});
  return e.after.op == Op::setting ? fmt::format("{} ({})", words, source_of(e.after)) : words;
}

std::string CasePrompts::recipient(const std::string& role, const StoredTask& task) const {
  if (role != "practitioner") return role;
  return task.worker ? "worker " + *task.worker : "team " + task.team;
}

StoredTask* CasePrompts::find_open(const std::string& name) {
  for (StoredTask& t : open_)
    if (t.name == name && !t.state.closed) return &t;
  return nullptr;
}

void CasePrompts::update(const CaseEvents& c, const std::string& case_id, std::vector<StoredTask> open,
                         std::vector<StoredAlert> raised,
                         const std::set<std::tuple<std::string, std::string, std::string>>& judged) {
  case_id_ = case_id;
  open_ = std::move(open);
  raised_ = std::move(raised);
  evaluator_.task_facts(facts_);
  std::vector<bool> ruled(open_.size(), false);  // a rule in force spoke about it
  for (std::size_t i = 0; i < program_.tasks.size(); ++i) {
    const TaskDef& def = program_.tasks[i];
    const TaskFacts& facts = facts_[i];
    const std::string subject =
        facts.about.kind == ValueKind::event ? std::string(evaluator_.strings().text(facts.about.event->id)) : "";
    bool matched = false;
    for (std::size_t k = 0; k < ruled.size(); ++k) {
      StoredTask& task = open_[k];
      if (task.name != def.name || task.state.closed) continue;
      ruled[k] = true;
      if (task.subject == subject || subject.empty()) {
        // Without a subject now (its `about` is unknown), the rule's view is
        // still the best there is for the instance, and it stays the one
        // copy of the task.
        move_task(def, facts, task);
        matched = true;
      } else {
        close_task(task, fmt::format("superseded: the task is now about the event `{}`", subject));
      }
    }
    if (matched || !facts.open) continue;
    const WorkflowDef& workflow = workflow_of(def);
    NewTask fresh{case_id_, def.name, subject, def.title, def.team, def.cites, workflow.name, workflow.states.front(),
                  facts.due.kind == ValueKind::date ? std::optional<Date>(facts.due.as_date()) : std::nullopt};
    open_.push_back(records_.open(fresh, run_id_, as_of_));
    ++counts_.opened;
    // A task may open with its first step already taken (a review booked
    // before the reminder went out).
    move_task(def, facts, open_.back());
  }
  for (std::size_t k = 0; k < ruled.size(); ++k)
    if (!ruled[k] && !open_[k].state.closed) close_task(open_[k], "its rule is no longer in the rules in force");
  raise_rule_alerts();
  judge_checkpoints(c, judged);
}

void CasePrompts::move_task(const TaskDef& def, const TaskFacts& facts, StoredTask& task) {
  const WorkflowDef& workflow = workflow_of(def);
  if (state_index(workflow, task.state.state) < 0) {
    close_task(task, fmt::format("its workflow `{}` no longer has the state `{}`", workflow.name, task.state.state));
    return;
  }
  TaskView view;
  view.needed = tri_of(facts.needed);
  view.done = tri_of(facts.done);
  view.open = facts.open;
  if (facts.due.kind == ValueKind::date) view.due = facts.due.as_date();
  for (const Value& v : facts.transitions) view.transitions.push_back(tri_of(v));
  apply(def, task, advance(workflow, view, as_of_, task.state));
  if (task.state.closed) return;
  std::vector<std::optional<Date>> deadlines;
  for (const WorkflowEscalation& e : workflow.escalations) {
    Value last = evaluator_.add_duration_to(task.state.state_since, evaluator_.duration_of(e.after));
    deadlines.push_back(last.kind == ValueKind::date ? std::optional<Date>(last.as_date()) : std::nullopt);
  }
  apply(def, task, check_timers(workflow, view, deadlines, as_of_, task.state));
}

void CasePrompts::apply(const TaskDef& def, StoredTask& task, const std::vector<TaskChange>& changes) {
  const WorkflowDef& workflow = workflow_of(def);
  for (const TaskChange& change : changes) {
    TaskEvent event;
    event.from_state = change.from_state;
    event.to_state = change.to_state;
    switch (change.kind) {
      case TaskChange::Kind::moved: {
        event.action = "moved";
        const auto& condition = def.transition_conditions[static_cast<std::size_t>(change.transition)];
        event.detail = fmt::format("moved from {} to {}: `{}` is yes", change.from_state, change.to_state,
                                   source_of(condition));
        ++counts_.moved;
        break;
      }
      case TaskChange::Kind::closed:
        event.action = "closed";
        if (change.reason == "done")
          event.detail = def.done ? fmt::format("done: `{}` is yes", source_of(*def.done)) : "done";
        else if (change.reason == "no longer needed")
          event.detail = fmt::format("no longer needed: `{}` is no", source_of(def.when));
        else if (change.transition >= 0)
          event.detail = fmt::format("reached {}, the last state of its workflow: `{}` is yes", change.to_state,
                                     source_of(def.transition_conditions[static_cast<std::size_t>(change.transition)]));
        else
          event.detail = fmt::format("{}, the last state of its workflow", change.reason);
        ++counts_.closed;
        break;
      case TaskChange::Kind::due_changed:
        event.action = "due_changed";
        if (!change.new_due)
          event.detail = fmt::format("its rule is met, so its due date ({}) no longer applies",
                                     change.old_due ? format_date(*change.old_due) : "none");
        else
          event.detail = fmt::format("due date moved from {} to {}", change.old_due ? format_date(*change.old_due) : "none",
                                     format_date(*change.new_due));
        ++counts_.due_changed;
        break;
      case TaskChange::Kind::escalated: {
        const WorkflowEscalation& e = workflow.escalations[static_cast<std::size_t>(change.escalation)];
        event.action = "escalated";
        event.escalated_to = e.role;
        event.detail = fmt::format("in {} since {}, longer than {}: escalated to {}", task.state.state,
                                   format_date(task.state.state_since), duration_words(e), e.role);
        ++counts_.escalated;
        break;
      }
      case TaskChange::Kind::overdue:
        event.action = "alerted";
        event.detail = fmt::format("due by {}, not done: alert sent", format_date(*change.new_due));
        ++counts_.overdue;
        break;
    }
    records_.change(task, event, run_id_, as_of_, task.state.closed ? std::optional<std::int64_t>(run_id_) : std::nullopt);
    // The workflow's own alerts about the task.
    const std::string subject = std::to_string(task.id);
    if (change.kind == TaskChange::Kind::closed || change.kind == TaskChange::Kind::moved) clear_task_alerts(task.id, "");
    if (change.kind == TaskChange::Kind::due_changed) clear_task_alerts(task.id, "task_overdue");
    if (change.kind == TaskChange::Kind::escalated) {
      clear_task_alerts(task.id, "task_escalated");
      const WorkflowEscalation& e = workflow.escalations[static_cast<std::size_t>(change.escalation)];
      NewAlert alert{case_id_, "task_escalated", subject, "workflow", "high", recipient(e.role, task),
                     fmt::format("\"{}\" ({}) has been {} since {}, longer than {}", def.title, def.name,
                                 task.state.state, format_date_long(task.state.state_since), duration_words(e)),
                     def.cites, task.id};
      raise_alert(alert);
    }
    if (change.kind == TaskChange::Kind::overdue) {
      std::vector<std::string> to;
      for (const std::string& role : workflow.due_alerts) to.push_back(recipient(role, task));
      NewAlert alert{case_id_, "task_overdue", subject, "workflow", "medium", joined(to, ", "),
                     fmt::format("\"{}\" ({}) was due by {} and is not done", def.title, def.name,
                                 format_date_long(*change.new_due)),
                     def.cites, task.id};
      raise_alert(alert);
    }
  }
}

void CasePrompts::close_task(StoredTask& task, const std::string& reason) {
  task.state.closed = true;
  TaskEvent event;
  event.action = "closed";
  event.from_state = event.to_state = task.state.state;
  event.detail = reason;
  records_.change(task, event, run_id_, as_of_, run_id_);
  ++counts_.closed;
  clear_task_alerts(task.id, "");
}

void CasePrompts::raise_alert(const NewAlert& alert) {
  raised_.push_back({records_.raise(alert, run_id_, as_of_), alert.case_id, alert.name, alert.subject, alert.source,
                     alert.message, alert.task_id});
  ++counts_.alerts_raised;
}

void CasePrompts::clear_alert(StoredAlert& alert) {
  if (alert.id == 0) return;
  records_.clear(alert.id, run_id_, as_of_);
  alert.id = 0;  // cleared: no longer raised
  ++counts_.alerts_cleared;
}

void CasePrompts::clear_task_alerts(std::int64_t task_id, std::string_view name) {
  for (StoredAlert& a : raised_)
    if (a.source == "workflow" && a.task_id == task_id && (name.empty() || a.name == name)) clear_alert(a);
}

void CasePrompts::raise_rule_alerts() {
  evaluator_.prompts(prompt_tasks_, prompt_alerts_);
  // The same alert with the same words stays raised; one with new words
  // replaces it (cleared first: one raised alert per case, name and subject).
  std::vector<bool> stays(raised_.size(), false), standing(prompt_alerts_.size(), false);
  for (std::size_t n = 0; n < prompt_alerts_.size(); ++n) {
    const AlertDef& def = program_.alerts[static_cast<std::size_t>(prompt_alerts_[n].alert)];
    for (std::size_t k = 0; k < raised_.size(); ++k) {
      const StoredAlert& a = raised_[k];
      if (a.id != 0 && a.source == "rule" && a.name == def.name && a.subject.empty() &&
          a.message == prompt_alerts_[n].message)
        stays[k] = standing[n] = true;
    }
  }
  for (std::size_t k = 0; k < stays.size(); ++k)
    if (!stays[k] && raised_[k].source == "rule") clear_alert(raised_[k]);
  for (std::size_t n = 0; n < prompt_alerts_.size(); ++n) {
    if (standing[n]) continue;
    const AlertDef& def = program_.alerts[static_cast<std::size_t>(prompt_alerts_[n].alert)];
    raise_alert({case_id_, def.name, "", "rule", def.severity, def.recipient, prompt_alerts_[n].message, def.cites,
                 std::nullopt});
  }
}

}  // namespace carerules::workflows
