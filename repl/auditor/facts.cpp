#include "repl/auditor/facts.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "dsl/source.hpp"
#include "engine/describe.hpp"

namespace carerules::auditor {

namespace {

constexpr const char* kEnvelopeWords[] = {"date", "recorded", "id"};

Fact fact(std::string what, std::string value, bool missing, int decision = -1, std::string needed = {}) {
  Fact f;
  f.what = std::move(what);
  f.value = std::move(value);
  f.missing = missing;
  f.decision = decision;
  f.needed = std::move(needed);
  return f;
}

class FactWalker {
 public:
  FactWalker(const FactSources& s, std::vector<Fact>& out) : s_(s), out_(out) {}

  void walk(const Expr& e) {
    switch (e.op) {
      case Op::field:
      case Op::envelope: {
        std::vector<const Expr*> steps;  // outermost first
        const Expr* base = &e;
        while ((base->op == Op::field || base->op == Op::envelope) && !base->args.empty()) {
          steps.push_back(base);
          base = &base->args[0];
        }
        if (base->op == Op::local) {
          std::reverse(steps.begin(), steps.end());
          local_path(base->a, steps);
        } else {
          walk(*base);
        }
        return;
      }
      case Op::local: local_path(e.a, {}); return;
      case Op::decision: {
        const DecisionDef& d = s_.program.decisions[static_cast<std::size_t>(e.a)];
        const Value& v = s_.results[static_cast<std::size_t>(e.a)];
        add(fact(fmt::format("the decision `{}`", d.name), describe(s_.program, s_.strings, d.type, v), v.is_unknown(), e.a));
        return;
      }
      case Op::setting: {
        const SettingDef& d = s_.program.settings[static_cast<std::size_t>(e.a)];
        add(fact(fmt::format("the setting `{}`", d.name),
             describe(s_.program, s_.strings, d.type, s_.settings[static_cast<std::size_t>(e.a)]), false));
        return;
      }
      case Op::today: add(fact("the as-of date", format_date(s_.as_of), false)); return;
      case Op::pick:
      case Op::all:
      case Op::exists:
      case Op::count_events:
      case Op::distinct: query(e); return;
      default:
        for (const Expr& arg : e.args) walk(arg);
    }
  }

 private:
  void add(Fact fact) {
    for (const Fact& f : out_)
      if (f.what == fact.what) return;
    out_.push_back(std::move(fact));
  }

  // A query over the case's events: which events it looks at, how many of
  // them there are as of the date, and what its time window reads.
  void query(const Expr& e) {
    if (!e.query) return;
    const std::string& type = s_.program.events[static_cast<std::size_t>(e.query->event_type)].name;
    std::size_t count = 0;
    if (s_.history)
      for (const Event* ev : s_.history->history)
        if (ev->date <= s_.as_of && ev->type == e.query->event_type) ++count;
    add(fact(fmt::format("`{}`, which looks at the case's {} events", span_text(e.span, e.end_span), type),
         fmt::format("{} {} event{} as of the date", count, type, count == 1 ? "" : "s"), false));
    for (const Window& w : e.query->windows)
      if (w.value) walk(*w.value);
    for (const Expr& arg : e.args) walk(arg);
  }

  // `g.field.field`: the given's value, then each step into it.
  void local_path(int slot, const std::vector<const Expr*>& steps) {
    if (slot < 0 || static_cast<std::size_t>(slot) >= s_.decision.givens.size()) return;
    const Given& given = s_.decision.givens[static_cast<std::size_t>(slot)];
    const Value& value = s_.trace.givens.size() > static_cast<std::size_t>(slot) ? s_.trace.givens[static_cast<std::size_t>(slot)]
                                                                                 : Value::unknown();
    const std::string source = span_text(given.value.span, given.value.end_span);
    if (value.is_unknown()) {
      if (given.value.type.kind == TypeKind::event)
        add(fact(fmt::format("`{}` (given `{}`)", source, given.name), "nothing in the case history matches it", true, -1,
             fmt::format("an event that matches `{}`", source)));
      else
        add(fact(fmt::format("`{}` (given `{}`)", source, given.name), "unknown", true));
      walk_given(slot);
      return;
    }
    if (value.kind == ValueKind::event) {
      if (steps.empty()) add(fact(fmt::format("given `{}`", given.name), event_words(value.event), false));
      else event_path(value.event, steps);
      return;
    }
    // A given that is itself a value (a yes/no, a record): where it comes
    // from, then the part read.
    walk_given(slot);
    if (steps.empty()) {
      add(fact(fmt::format("`{}` (`{}`)", given.name, source), describe(s_.program, s_.strings, given.value.type, value), false));
      return;
    }
    Value v = value;
    Type type = given.value.type;
    std::string path = given.name;
    for (const Expr* step : steps) {
      if (step->op != Op::field || v.kind != ValueKind::record || type.kind != TypeKind::record) return;
      const RecordDef& record = s_.program.records[static_cast<std::size_t>(type.ref)];
      const FieldDef& field = record.fields[static_cast<std::size_t>(step->a)];
      v = v.items[step->a];
      type = field.type;
      path += "." + field.name;
    }
    add(fact(fmt::format("`{}`", path), v.is_unknown() ? "unknown" : words(type, v), v.is_unknown()));
  }

  // A value in words; a map (such as an assessment's outcomes) entry by entry.
  std::string words(const Type& type, const Value& v) const {
    if (v.kind != ValueKind::map || type.kind != TypeKind::map || type.ref < 0) return describe(s_.program, s_.strings, type, v);
    const EnumDef& keys = s_.program.enums[static_cast<std::size_t>(type.ref)];
    const Type value_type{TypeKind::enumeration, type.ref2};
    std::string out;
    for (std::size_t k = 0; k < keys.values.size(); ++k)
      out += fmt::format("{}{} ({})", out.empty() ? "" : ", ", keys.values[k],
                         v.items[k].is_unknown() ? "unknown" : describe(s_.program, s_.strings, value_type, v.items[k]));
    return out;
  }

  void walk_given(int slot) {
    if (std::find(givens_walked_.begin(), givens_walked_.end(), slot) != givens_walked_.end()) return;
    givens_walked_.push_back(slot);
    walk(s_.decision.givens[static_cast<std::size_t>(slot)].value);
  }

  // "the assessment of 2026-03-05 (event AT-0240-e5, recorded 2026-03-05T00:00:00Z)".
  std::string event_words(const Event* event) const {
    return fmt::format("the {} of {} (event {}, recorded {})", s_.program.events[static_cast<std::size_t>(event->type)].name,
                       format_date(event->date), s_.strings.text(event->id), format_timestamp(event->recorded));
  }

  // A field (or envelope part) of an event, followed into nested records.
  void event_path(const Event* event, const std::vector<const Expr*>& steps) {
    const EventTypeDef& type_def = s_.program.events[static_cast<std::size_t>(event->type)];
    const std::string where = event_words(event);
    if (steps.front()->op == Op::envelope) {
      const int part = steps.front()->a;
      const char* word = part >= 0 && part < 3 ? kEnvelopeWords[part] : "part";
      std::string v = part == 0 ? format_date(event->date)
                      : part == 1 ? format_timestamp(event->recorded)
                                  : std::string(s_.strings.text(event->id));
      add(fact(fmt::format("{} of {}", word, where), v, false));
      return;
    }
    const Value* values = event->fields;
    int record = type_def.record;
    std::string path;
    Value v;
    Type type;
    for (const Expr* step : steps) {
      if (step->op != Op::field || !values || record < 0) break;
      const FieldDef& field = s_.program.records[static_cast<std::size_t>(record)].fields[static_cast<std::size_t>(step->a)];
      v = values[step->a];
      type = field.type;
      path += (path.empty() ? "" : ".") + field.name;
      if (v.kind == ValueKind::record && type.kind == TypeKind::record) {
        values = v.items;
        record = type.ref;
      } else {
        values = nullptr;
      }
    }
    const std::string what = fmt::format("{} of {}", path, where);
    add(fact(what, v.is_unknown() ? "not recorded" : words(type, v), v.is_unknown(), -1, v.is_unknown() ? what : ""));
  }

  const FactSources& s_;
  std::vector<Fact>& out_;
  std::vector<int> givens_walked_;
};

}  // namespace

std::vector<Fact> facts_of(const Expr& e, const FactSources& sources) {
  std::vector<Fact> out;
  FactWalker(sources, out).walk(e);
  return out;
}

std::vector<Fact> facts_of_decision(const FactSources& sources) {
  std::vector<Fact> out;
  FactWalker walker(sources, out);
  for (const CaseTried& tried : sources.trace.tried)
    for (const ConditionTrace& c : tried.conditions)
      if (c.condition) walker.walk(*c.condition);
  if (sources.trace.applied >= 0)
    walker.walk(sources.decision.cases[static_cast<std::size_t>(sources.trace.applied)].value);
  return out;
}

}  // namespace carerules::auditor
