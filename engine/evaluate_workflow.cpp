// The evaluator's side of workflows and checkpoints: the facts the workflow
// runtime reads about each task, and the judging of checkpoint passages. The
// hot path (evaluate, prompts) does not come here.
#include <fmt/format.h>

#include "engine/evaluate.hpp"

namespace carerules {

void Evaluator::task_facts(std::vector<TaskFacts>& out) {
  out.resize(program_.tasks.size());
  for (std::size_t i = 0; i < program_.tasks.size(); ++i) {
    const TaskDef& t = program_.tasks[i];
    TaskFacts& facts = out[i];
    facts.task = static_cast<int>(i);
    facts.transitions.clear();
    try {
      locals_.resize(t.givens.size());
      for (std::size_t g = 0; g < t.givens.size(); ++g) locals_[g] = eval(t.givens[g].value);
      facts.needed = eval(t.when);
      facts.done = t.done ? eval(*t.done) : Value::unknown();
      bool needed = facts.needed.kind == ValueKind::boolean && facts.needed.b;
      bool done = facts.done.kind == ValueKind::boolean && facts.done.b;
      facts.open = needed && !done;
      facts.due = t.due ? eval(*t.due) : Value::unknown();
      facts.about = t.about ? eval(*t.about) : Value::unknown();
      for (const Expr& condition : t.transition_conditions) facts.transitions.push_back(eval(condition));
    } catch (const EvaluationError& error) {
      throw EvaluationError(fmt::format("task {}: {}", t.name, error.what()));
    }
  }
}

void Evaluator::passages(int checkpoint, std::vector<const Event*>& out) {
  out.clear();
  if (!history_) return;
  const CheckpointDef& def = program_.checkpoints[static_cast<std::size_t>(checkpoint)];
  for (std::size_t i = 0; i < visible_; ++i) {
    const Event* e = (*history_)[i];
    if (e->type != def.event_type) continue;
    const Value& v = e->fields[def.field];
    if (v.kind == ValueKind::enumeration && v.small == def.value) out.push_back(e);
  }
}

void Evaluator::judge_checkpoint(int checkpoint, const Event* passage, std::vector<Value>& requirements) {
  const CheckpointDef& def = program_.checkpoints[static_cast<std::size_t>(checkpoint)];
  requirements.clear();
  scope_.clear();  // at the top level nothing is in scope (an earlier error may have left something)
  scope_.push_back(passage);
  try {
    locals_.resize(def.givens.size());
    for (std::size_t g = 0; g < def.givens.size(); ++g) locals_[g] = eval(def.givens[g].value);
    for (const CheckpointRequirement& r : def.requirements) requirements.push_back(eval(r.condition));
  } catch (const EvaluationError& error) {
    scope_.clear();
    throw EvaluationError(fmt::format("checkpoint {}: {}", def.name, error.what()));
  }
  scope_.pop_back();
}

Value Evaluator::add_duration_to(Date d, const Value& duration) {
  if (duration.kind != ValueKind::duration) return Value::unknown();
  return add_duration(d, duration, false);
}

Value Evaluator::duration_of(const Expr& e) {
  if (e.op != Op::constant && e.op != Op::setting) return Value::unknown();
  Value v = eval(e);
  return v.kind == ValueKind::duration ? v : Value::unknown();
}

}  // namespace carerules
