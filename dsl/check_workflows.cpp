// Workflows (the states a task moves through) and checkpoints (what must be on
// record when an event reaches a value). The workflow runtime gives them effect;
// here their names are resolved and their conditions typed.
#include <algorithm>
#include <fmt/format.h>
#include <numeric>

#include "dsl/checker.hpp"

namespace carerules {

namespace {

const std::vector<std::string> kActions{"acknowledge", "reassign", "note"};

std::string listed(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

std::string first_at(const Span& span) { return fmt::format("the first is at {}:{}", span.file->path, span.line); }

}  // namespace

// ================================================================ workflows

void Checker::declare_workflow(const ast::WorkflowDecl& decl, int pack) {
  for (const WorkflowDef& other : program_.workflows)
    if (other.name == decl.name.name) {
      diagnostics_.error(decl.name.span, fmt::format("the workflow `{}` is declared twice", decl.name.name), first_at(other.span));
      return;
    }
  WorkflowDef def;
  def.name = decl.name.name;
  def.title = decl.title;
  def.pack = pack;
  def.span = decl.name.span;
  bool states_ok = false;
  if (decl.states.empty()) {
    diagnostics_.error(decl.name.span, fmt::format("the workflow `{}` lists no states", def.name),
                       "add a line such as `states open -> done`: a task opens in the first state, and the last closes it");
  } else {
    if (decl.states.size() > 1)
      diagnostics_.error(decl.states_spans[1], fmt::format("the workflow `{}` lists its states twice", def.name),
                         "list every state once, in order, on one `states` line");
    bool repeated = false;
    for (const ast::Named& state : decl.states[0]) {
      if (std::find(def.states.begin(), def.states.end(), state.name) != def.states.end()) {
        diagnostics_.error(state.span, fmt::format("the state `{}` is listed twice", state.name),
                           "each state is listed once, in the order a task moves through them");
        repeated = true;
        continue;
      }
      def.states.push_back(state.name);
    }
    if (def.states.size() < 2 && !repeated)
      diagnostics_.error(decl.states_spans[0], fmt::format("the workflow `{}` has only one state", def.name),
                         "a workflow needs at least two states: a task opens in the first, and the last closes it, as in "
                         "`states open -> done`");
    states_ok = def.states.size() >= 2 && !repeated;
  }
  // A state named in a transition or an escalation: its index, or -1 (reported
  // unless the `states` line is already wrong).
  auto state = [&](const ast::Named& n) {
    auto it = std::find(def.states.begin(), def.states.end(), n.name);
    if (it != def.states.end()) return static_cast<int>(it - def.states.begin());
    if (states_ok) {
      std::string close = closest_name(n.name, def.states);
      diagnostics_.error(n.span, fmt::format("`{}` is not a state of the workflow `{}`", n.name, def.name),
                         close.empty() ? fmt::format("its states are: {}", listed(def.states))
                                       : fmt::format("did you mean `{}`? its states are: {}", close, listed(def.states)));
    }
    return -1;
  };
  const int last = static_cast<int>(def.states.size()) - 1;
  for (const ast::WorkflowTransition& t : decl.transitions) {
    WorkflowTransition transition{state(t.from), state(t.to), t.span};
    if (states_ok && transition.from == last)
      diagnostics_.error(t.from.span, fmt::format("`{}` is the last state, so a task there is closed and cannot move on", t.from.name),
                         "a transition starts from any state but the last; reaching the last state closes the task");
    else if (transition.from >= 0 && transition.from == transition.to)
      diagnostics_.error(t.to.span, fmt::format("this moves a task from `{}` to `{}`, where it already is", t.from.name, t.to.name),
                         "a transition goes to another state");
    def.transitions.push_back(transition);
  }
  Scope scope;
  scope.pack = pack;
  for (const ast::WorkflowEscalation& e : decl.escalations) {
    WorkflowEscalation escalation;
    escalation.state = state(e.state);
    escalation.role = e.role.name;
    escalation.span = e.span;
    if (states_ok && escalation.state == last)
      diagnostics_.error(e.state.span,
                         fmt::format("`{}` is the last state, so a task there is closed and cannot be escalated", e.state.name),
                         "escalate from a state a task waits in, such as the first");
    if (auto after = expr(e.after, scope)) {
      if (after->type.kind != TypeKind::duration)
        diagnostics_.error(e.after.span,
                           fmt::format("an escalation waits for a length of time, but this is {}", type_name(program_, after->type)),
                           "for example `longer than 10 working days`, or the name of a setting that is a length of time");
      else if (after->op != Op::constant && after->op != Op::setting)
        diagnostics_.error(e.after.span, "the time before an escalation cannot depend on the case",
                           "write a length of time such as `10 working days`, or name a setting");
      else escalation.after = std::move(*after);
    }
    def.escalations.push_back(std::move(escalation));
  }
  for (const ast::Named& role : decl.due_alerts) def.due_alerts.push_back(role.name);
  if (decl.actions.empty()) def.actions = kActions;
  for (const ast::Named& action : decl.actions) {
    if (std::find(kActions.begin(), kActions.end(), action.name) == kActions.end()) {
      std::string close = closest_name(action.name, kActions);
      diagnostics_.error(action.span, fmt::format("`{}` is not something practitioners can do on a task", action.name),
                         close.empty() ? fmt::format("they may: {}", listed(kActions))
                                       : fmt::format("did you mean `{}`? they may: {}", close, listed(kActions)));
    } else if (std::find(def.actions.begin(), def.actions.end(), action.name) == def.actions.end()) {
      def.actions.push_back(action.name);
    }
  }
  program_.workflows.push_back(std::move(def));
  workflow_decls_.push_back(&decl);
}

void Checker::sort_workflows() {
  std::vector<std::size_t> order(program_.workflows.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return program_.workflows[a].name < program_.workflows[b].name; });
  std::vector<WorkflowDef> workflows;
  std::vector<const ast::WorkflowDecl*> decls;
  for (std::size_t i : order) {
    workflows.push_back(std::move(program_.workflows[i]));
    decls.push_back(workflow_decls_[i]);
  }
  program_.workflows = std::move(workflows);
  workflow_decls_ = std::move(decls);
  workflow_used_.assign(program_.workflows.size(), false);
}

void Checker::check_task_workflow(const ast::TaskDecl& decl, const Scope& task_scope, TaskDef& def) {
  const ast::Named& name = decl.workflow;
  if (name.name.empty()) return;
  int index = -1;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < program_.workflows.size(); ++i) {
    names.push_back(program_.workflows[i].name);
    if (program_.workflows[i].name == name.name) index = static_cast<int>(i);
  }
  if (index < 0) {
    std::string close = closest_name(name.name, names);
    diagnostics_.error(name.span, fmt::format("there is no workflow called `{}`", name.name),
                       close.empty() ? "declare it with `workflow NAME`, or leave out `using workflow`: the task then opens, "
                                       "and closes when it is done"
                                     : fmt::format("did you mean `{}`?", close));
    return;
  }
  const WorkflowDef& workflow = program_.workflows[static_cast<std::size_t>(index)];
  if (!visible(task_scope.pack, workflow.pack))
    not_visible(name.span, fmt::format("the workflow `{}`", workflow.name), workflow.pack, task_scope.pack);
  def.workflow_index = index;
  workflow_used_[static_cast<std::size_t>(index)] = true;
  // The workflow's names are its own pack's; the task's `given` names are added.
  Scope scope = task_scope;
  scope.pack = workflow.pack;
  std::size_t first = diagnostics_.all().size();
  for (const ast::WorkflowTransition& t : workflow_decls_[static_cast<std::size_t>(index)]->transitions) {
    auto condition = this->condition(t.when, scope);
    def.transition_conditions.push_back(condition ? std::move(*condition) : Expr{});
  }
  diagnostics_.add_note(first, fmt::format("checked for the task `{}`, which uses this workflow: its `given` names can be used here",
                                           def.name));
}

// A workflow no task uses (here: its tasks may be in packs not loaded) is
// still checked, so that its mistakes are found; only the names its tasks
// would give cannot be judged, and are taken as unknown.
void Checker::check_unused_workflows() {
  for (std::size_t i = 0; i < program_.workflows.size(); ++i) {
    if (workflow_used_[i]) continue;
    Scope scope;
    scope.pack = program_.workflows[i].pack;
    scope.task_names_open = true;
    std::size_t first = diagnostics_.all().size();
    for (const ast::WorkflowTransition& t : workflow_decls_[i]->transitions) condition(t.when, scope);
    diagnostics_.add_note(first, "no task uses this workflow yet, so this is checked without any task's `given` names");
  }
}

// ================================================================ checkpoints

void Checker::check_checkpoint(const ast::CheckpointDecl& decl, int pack) {
  for (const CheckpointDef& other : program_.checkpoints)
    if (other.name == decl.name.name) {
      diagnostics_.error(decl.name.span, fmt::format("the checkpoint `{}` is declared twice", decl.name.name), first_at(other.span));
      return;
    }
  CheckpointDef def;
  def.name = decl.name.name;
  def.title = decl.title;
  def.cites = decl.cites;
  def.pack = pack;
  def.span = decl.name.span;
  if (decl.cites.empty())
    diagnostics_.error(decl.name.span, fmt::format("the checkpoint `{}` does not cite the law or policy behind it", def.name),
                       "add a line such as `cites \"NICE NG86, recommendation 1.1\"`");
  if (decl.requirements.empty())
    diagnostics_.error(decl.name.span, fmt::format("the checkpoint `{}` requires nothing", def.name),
                       "add a line such as `require person_views_recorded \"the person's own views are in the plan\"`");

  // `before EVENT becomes VALUE`: the one enum field of EVENT that has VALUE.
  def.event_type = program_.find_event(decl.event.name);
  if (def.event_type < 0) {
    std::vector<std::string> names;
    for (const auto& [n, _] : program_.event_by_name) names.push_back(n);
    std::string close = closest_name(decl.event.name, names);
    diagnostics_.error(decl.event.span, fmt::format("there is no kind of event called `{}`", decl.event.name),
                       close.empty() ? fmt::format("the kinds of event are: {}", listed(names))
                                     : fmt::format("did you mean `{}`?", close));
  } else {
    const EventTypeDef& event = program_.events[static_cast<std::size_t>(def.event_type)];
    if (!visible(pack, event.pack)) not_visible(decl.event.span, fmt::format("the event type `{}`", event.name), event.pack, pack);
    const RecordDef& record = program_.records[static_cast<std::size_t>(event.record)];
    std::vector<std::string> having, values, fields;
    for (std::size_t f = 0; f < record.fields.size(); ++f) {
      const Type& type = record.fields[f].type;
      if (type.kind != TypeKind::enumeration) continue;
      const EnumDef& list = program_.enums[static_cast<std::size_t>(type.ref)];
      fields.push_back(fmt::format("`{}` ({})", record.fields[f].name, listed(list.values)));
      values.insert(values.end(), list.values.begin(), list.values.end());
      auto it = std::find(list.values.begin(), list.values.end(), decl.value.name);
      if (it == list.values.end()) continue;
      having.push_back("`" + record.fields[f].name + "`");
      def.field = static_cast<int>(f);
      def.value = static_cast<int>(it - list.values.begin());
    }
    if (fields.empty()) {
      diagnostics_.error(decl.value.span, fmt::format("`{}` has no field with a list of values, so it cannot become `{}`", event.name,
                                                      decl.value.name),
                         "a checkpoint watches a field whose values are listed with `enum`, such as a status");
    } else if (having.empty()) {
      std::string close = closest_name(decl.value.name, values);
      diagnostics_.error(decl.value.span, fmt::format("no field of `{}` has the value `{}`", event.name, decl.value.name),
                         close.empty() ? fmt::format("the fields with listed values are: {}", fmt::join(fields, "; "))
                                       : fmt::format("did you mean `{}`?", close));
    } else if (having.size() > 1) {
      diagnostics_.error(decl.value.span,
                         fmt::format("`{}` is a value of more than one field of `{}` ({}), so it is not clear which one becomes it",
                                     decl.value.name, event.name, fmt::join(having, " and ")),
                         "a checkpoint watches one field: choose a value that only one field of the event has");
    }
  }

  // The givens and requirements read the passage's fields by their bare names,
  // as in a `where`. Without a known event type they would only add confusion.
  if (def.event_type >= 0) {
    Scope scope;
    scope.pack = pack;
    scope.event_scopes.push_back(def.event_type);
    scope.event_aliases.push_back("");
    def.givens = givens(decl.givens, scope);
    for (const ast::CheckpointRequirement& r : decl.requirements) {
      auto condition = this->condition(r.condition, scope);
      if (!condition) continue;
      std::string label = r.label.empty() ? span_text(r.condition.span, r.condition.end_span) : r.label;
      def.requirements.push_back({std::move(*condition), std::move(label), r.span});
    }
  }

  // The follow-up prompts: declared tasks and alerts the pack can see.
  auto prompt = [&](const ast::Named& name, const std::string& what, const auto& defs) {
    if (name.name.empty()) return -1;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < defs.size(); ++i) {
      if (defs[i].name != name.name) {
        names.push_back(defs[i].name);
        continue;
      }
      if (!visible(pack, defs[i].pack))
        not_visible(name.span, fmt::format("the {} `{}`", what, name.name), defs[i].pack, pack);
      return static_cast<int>(i);
    }
    std::string close = closest_name(name.name, names);
    diagnostics_.error(name.span, fmt::format("there is no {} called `{}`", what, name.name),
                       close.empty() ? fmt::format("declare it with `when ... {} {} ...`",
                                                   what == "task" ? "open task" : "raise alert", name.name)
                                     : fmt::format("did you mean `{}`?", close));
    return -1;
  };
  def.task = prompt(decl.task, "task", program_.tasks);
  def.alert = prompt(decl.alert, "alert", program_.alerts);
  program_.checkpoints.push_back(std::move(def));
}

}  // namespace carerules
