// Test blocks: the events they give, typed against the schema, and the
// decisions they expect.
#include <fmt/format.h>

#include "dsl/checker.hpp"

namespace carerules {

namespace {

std::string values_of(const EnumDef& def) {
  std::string out;
  for (std::size_t i = 0; i < def.values.size(); ++i) out += (i ? ", " : "") + def.values[i];
  return out;
}

}  // namespace

std::optional<DataValue> Checker::data_value(const ast::LiteralValue* literal, const Type& type, const Span& at,
                                             const std::string& what) {
  using K = ast::LiteralValue::Kind;
  DataValue v;
  if (literal && literal->kind == K::unknown) return v;
  Span where = literal ? literal->span : at;
  auto wrong = [&](const std::string& expected) -> std::optional<DataValue> {
    diagnostics_.error(where, fmt::format("{} should be {}", what, expected));
    return std::nullopt;
  };
  switch (type.kind) {
    case TypeKind::boolean:
      if (!literal || literal->kind == K::yes) v.boolean = true;
      else if (literal->kind == K::no) v.boolean = false;
      else return wrong("`yes` or `no`");
      v.kind = TypeKind::boolean;
      return v;
    case TypeKind::number:
    case TypeKind::money:
      if (!literal || literal->kind != K::number) return wrong("a number");
      v.kind = type.kind;
      v.number = literal->number;
      return v;
    case TypeKind::text:
      if (!literal || (literal->kind != K::text && literal->kind != K::name)) return wrong("a text in double quotes");
      v.kind = TypeKind::text;
      v.text = literal->text;
      return v;
    case TypeKind::date: {
      auto d = literal && literal->kind == K::date ? parse_date(literal->text) : std::nullopt;
      if (!d) return wrong("a real date (YYYY-MM-DD)");
      v.kind = TypeKind::date;
      v.date = *d;
      return v;
    }
    case TypeKind::timestamp: {
      auto t = literal && literal->kind == K::timestamp ? parse_timestamp(literal->text) : std::nullopt;
      if (!t) return wrong("a real time (YYYY-MM-DDThh:mm:ssZ)");
      v.kind = TypeKind::timestamp;
      v.timestamp = *t;
      return v;
    }
    case TypeKind::enumeration: {
      const EnumDef& def = program_.enums[static_cast<std::size_t>(type.ref)];
      if (!literal || literal->kind != K::name) return wrong(fmt::format("one of: {}", values_of(def)));
      for (std::size_t i = 0; i < def.values.size(); ++i) {
        if (def.values[i] == literal->text) {
          v.kind = TypeKind::enumeration;
          v.enum_value = static_cast<int>(i);
          return v;
        }
      }
      std::string close = closest_name(literal->text, def.values);
      diagnostics_.error(where, fmt::format("`{}` is not one of the values of `{}`", literal->text, def.name),
                         close.empty() ? "the values are: " + values_of(def)
                                       : fmt::format("did you mean `{}`? the values are: {}", close, values_of(def)));
      return std::nullopt;
    }
    case TypeKind::set: {
      if (!literal || literal->kind != K::object) return wrong("a set such as `{a, b}`");
      v.kind = TypeKind::set;
      for (const ast::FieldValue& item : literal->entries) {
        ast::LiteralValue name;
        name.kind = type.ref >= 0 ? K::name : K::text;
        name.text = item.name;
        name.span = item.span;
        auto element = data_value(&name, type.ref >= 0 ? Type{TypeKind::enumeration, type.ref} : Type{TypeKind::text}, item.span, what);
        if (!element) return std::nullopt;
        v.items.push_back(std::move(*element));
      }
      return v;
    }
    case TypeKind::map: {
      if (!literal || literal->kind != K::object) return wrong("a list such as `{nutrition needs_assistance, others achieved}`");
      const EnumDef& keys = program_.enums[static_cast<std::size_t>(type.ref)];
      Type value_type{TypeKind::enumeration, type.ref2};
      v.kind = TypeKind::map;
      v.items.assign(keys.values.size(), DataValue{});
      std::vector<bool> named(keys.values.size(), false);
      const ast::FieldValue* others = nullptr;
      for (const ast::FieldValue& entry : literal->entries) {
        if (entry.name == "others") {
          others = &entry;
          continue;
        }
        int key = -1;
        for (std::size_t i = 0; i < keys.values.size(); ++i)
          if (keys.values[i] == entry.name) key = static_cast<int>(i);
        if (key < 0) {
          std::string close = closest_name(entry.name, keys.values);
          diagnostics_.error(entry.span, fmt::format("`{}` is not one of the values of `{}`", entry.name, keys.name),
                             close.empty() ? "the values are: " + values_of(keys) : fmt::format("did you mean `{}`?", close));
          return std::nullopt;
        }
        auto item = data_value(entry.value.get(), value_type, entry.span, fmt::format("`{}`", entry.name));
        if (!item) return std::nullopt;
        v.items[static_cast<std::size_t>(key)] = std::move(*item);
        named[static_cast<std::size_t>(key)] = true;
      }
      if (others) {
        auto item = data_value(others->value.get(), value_type, others->span, "`others`");
        if (!item) return std::nullopt;
        for (std::size_t i = 0; i < keys.values.size(); ++i)
          if (!named[i]) v.items[i] = *item;
      }
      return v;
    }
    case TypeKind::record: {
      if (!literal || literal->kind != K::object) return wrong("a record such as `{field value, ...}`");
      const RecordDef& record = program_.records[static_cast<std::size_t>(type.ref)];
      v.kind = TypeKind::record;
      v.items.assign(record.fields.size(), DataValue{});
      for (const ast::FieldValue& entry : literal->entries) {
        int field = record.field_index(entry.name);
        if (field < 0) {
          std::vector<std::string> names;
          for (const FieldDef& f : record.fields) names.push_back(f.name);
          std::string close = closest_name(entry.name, names);
          diagnostics_.error(entry.span, fmt::format("there is no field `{}` on `{}`", entry.name, record.name),
                             close.empty() ? fmt::format("the fields are: {}", fmt::join(names, ", "))
                                           : fmt::format("did you mean `{}`?", close));
          return std::nullopt;
        }
        auto item = data_value(entry.value.get(), record.fields[static_cast<std::size_t>(field)].type, entry.span,
                               fmt::format("`{}`", entry.name));
        if (!item) return std::nullopt;
        v.items[static_cast<std::size_t>(field)] = std::move(*item);
      }
      return v;
    }
    default: return wrong("a value this language can write");
  }
}

// `expect checkpoint NAME passes on DATE` (or `fails`): the passages of that day.
void Checker::check_checkpoint_expectation(const ast::Expectation& expect, TestDef& test) {
  std::vector<std::string> names;
  int index = -1;
  for (std::size_t i = 0; i < program_.checkpoints.size(); ++i) {
    names.push_back(program_.checkpoints[i].name);
    if (program_.checkpoints[i].name == expect.decision.name) index = static_cast<int>(i);
  }
  if (index < 0) {
    std::string close = closest_name(expect.decision.name, names);
    diagnostics_.error(expect.decision.span, fmt::format("there is no checkpoint called `{}`", expect.decision.name),
                       close.empty() ? "" : fmt::format("did you mean `{}`?", close));
    return;
  }
  auto value = data_value(&expect.value, {TypeKind::date}, expect.value.span, "the day of the passage");
  if (!value) return;
  Expectation x;
  x.kind = Expectation::Kind::checkpoint_passes;
  x.decision = index;
  x.negated = expect.negated;
  x.value = std::move(*value);
  x.span = expect.decision.span;
  test.expects.push_back(std::move(x));
}

void Checker::check_test(const ast::TestDecl& decl, int pack) {
  TestDef test;
  test.name = decl.name;
  test.pack = pack;
  test.span = decl.span;
  if (decl.as_of.empty()) {
    diagnostics_.error(decl.span, fmt::format("the test \"{}\" has no evaluation date", decl.name),
                       "add a line such as `as of 2025-06-01`, so the test gives the same answer on any day");
  } else if (auto d = parse_date(decl.as_of)) {
    test.as_of = *d;
  } else {
    diagnostics_.error(decl.as_of_span, fmt::format("`{}` is not a real date", decl.as_of));
  }
  if (!decl.known_at.empty()) {
    if (auto t = parse_timestamp(decl.known_at)) test.known_at = *t;
    else diagnostics_.error(decl.known_at_span, fmt::format("`{}` is not a real time", decl.known_at));
  }
  for (const ast::SettingChange& change : decl.settings) {
    auto it = program_.setting_by_name.find(change.name.name);
    if (it == program_.setting_by_name.end()) {
      std::vector<std::string> names;
      for (const auto& [n, _] : program_.setting_by_name) names.push_back(n);
      std::string close = closest_name(change.name.name, names);
      diagnostics_.error(change.name.span, fmt::format("there is no setting called `{}`", change.name.name),
                         close.empty() ? "" : fmt::format("did you mean `{}`?", close));
      continue;
    }
    Scope scope;
    scope.pack = pack;
    scope.constant_only = true;
    auto value = expr(change.value, scope);
    if (!value) continue;
    const Type& want = program_.settings[static_cast<std::size_t>(it->second)].type;
    if (!same_type(want, value->type)) {
      diagnostics_.error(change.value.span, fmt::format("the setting `{}` is {}, but this is {}", change.name.name,
                                                        type_name(program_, want), type_name(program_, value->type)));
      continue;
    }
    test.settings.emplace_back(it->second, std::move(*value));
  }
  for (const ast::EventLiteral& literal : decl.events) {
    int type = program_.find_event(literal.type.name);
    if (type < 0) {
      std::vector<std::string> names;
      for (const auto& [n, _] : program_.event_by_name) names.push_back(n);
      std::string close = closest_name(literal.type.name, names);
      diagnostics_.error(literal.type.span, fmt::format("there is no kind of event called `{}`", literal.type.name),
                         close.empty() ? "" : fmt::format("did you mean `{}`?", close));
      continue;
    }
    TestEvent event;
    event.event_type = type;
    event.span = literal.type.span;
    event.id = literal.id;
    event.amends = literal.amends;
    if (auto d = parse_date(literal.date)) event.date = *d;
    else diagnostics_.error(literal.date_span, fmt::format("`{}` is not a real date", literal.date));
    if (!literal.recorded.empty()) {
      if (auto t = parse_timestamp(literal.recorded)) event.recorded = *t;
      else diagnostics_.error(literal.recorded_span, fmt::format("`{}` is not a real time", literal.recorded));
    }
    ast::LiteralValue fields;
    fields.kind = ast::LiteralValue::Kind::object;
    fields.entries = literal.fields;
    fields.span = literal.type.span;
    auto value = data_value(&fields, {TypeKind::record, program_.events[static_cast<std::size_t>(type)].record},
                            literal.type.span, "the event");
    if (!value) continue;
    event.fields = std::move(*value);
    test.events.push_back(std::move(event));
  }
  for (const ast::Expectation& expect : decl.expects) {
    if (expect.kind == ast::Expectation::Kind::checkpoint_passes) {
      check_checkpoint_expectation(expect, test);
      continue;
    }
    if (expect.kind != ast::Expectation::Kind::decision) {
      bool task = expect.kind != ast::Expectation::Kind::alert_raised;
      std::vector<std::string> names;
      int index = -1;
      if (task) {
        for (std::size_t i = 0; i < program_.tasks.size(); ++i) {
          names.push_back(program_.tasks[i].name);
          if (program_.tasks[i].name == expect.decision.name) index = static_cast<int>(i);
        }
      } else {
        for (std::size_t i = 0; i < program_.alerts.size(); ++i) {
          names.push_back(program_.alerts[i].name);
          if (program_.alerts[i].name == expect.decision.name) index = static_cast<int>(i);
        }
      }
      if (index < 0) {
        std::string close = closest_name(expect.decision.name, names);
        diagnostics_.error(expect.decision.span,
                           fmt::format("there is no {} called `{}`", task ? "task" : "alert", expect.decision.name),
                           close.empty() ? "" : fmt::format("did you mean `{}`?", close));
        continue;
      }
      Expectation x;
      x.kind = static_cast<Expectation::Kind>(static_cast<int>(expect.kind));
      x.decision = index;
      x.negated = expect.negated;
      x.span = expect.decision.span;
      if (expect.kind == ast::Expectation::Kind::task_due) {
        auto value = data_value(&expect.value, {TypeKind::date}, expect.value.span, "the due date");
        if (!value) continue;
        x.value = std::move(*value);
      }
      test.expects.push_back(std::move(x));
      continue;
    }
    int decision = program_.find_decision(expect.decision.name);
    if (decision < 0) {
      std::vector<std::string> names;
      for (const auto& [n, _] : program_.decision_by_name) names.push_back(n);
      std::string close = closest_name(expect.decision.name, names);
      diagnostics_.error(expect.decision.span, fmt::format("there is no decision called `{}`", expect.decision.name),
                         close.empty() ? "" : fmt::format("did you mean `{}`?", close));
      continue;
    }
    auto value = data_value(&expect.value, program_.decisions[static_cast<std::size_t>(decision)].type, expect.value.span,
                            fmt::format("the expected value of `{}`", expect.decision.name));
    if (!value) continue;
    Expectation x;
    x.decision = decision;
    x.negated = expect.negated;
    x.value = std::move(*value);
    x.span = expect.decision.span;
    test.expects.push_back(std::move(x));
  }
  if (decl.expects.empty())
    diagnostics_.error(decl.span, fmt::format("the test \"{}\" expects nothing", decl.name),
                       "add a line such as `expect adult_eligible is yes`");
  program_.tests.push_back(std::move(test));
}

}  // namespace carerules
