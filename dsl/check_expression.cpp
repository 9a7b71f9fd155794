// Expressions: names resolved to slots, types checked, enum values read in
// the context of what they are compared with.
#include <algorithm>
#include <fmt/format.h>

#include "dsl/checker.hpp"

namespace carerules {

bool is_numeric(const Type& t) { return t.kind == TypeKind::number || t.kind == TypeKind::money; }

bool same_type(const Type& a, const Type& b) {
  if (a.kind == TypeKind::unknown || b.kind == TypeKind::unknown) return true;
  if (is_numeric(a) && is_numeric(b)) return true;
  return a == b;
}

namespace {

Expr make(Op op, Type type, const ast::Expr& from) { return make_expr(op, type, from); }

bool orderable(const Type& t) {
  return is_numeric(t) || t.kind == TypeKind::date || t.kind == TypeKind::timestamp || t.kind == TypeKind::duration;
}

}  // namespace

int Checker::constant(DataValue v) {
  program_.constants.push_back(std::move(v));
  return static_cast<int>(program_.constants.size() - 1);
}

std::optional<Expr> Checker::condition(const ast::Expr& e, Scope& scope) {
  auto out = expr(e, scope);
  if (!out) return std::nullopt;
  if (out->type.kind != TypeKind::boolean && out->type.kind != TypeKind::unknown) {
    diagnostics_.error(e.span, fmt::format("expected a yes/no condition here, but this is {}", type_name(program_, out->type)),
                       "compare it with something, for example `... is significant` or `... is at least 2`");
    return std::nullopt;
  }
  return out;
}

std::optional<Expr> Checker::enum_value(const std::string& name, const Type& type, const Span& at) {
  const EnumDef& def = program_.enums[static_cast<std::size_t>(type.ref)];
  for (std::size_t i = 0; i < def.values.size(); ++i) {
    if (def.values[i] == name) {
      DataValue v;
      v.kind = TypeKind::enumeration;
      v.enum_value = static_cast<int>(i);
      Expr e;
      e.op = Op::constant;
      e.type = type;
      e.a = constant(v);
      e.span = e.end_span = at;
      return e;
    }
  }
  std::string close = closest_name(name, def.values);
  std::string values;
  for (std::size_t i = 0; i < def.values.size(); ++i) values += (i ? ", " : "") + def.values[i];
  diagnostics_.error(at, fmt::format("`{}` is not one of the values of `{}`", name, def.name),
                     close.empty() ? "the values are: " + values
                                   : fmt::format("did you mean `{}`? the values are: {}", close, values));
  return std::nullopt;
}

std::vector<std::string> Checker::names_in_scope(const Scope& scope) const {
  std::vector<std::string> names;
  for (const auto& local : scope.locals) names.push_back(local.name);
  for (int type : scope.event_scopes)
    for (const FieldDef& f : program_.records[static_cast<std::size_t>(program_.events[static_cast<std::size_t>(type)].record)].fields)
      names.push_back(f.name);
  if (scope.record_scope >= 0)
    for (const FieldDef& f : program_.records[static_cast<std::size_t>(scope.record_scope)].fields) names.push_back(f.name);
  if (!scope.constant_only)
    for (const auto& [name, _] : program_.decision_by_name) names.push_back(name);
  for (const auto& [name, _] : program_.setting_by_name) names.push_back(name);
  return names;
}

std::optional<Expr> Checker::name_expr(const ast::Expr& e, Scope& scope, const Type* expected) {
  const std::string& name = e.text;
  for (std::size_t i = scope.locals.size(); i-- > 0;) {
    if (scope.locals[i].name == name) {
      Expr out = make(Op::local, scope.locals[i].type, e);
      out.a = static_cast<int>(i);
      return out;
    }
  }
  // `visit as v`: the event itself, by its name.
  for (std::size_t depth = 0; depth < scope.event_aliases.size(); ++depth) {
    std::size_t at = scope.event_aliases.size() - 1 - depth;
    if (scope.event_aliases[at] == name) {
      Expr out = make(Op::scope_event, {TypeKind::event, scope.event_scopes[at]}, e);
      out.b = static_cast<int>(depth);
      return out;
    }
  }
  // Fields of the events being filtered, innermost first.
  for (std::size_t depth = 0; depth < scope.event_scopes.size(); ++depth) {
    int type = scope.event_scopes[scope.event_scopes.size() - 1 - depth];
    Expr event = make(Op::scope_event, {TypeKind::event, type}, e);
    event.b = static_cast<int>(depth);
    const RecordDef& record = program_.records[static_cast<std::size_t>(program_.events[static_cast<std::size_t>(type)].record)];
    int field = record.field_index(name);
    if (field >= 0) {
      Expr out = make(Op::field, record.fields[static_cast<std::size_t>(field)].type, e);
      out.a = field;
      out.args.push_back(std::move(event));
      return out;
    }
    if (name == "date" || name == "recorded" || name == "id") {
      Expr out = make(Op::envelope, {name == "date" ? TypeKind::date : name == "recorded" ? TypeKind::timestamp : TypeKind::text}, e);
      out.a = name == "date" ? 0 : name == "recorded" ? 1 : 2;
      out.args.push_back(std::move(event));
      return out;
    }
  }
  if (scope.record_scope >= 0) {
    const RecordDef& record = program_.records[static_cast<std::size_t>(scope.record_scope)];
    int field = record.field_index(name);
    if (field >= 0) {
      Expr out = make(Op::field, record.fields[static_cast<std::size_t>(field)].type, e);
      out.a = field;
      out.args.push_back(make(Op::scope_event, {TypeKind::record, scope.record_scope}, e));
      out.args.back().b = 0;
      return out;
    }
  }
  if (expected && expected->kind == TypeKind::enumeration) {
    const EnumDef& def = program_.enums[static_cast<std::size_t>(expected->ref)];
    for (const std::string& v : def.values)
      if (v == name) return enum_value(name, *expected, e.span);
  }
  if (expected && expected->kind == TypeKind::set && expected->ref >= 0) {
    Type element{TypeKind::enumeration, expected->ref};
    const EnumDef& def = program_.enums[static_cast<std::size_t>(expected->ref)];
    for (const std::string& v : def.values)
      if (v == name) return enum_value(name, element, e.span);
  }
  if (auto it = program_.decision_by_name.find(name); it != program_.decision_by_name.end()) {
    const DecisionDef& d = program_.decisions[static_cast<std::size_t>(it->second)];
    if (scope.constant_only) {
      diagnostics_.error(e.span, fmt::format("`{}` is a decision; a setting's value cannot depend on a case", name));
      return std::nullopt;
    }
    // A council's replacement stands where the national rule stood: who could read that reads this.
    if (!visible(scope.pack, d.pack) && !(d.replaces_pack >= 0 && visible(scope.pack, d.replaces_pack)))
      not_visible(e.span, fmt::format("the decision `{}`", name), d.pack, scope.pack);
    if (scope.decisions_read) scope.decisions_read->insert(it->second);
    Expr out = make(Op::decision, d.type, e);
    out.a = it->second;
    return out;
  }
  if (auto it = program_.setting_by_name.find(name); it != program_.setting_by_name.end()) {
    const SettingDef& s = program_.settings[static_cast<std::size_t>(it->second)];
    if (!visible(scope.pack, s.pack) && !(s.replaces_pack >= 0 && visible(scope.pack, s.replaces_pack)))
      not_visible(e.span, fmt::format("the setting `{}`", name), s.pack, scope.pack);
    if (scope.settings_read) scope.settings_read->insert(it->second);
    Expr out = make(Op::setting, s.type, e);
    out.a = it->second;
    return out;
  }
  if (expected && expected->kind == TypeKind::enumeration) return enum_value(name, *expected, e.span);
  // A value of exactly one visible list (e.g. a setting `= planned_review`).
  std::vector<int> lists;
  for (std::size_t i = 0; i < program_.enums.size(); ++i) {
    const EnumDef& def = program_.enums[i];
    if (visible(scope.pack, def.pack) && std::find(def.values.begin(), def.values.end(), name) != def.values.end())
      lists.push_back(static_cast<int>(i));
  }
  if (lists.size() == 1) return enum_value(name, {TypeKind::enumeration, lists[0]}, e.span);
  if (lists.size() > 1) {
    std::string which;
    for (int id : lists) which += (which.empty() ? "`" : ", `") + program_.enums[static_cast<std::size_t>(id)].name + "`";
    diagnostics_.error(e.span, fmt::format("`{}` is a value of several lists ({}), and nothing here says which", name, which),
                       "compare it with a field or decision of that list, for example `a.status is planned`");
    return std::nullopt;
  }
  if (scope.task_names_open) return make(Op::local, {}, e);  // never evaluated: no task uses it
  std::string close = closest_name(name, names_in_scope(scope));
  std::string help = close.empty() ? std::string("names are decisions, settings, `given` names, or fields inside `where`")
                                   : fmt::format("did you mean `{}`?", close);
  if (program_.event_by_name.count(name))
    help = fmt::format("`{}` is a kind of event; to read one, write `latest {} where ...`", name, name);
  diagnostics_.error(e.span, fmt::format("there is no decision, setting or field called `{}` here", name), help);
  return std::nullopt;
}

std::optional<Expr> Checker::member_expr(const ast::Expr& e, Scope& scope) {
  auto base = expr(e.args[0], scope);
  if (!base) return std::nullopt;
  const std::string& name = e.text;
  Span at = e.end_span;
  const RecordDef* record = nullptr;
  std::string owner;
  if (base->type.kind == TypeKind::event) {
    const EventTypeDef& ev = program_.events[static_cast<std::size_t>(base->type.ref)];
    record = &program_.records[static_cast<std::size_t>(ev.record)];
    owner = ev.name;
    if (name == "date" || name == "recorded" || name == "id") {
      Expr out = make(Op::envelope, {name == "date" ? TypeKind::date : name == "recorded" ? TypeKind::timestamp : TypeKind::text}, e);
      out.a = name == "date" ? 0 : name == "recorded" ? 1 : 2;
      out.args.push_back(std::move(*base));
      return out;
    }
  } else if (base->type.kind == TypeKind::record) {
    record = &program_.records[static_cast<std::size_t>(base->type.ref)];
    owner = record->name;
  } else if (base->type.kind == TypeKind::map) {
    const EnumDef& keys = program_.enums[static_cast<std::size_t>(base->type.ref)];
    for (std::size_t i = 0; i < keys.values.size(); ++i) {
      if (keys.values[i] == name) {
        Expr out = make(Op::map_entry, {TypeKind::enumeration, base->type.ref2}, e);
        out.a = static_cast<int>(i);
        out.args.push_back(std::move(*base));
        return out;
      }
    }
    std::string close = closest_name(name, keys.values);
    diagnostics_.error(at, fmt::format("`{}` is not one of the values of `{}`", name, keys.name),
                       close.empty() ? "" : fmt::format("did you mean `{}`?", close));
    return std::nullopt;
  } else if (base->type.kind == TypeKind::unknown && scope.task_names_open) {
    return make(Op::local, {}, e);  // a part of a task's `given`, unknown until a task uses the workflow
  } else {
    diagnostics_.error(at, fmt::format("`{}` cannot be read from {}", name, type_name(program_, base->type)),
                       "only events, records and `for each` values have parts");
    return std::nullopt;
  }
  int field = record->field_index(name);
  if (field < 0) {
    std::vector<std::string> names;
    for (const FieldDef& f : record->fields) names.push_back(f.name);
    std::string close = closest_name(name, names);
    diagnostics_.error(at, fmt::format("there is no field `{}` on `{}`", name, owner),
                       close.empty() ? fmt::format("the fields are: {}", fmt::join(names, ", "))
                                     : fmt::format("did you mean `{}`?", close));
    return std::nullopt;
  }
  Expr out = make(Op::field, record->fields[static_cast<std::size_t>(field)].type, e);
  out.a = field;
  out.args.push_back(std::move(*base));
  return out;
}

std::optional<Expr> Checker::compare_expr(const ast::Expr& e, Scope& scope) {
  auto left = expr(e.args[0], scope);
  if (!left) return std::nullopt;
  const ast::Expr& right_ast = e.args[1];
  if (e.kind == ast::ExprKind::is && right_ast.kind == ast::ExprKind::literal &&
      right_ast.literal_kind == ast::LiteralKind::unknown) {
    Expr out = make(Op::is_known, {TypeKind::boolean}, e);
    out.negated = !e.negated;  // `is unknown` is `is not known`
    out.args.push_back(std::move(*left));
    return out;
  }
  Type expected = left->type;
  if (left->type.kind == TypeKind::set && left->type.ref >= 0 && e.kind == ast::ExprKind::is) expected = left->type;
  auto right = expr(right_ast, scope, &expected);
  if (!right) return std::nullopt;
  ast::CompareOp op = e.op;
  if (e.kind == ast::ExprKind::is) op = e.negated ? ast::CompareOp::ne : ast::CompareOp::eq;
  if (!same_type(left->type, right->type)) {
    diagnostics_.error(right_ast.span, fmt::format("cannot compare {} with {}", type_name(program_, left->type),
                                                   type_name(program_, right->type)));
    return std::nullopt;
  }
  bool ordering = op != ast::CompareOp::eq && op != ast::CompareOp::ne;
  if (ordering && !orderable(left->type) && left->type.kind != TypeKind::unknown) {
    diagnostics_.error(e.span, fmt::format("{} cannot be more or less than another", type_name(program_, left->type)),
                       "only numbers, dates and durations can be ordered; use `is` to compare other values");
    return std::nullopt;
  }
  Expr out = make(Op::compare, {TypeKind::boolean}, e);
  out.a = static_cast<int>(op);
  out.args.push_back(std::move(*left));
  out.args.push_back(std::move(*right));
  return out;
}

}  // namespace carerules
