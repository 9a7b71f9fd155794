#include "engine/evaluate.hpp"

#include "engine/describe.hpp"

#include <algorithm>
#include <bit>
#include <fmt/format.h>

namespace carerules {

namespace {

Value from_data(const DataValue& d, StringPool& strings) {
  switch (d.kind) {
    case TypeKind::boolean: return Value::of_bool(d.boolean);
    case TypeKind::number:
    case TypeKind::money: return Value::of_number(d.number);
    case TypeKind::text: return Value::of_text(strings.intern(d.text));
    case TypeKind::date: return Value::of_date(d.date);
    case TypeKind::timestamp: return Value::of_timestamp(d.timestamp);
    case TypeKind::enumeration: return Value::of_enum(d.enum_value);
    case TypeKind::duration: {
      Value v;
      v.kind = ValueKind::duration;
      v.small = d.amount;
      v.unit = d.unit;
      v.working = d.working;
      return v;
    }
    default: return Value::unknown();
  }
}

Value tri(bool known, bool value) { return known ? Value::of_bool(value) : Value::unknown(); }

}  // namespace

Evaluator::Evaluator(const Program& program, StringPool& strings) : program_(program), strings_(strings) {
  for (const DataValue& d : program.constants) constants_.push_back(from_data(d, strings));
  if (auto it = program.calendars.find("england_and_wales"); it != program.calendars.end()) calendar_ = &it->second;
  else if (!program.calendars.empty()) calendar_ = &program.calendars.begin()->second;
  query_cache_.resize(static_cast<std::size_t>(program.query_slots));
  query_stamp_.assign(static_cast<std::size_t>(program.query_slots), 0);
  settings_.resize(program.settings.size());
  for (std::size_t i = 0; i < program.settings.size(); ++i) settings_[i] = eval(program.settings[i].value);
}

void Evaluator::set_setting(int setting, const Expr& value) { settings_[static_cast<std::size_t>(setting)] = eval(value); }

void Evaluator::evaluate(const CaseEvents& c, Date as_of, std::vector<Value>& results, std::vector<DecisionTrace>* trace) {
  history_ = &c.history;
  as_of_ = as_of;
  // History is ordered by date: the visible events are a prefix.
  visible_ = static_cast<std::size_t>(
      std::upper_bound(c.history.begin(), c.history.end(), as_of, [](Date d, const Event* e) { return d < e->date; }) -
      c.history.begin());
  results.assign(program_.decisions.size(), Value::unknown());
  results_ = &results;
  event_lists_used_ = text_sets_used_ = 0;
  if (++stamp_ == 0) {  // wrapped: forget every shared result
    std::fill(query_stamp_.begin(), query_stamp_.end(), 0);
    stamp_ = 1;
  }
  if (trace) trace->assign(program_.decisions.size(), DecisionTrace{});
  for (int d : program_.evaluation_order) {
    try {
      evaluate_decision(d, results, trace ? &(*trace)[static_cast<std::size_t>(d)] : nullptr);
    } catch (const EvaluationError& error) {
      throw EvaluationError(fmt::format("case {}, decision {}: {}", strings_.text(c.case_id),
                                        program_.decisions[static_cast<std::size_t>(d)].name, error.what()));
    }
  }
}

void Evaluator::evaluate_decision(int index, std::vector<Value>& results, DecisionTrace* trace) {
  const DecisionDef& def = program_.decisions[static_cast<std::size_t>(index)];
  events_read_ = trace ? &trace->events_read : nullptr;
  locals_.resize(def.givens.size());
  for (std::size_t i = 0; i < def.givens.size(); ++i) {
    locals_[i] = eval(def.givens[i].value);
    if (trace) {
      trace->givens.push_back(locals_[i]);
      if (locals_[i].kind == ValueKind::event) trace->events_read.push_back(locals_[i].event);
    }
  }
  Value result;
  int applied = -1;
  for (std::size_t i = 0; i < def.cases.size(); ++i) {
    const DecisionCase& c = def.cases[i];
    if (c.condition) {
      Value cond = eval(*c.condition);
      if (trace) {
        CaseTried tried;
        tried.index = static_cast<int>(i);
        const Expr& root = *c.condition;
        if (root.op == Op::and_) {
          for (const Expr& part : root.args) tried.conditions.push_back({&part, eval(part)});
        } else {
          tried.conditions.push_back({&root, cond});
        }
        trace->tried.push_back(std::move(tried));
      }
      if (cond.is_unknown()) break;
      if (!cond.b) continue;
    }
    result = eval(c.value);
    applied = static_cast<int>(i);
    break;
  }
  results[static_cast<std::size_t>(index)] = result;
  if (trace) {
    // The explanation is filled in while this decision's `given` values are in place.
    for (const ExplainPiece& piece : def.explain)
      trace->explanation += piece.value ? describe(program_, strings_, piece.value->type, eval(*piece.value)) : piece.text;
    trace->value = result;
    trace->applied = applied;
    std::sort(trace->events_read.begin(), trace->events_read.end(),
              [](const Event* a, const Event* b) { return a->order < b->order; });
    trace->events_read.erase(std::unique(trace->events_read.begin(), trace->events_read.end()), trace->events_read.end());
  }
  events_read_ = nullptr;
}

void Evaluator::prompts(std::vector<OpenTask>& tasks, std::vector<RaisedAlert>& alerts) {
  tasks.clear();
  alerts.clear();
  locals_.clear();
  for (std::size_t i = 0; i < program_.tasks.size(); ++i) {
    const TaskDef& t = program_.tasks[i];
    locals_.resize(t.givens.size());
    for (std::size_t g = 0; g < t.givens.size(); ++g) locals_[g] = eval(t.givens[g].value);
    Value open = eval(t.when);
    if (open.kind != ValueKind::boolean || !open.b) continue;
    if (t.done) {
      Value done = eval(*t.done);
      if (done.kind == ValueKind::boolean && done.b) continue;
    }
    OpenTask task;
    task.task = static_cast<int>(i);
    if (t.due) task.due = eval(*t.due);
    if (t.about) task.about = eval(*t.about);
    tasks.push_back(task);
  }
  // Tasks sort by name, then due date (unknown last): byte-stable output.
  std::stable_sort(tasks.begin(), tasks.end(), [](const OpenTask& a, const OpenTask& b) {
    if (a.task != b.task) return a.task < b.task;
    if (a.due.is_unknown() != b.due.is_unknown()) return b.due.is_unknown();
    return a.due.small < b.due.small;
  });
  for (std::size_t i = 0; i < program_.alerts.size(); ++i) {
    const AlertDef& a = program_.alerts[i];
    locals_.resize(a.givens.size());
    for (std::size_t g = 0; g < a.givens.size(); ++g) locals_[g] = eval(a.givens[g].value);
    Value raised = eval(a.when);
    if (raised.kind != ValueKind::boolean || !raised.b) continue;
    RaisedAlert alert;
    alert.alert = static_cast<int>(i);
    for (const ExplainPiece& piece : a.message)
      alert.message += piece.value ? describe(program_, strings_, piece.value->type, eval(*piece.value)) : piece.text;
    alerts.push_back(std::move(alert));
  }
}

bool Evaluator::equal(const Value& a, const Value& b) const {
  switch (a.kind) {
    case ValueKind::boolean: return a.b == b.b;
    case ValueKind::number: return a.number == b.number;
    case ValueKind::timestamp: return a.big == b.big;
    case ValueKind::enum_set: return a.mask == b.mask;
    case ValueKind::duration: return a.small == b.small && a.unit == b.unit && a.working == b.working;
    case ValueKind::event: return a.event == b.event;
    default: return a.small == b.small;
  }
}

int Evaluator::compare(const Value& a, const Value& b) const {
  switch (a.kind) {
    case ValueKind::number: return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
    case ValueKind::timestamp: return a.big < b.big ? -1 : a.big > b.big ? 1 : 0;
    default: return a.small < b.small ? -1 : a.small > b.small ? 1 : 0;
  }
}

Value Evaluator::add_duration(Date d, const Value& duration, bool subtract) {
  std::int64_t n = subtract ? -duration.small : duration.small;
  if (duration.working) {
    if (!calendar_) throw EvaluationError("working days are used but no bank-holiday calendar is declared in the rules");
    auto out = calendar_->add_working_days(d, static_cast<int>(n));
    if (!out)
      throw EvaluationError(fmt::format(
          "cannot count {} working days from {}: the bank-holiday calendar `{}` covers only {} to {}", duration.small,
          format_date(d), calendar_->name(), format_date(calendar_->first_covered()), format_date(calendar_->last_covered())));
    return Value::of_date(*out);
  }
  switch (static_cast<ast::DurationUnit>(duration.unit)) {
    case ast::DurationUnit::days: return Value::of_date(add_days(d, n));
    case ast::DurationUnit::weeks: return Value::of_date(add_days(d, 7 * n));
    case ast::DurationUnit::months: return Value::of_date(add_months(d, n));
    case ast::DurationUnit::years: return Value::of_date(add_months(d, 12 * n));
  }
  return Value::unknown();
}

Value Evaluator::eval(const Expr& e) {
  switch (e.op) {
    case Op::constant: return constants_[static_cast<std::size_t>(e.a)];
    case Op::today: return Value::of_date(as_of_);
    case Op::local: return locals_[static_cast<std::size_t>(e.a)];
    case Op::decision: return (*results_)[static_cast<std::size_t>(e.a)];
    case Op::setting: return settings_[static_cast<std::size_t>(e.a)];
    case Op::scope_event: {
      const Event* ev = scope_[scope_.size() - 1 - static_cast<std::size_t>(e.b)];
      return Value::of_event(ev);
    }
    case Op::field: {
      Value base = eval(e.args[0]);
      if (base.kind == ValueKind::event) return base.event->fields[e.a];
      if (base.kind == ValueKind::record) return base.items[e.a];
      return Value::unknown();
    }
    case Op::envelope: {
      Value base = eval(e.args[0]);
      if (base.kind != ValueKind::event) return Value::unknown();
      if (e.a == 0) return Value::of_date(base.event->date);
      if (e.a == 1) return Value::of_timestamp(base.event->recorded);
      return Value::of_text(base.event->id);
    }
    case Op::map_entry: {
      Value base = eval(e.args[0]);
      return base.kind == ValueKind::map ? base.items[e.a] : Value::unknown();
    }
    case Op::not_: {
      Value v = eval(e.args[0]);
      return v.is_unknown() ? v : Value::of_bool(!v.b);
    }
    case Op::and_: {
      bool unknown = false;
      for (const Expr& arg : e.args) {
        Value v = eval(arg);
        if (v.is_unknown()) unknown = true;
        else if (!v.b) return Value::of_bool(false);
      }
      return tri(!unknown, true);
    }
    case Op::or_: {
      bool unknown = false;
      for (const Expr& arg : e.args) {
        Value v = eval(arg);
        if (v.is_unknown()) unknown = true;
        else if (v.b) return Value::of_bool(true);
      }
      return tri(!unknown, false);
    }
    case Op::compare: {
      Value a = eval(e.args[0]), b = eval(e.args[1]);
      if (a.is_unknown() || b.is_unknown()) return Value::unknown();
      switch (static_cast<ast::CompareOp>(e.a)) {
        case ast::CompareOp::eq: return Value::of_bool(equal(a, b));
        case ast::CompareOp::ne: return Value::of_bool(!equal(a, b));
        case ast::CompareOp::lt: return Value::of_bool(compare(a, b) < 0);
        case ast::CompareOp::le: return Value::of_bool(compare(a, b) <= 0);
        case ast::CompareOp::gt: return Value::of_bool(compare(a, b) > 0);
        case ast::CompareOp::ge: return Value::of_bool(compare(a, b) >= 0);
      }
      return Value::unknown();
    }
    case Op::is_known: return Value::of_bool(eval(e.args[0]).is_unknown() == e.negated);
    case Op::one_of: {
      Value a = eval(e.args[0]);
      if (a.is_unknown()) return a;
      bool unknown = false;
      for (std::size_t i = 1; i < e.args.size(); ++i) {
        Value option = eval(e.args[i]);
        if (option.is_unknown()) unknown = true;
        else if (equal(a, option)) return Value::of_bool(!e.negated);
      }
      return tri(!unknown, e.negated);
    }
    case Op::add:
    case Op::subtract: {
      Value a = eval(e.args[0]), b = eval(e.args[1]);
      if (a.is_unknown() || b.is_unknown()) return Value::unknown();
      return Value::of_number(e.op == Op::add ? a.number + b.number : a.number - b.number);
    }
    case Op::negate: {
      Value a = eval(e.args[0]);
      return a.is_unknown() ? a : Value::of_number(-a.number);
    }
    case Op::date_plus:
    case Op::date_minus: {
      Value d = eval(e.args[0]), duration = eval(e.args[1]);
      if (d.is_unknown() || duration.is_unknown()) return Value::unknown();
      return add_duration(d.as_date(), duration, e.op == Op::date_minus);
    }
    case Op::pick:
    case Op::all:
    case Op::exists:
    case Op::count_events:
    case Op::distinct: return eval_query(e);
    case Op::count_value: {
      Value v = eval(e.args[0]);
      switch (v.kind) {
        case ValueKind::enum_set: return Value::of_number(std::popcount(v.mask));
        case ValueKind::map_subset: return Value::of_number(std::popcount(static_cast<std::uint32_t>(v.small)));
        case ValueKind::text_set: return Value::of_number(static_cast<double>(v.texts->size()));
        case ValueKind::event_list: return Value::of_number(static_cast<double>(v.events->size()));
        default: return Value::unknown();
      }
    }
    case Op::that_are: {
      Value base = eval(e.args[0]);
      if (base.is_unknown()) return base;
      std::vector<Value> options;
      for (std::size_t i = 1; i < e.args.size(); ++i) {
        options.push_back(eval(e.args[i]));
        if (options.back().is_unknown()) return Value::unknown();
      }
      auto selected = [&](const Value& v) {
        bool match = false;
        for (const Value& o : options) match |= v.small == o.small;
        return match != e.negated;
      };
      if (base.kind == ValueKind::map) {
        std::size_t keys = program_.enums[static_cast<std::size_t>(e.args[0].type.ref)].values.size();
        std::uint32_t mask = 0;
        for (std::size_t k = 0; k < keys; ++k) {
          const Value& v = base.items[k];
          if (v.is_unknown()) return Value::unknown();  // cannot tell whether it belongs
          if (selected(v)) mask |= 1u << k;
        }
        Value out = Value::of_items(ValueKind::map_subset, base.items);
        out.small = static_cast<std::int32_t>(mask);
        // The values' list, so that explanations can say "nutrition (needs assistance)".
        int value_enum = e.args[0].type.ref2;
        out.unit = value_enum >= 0 && value_enum < 255 ? static_cast<std::uint8_t>(value_enum + 1) : 0;
        return out;
      }
      std::uint64_t mask = 0;
      for (int k = 0; k < 64; ++k)
        if ((base.mask >> k) & 1u && selected(Value::of_enum(k))) mask |= std::uint64_t{1} << k;
      return Value::of_enum_set(mask);
    }
    case Op::at_least_of: {
      int yes = 0, unknown = 0;
      for (const Expr& arg : e.args) {
        Value v = eval(arg);
        if (v.is_unknown()) ++unknown;
        else if (v.b) ++yes;
      }
      if (yes >= e.a) return Value::of_bool(true);
      return tri(yes + unknown < e.a, false);
    }
    case Op::extreme: {
      // Unknown parts are left out: "the earlier of" the limits that are known.
      Value best;
      for (const Expr& arg : e.args) {
        Value v = eval(arg);
        if (v.is_unknown()) continue;
        if (best.is_unknown() || (e.latest ? compare(v, best) > 0 : compare(v, best) < 0)) best = v;
      }
      return best;
    }
    case Op::set_of: {
      std::uint64_t mask = 0;
      for (std::size_t i = 0; i + 1 < e.args.size(); i += 2) {
        Value cond = eval(e.args[i + 1]);
        if (cond.is_unknown()) return cond;  // cannot tell whether it belongs
        if (!cond.b) continue;
        Value item = eval(e.args[i]);
        if (item.is_unknown()) return item;
        mask |= std::uint64_t{1} << item.small;
      }
      return Value::of_enum_set(mask);
    }
    case Op::if_: {
      Value c = eval(e.args[0]);
      if (c.is_unknown()) return c;
      return eval(e.args[c.b ? 1 : 2]);
    }
  }
  return Value::unknown();
}

}  // namespace carerules
