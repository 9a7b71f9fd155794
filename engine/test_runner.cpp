#include "engine/test_runner.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "engine/case_base.hpp"
#include "engine/case_fold.hpp"
#include "engine/describe.hpp"
#include "engine/evaluate.hpp"

namespace carerules {

namespace {

Value to_value(const DataValue& d, CaseBase& base) {
  switch (d.kind) {
    case TypeKind::boolean: return Value::of_bool(d.boolean);
    case TypeKind::number:
    case TypeKind::money: return Value::of_number(d.number);
    case TypeKind::text: return Value::of_text(base.strings.intern(d.text));
    case TypeKind::date: return Value::of_date(d.date);
    case TypeKind::timestamp: return Value::of_timestamp(d.timestamp);
    case TypeKind::enumeration: return Value::of_enum(d.enum_value);
    case TypeKind::set: {
      std::uint64_t mask = 0;
      for (const DataValue& item : d.items)
        if (item.kind == TypeKind::enumeration) mask |= std::uint64_t{1} << item.enum_value;
      return Value::of_enum_set(mask);
    }
    case TypeKind::map:
    case TypeKind::record: {
      Value* items = base.allocate_values(d.items.size());
      for (std::size_t i = 0; i < d.items.size(); ++i) items[i] = to_value(d.items[i], base);
      return Value::of_items(d.kind == TypeKind::map ? ValueKind::map : ValueKind::record, items);
    }
    default: return Value::unknown();
  }
}

// Does the decision's value equal the expected one? Sets compare as sets.
bool same(const Value& actual, const DataValue& expected, const Type& type, CaseBase& base) {
  if (expected.kind == TypeKind::unknown) return actual.is_unknown();
  if (actual.is_unknown()) return false;
  if (type.kind == TypeKind::set) {
    std::uint64_t mask = actual.kind == ValueKind::map_subset ? static_cast<std::uint32_t>(actual.small) : actual.mask;
    return mask == to_value(expected, base).mask;
  }
  Value want = to_value(expected, base);
  switch (actual.kind) {
    case ValueKind::boolean: return actual.b == want.b;
    case ValueKind::number: return actual.number == want.number;
    case ValueKind::timestamp: return actual.big == want.big;
    default: return actual.small == want.small;
  }
}

// `expect checkpoint NAME passes on DATE` (or `fails`): each passage of that
// day judged as of that day. Evaluates the case again, as of DATE.
void check_checkpoint(const Program& program, Evaluator& evaluator, const CaseEvents& c, const Expectation& expect,
                      std::vector<std::string>& failures) {
  const CheckpointDef& def = program.checkpoints[static_cast<std::size_t>(expect.decision)];
  const Date day = expect.value.date;
  std::vector<Value> results, requirements;
  std::vector<const Event*> passages;
  evaluator.evaluate(c, day, results);
  evaluator.passages(expect.decision, passages);
  std::vector<std::string> missing;
  bool any = false;
  for (const Event* passage : passages) {
    if (passage->date != day) continue;
    any = true;
    evaluator.judge_checkpoint(expect.decision, passage, requirements);
    for (std::size_t r = 0; r < requirements.size(); ++r)
      if (requirements[r].kind != ValueKind::boolean || !requirements[r].b) missing.push_back(def.requirements[r].label);
  }
  if (!any) {
    const EventTypeDef& event = program.events[static_cast<std::size_t>(def.event_type)];
    const FieldDef& field = program.records[static_cast<std::size_t>(event.record)].fields[static_cast<std::size_t>(def.field)];
    const std::string& value = program.enums[static_cast<std::size_t>(field.type.ref)].values[static_cast<std::size_t>(def.value)];
    failures.push_back(fmt::format("line {}: expected a {} to become {} on {} (the checkpoint {}), but none does", expect.span.line,
                                   event.name, value, format_date(day), def.name));
  }
  else if (expect.negated && missing.empty())
    failures.push_back(fmt::format("line {}: expected the checkpoint {} to fail on {}, but nothing is missing", expect.span.line,
                                   def.name, format_date(day)));
  else if (!expect.negated && !missing.empty())
    failures.push_back(fmt::format("line {}: expected the checkpoint {} to pass on {}, but it fails: missing {}", expect.span.line,
                                   def.name, format_date(day), fmt::join(missing, "; ")));
}

}  // namespace

std::vector<TestOutcome> run_tests(const Program& program, const std::string& name_filter,
                                   const std::function<bool(const TestDef&)>& include) {
  std::vector<TestOutcome> outcomes;
  for (const TestDef& test : program.tests) {
    if (!name_filter.empty() && test.name.find(name_filter) == std::string::npos) continue;
    if (include && !include(test)) continue;
    TestOutcome outcome;
    outcome.test = &test;
    CaseBase base;
    CaseEvents& c = base.case_for(base.strings.intern("test-case"));
    std::uint32_t order = 0;
    for (const TestEvent& te : test.events) {
      Event* e = base.add_event();
      e->type = te.event_type;
      e->date = te.date;
      e->recorded = te.recorded ? *te.recorded : start_of_day(te.date);
      e->order = order++;
      e->id = base.strings.intern(te.id.empty() ? fmt::format("t{}", order) : te.id);
      e->amends = te.amends.empty() ? 0 : base.strings.intern(te.amends);
      e->source_line = static_cast<std::uint32_t>(te.span.line);
      e->fields = to_value(te.fields, base).items;
      c.events.push_back(e);
    }
    fold_case(c, test.known_at);
    try {
      Evaluator evaluator(program, base.strings);
      for (const auto& [setting, value] : test.settings) evaluator.set_setting(setting, value);
      std::vector<Value> results;
      evaluator.evaluate(c, test.as_of, results);
      std::vector<OpenTask> tasks;
      std::vector<RaisedAlert> alerts;
      evaluator.prompts(tasks, alerts);
      for (const Expectation& expect : test.expects) {
        if (expect.kind == Expectation::Kind::checkpoint_passes) {
          check_checkpoint(program, evaluator, c, expect, outcome.failures);
          continue;
        }
        if (expect.kind != Expectation::Kind::decision) {
          if (expect.kind == Expectation::Kind::alert_raised) {
            bool raised = false;
            for (const RaisedAlert& a : alerts) raised |= a.alert == expect.decision;
            if (raised == expect.negated)
              outcome.failures.push_back(fmt::format("line {}: expected the alert {} {}, but it is {}", expect.span.line,
                                                     program.alerts[static_cast<std::size_t>(expect.decision)].name,
                                                     expect.negated ? "not to be raised" : "to be raised",
                                                     raised ? "raised" : "not raised"));
            continue;
          }
          const OpenTask* open = nullptr;
          for (const OpenTask& t : tasks)
            if (t.task == expect.decision && !open) open = &t;
          const std::string& name = program.tasks[static_cast<std::size_t>(expect.decision)].name;
          if (expect.kind == Expectation::Kind::task_open) {
            if ((open != nullptr) == expect.negated)
              outcome.failures.push_back(fmt::format("line {}: expected the task {} {}, but it is {}", expect.span.line, name,
                                                     expect.negated ? "not to be open" : "to be open", open ? "open" : "not open"));
          } else if (!open) {
            outcome.failures.push_back(fmt::format("line {}: expected the task {} to be open and due {}, but it is not open",
                                                   expect.span.line, name, format_date(expect.value.date)));
          } else if (open->due.kind != ValueKind::date || open->due.small != expect.value.date.days) {
            outcome.failures.push_back(fmt::format("line {}: expected the task {} to be due {}, but it is due {}", expect.span.line,
                                                   name, format_date(expect.value.date),
                                                   describe(program, base.strings, {TypeKind::date}, open->due)));
          }
          continue;
        }
        const DecisionDef& def = program.decisions[static_cast<std::size_t>(expect.decision)];
        const Value& actual = results[static_cast<std::size_t>(expect.decision)];
        bool equal = same(actual, expect.value, def.type, base);
        if (equal == expect.negated) {
          Value want = to_value(expect.value, base);
          if (def.type.kind == TypeKind::set && expect.value.kind != TypeKind::unknown) want.kind = ValueKind::enum_set;
          outcome.failures.push_back(fmt::format("line {}: expected {} {}{}, but it is {}", expect.span.line, def.name,
                                                 expect.negated ? "not to be " : "to be ",
                                                 describe(program, base.strings, def.type, want),
                                                 describe(program, base.strings, def.type, actual)));
        }
      }
    } catch (const EvaluationError& error) {
      outcome.failures.push_back(error.what());
    }
    outcome.passed = outcome.failures.empty();
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace carerules
