// The general expression dispatch, and queries over the case history.
#include <cmath>
#include <fmt/format.h>

#include "dsl/checker.hpp"

namespace carerules {

namespace {

Expr make(Op op, Type type, const ast::Expr& from) { return make_expr(op, type, from); }

// Does the expression read only the case (and the event it filters, `depth`
// levels in)? Then equal queries give equal results and can share one.
bool reads_only_the_case(const Expr& e, int depth) {
  if (e.op == Op::local) return false;
  if (e.op == Op::scope_event && e.b >= depth) return false;
  for (const Expr& arg : e.args)
    if (!reads_only_the_case(arg, depth)) return false;
  if (e.query) {
    if (e.query->where && !reads_only_the_case(*e.query->where, depth + 1)) return false;
    for (const Window& w : e.query->windows)
      if (!reads_only_the_case(*w.value, depth)) return false;
  }
  return true;
}

// A query's identity: its checked structure (never its source text, which may
// differ in spacing while meaning the same, or look alike while differing).
void structural_key(const Program& program, const Expr& e, std::string& out) {
  out += fmt::format("({} {} {} {} {} {}", static_cast<int>(e.op), static_cast<int>(e.type.kind), e.type.ref, e.a,
                     e.op == Op::pick ? -1 : e.b, (e.negated ? 1 : 0) + (e.latest ? 2 : 0));
  if (e.op == Op::constant) {
    const DataValue& v = program.constants[static_cast<std::size_t>(e.a)];
    out += fmt::format(" c{} {} {} {} {} {} {} {} {}:{}", static_cast<int>(v.kind), v.boolean, v.number, v.date.days,
                       v.timestamp.seconds, v.enum_value, v.amount, v.unit, v.text.size(), v.text);
  }
  for (const Expr& arg : e.args) structural_key(program, arg, out);
  if (e.query) {
    out += fmt::format(" q{}", e.query->event_type);
    if (e.query->where) structural_key(program, *e.query->where, out);
    for (const Window& w : e.query->windows) {
      out += fmt::format(" w{}", static_cast<int>(w.kind));
      structural_key(program, *w.value, out);
    }
  }
  out += ')';
}

bool orderable(const Type& t) {
  return is_numeric(t) || t.kind == TypeKind::date || t.kind == TypeKind::timestamp || t.kind == TypeKind::duration;
}

}  // namespace

std::optional<Query> Checker::source(const ast::Source& s, Scope& scope) {
  if (scope.constant_only) {
    diagnostics_.error(s.name_span, "a setting cannot read a case's events");
    return std::nullopt;
  }
  std::string name = s.name;
  int type = program_.find_event(name);
  if (type < 0 && name.size() > 1 && name.back() == 's') type = program_.find_event(name.substr(0, name.size() - 1));
  if (type < 0) {
    std::vector<std::string> names;
    for (const auto& [n, _] : program_.event_by_name) names.push_back(n);
    std::string close = closest_name(name, names);
    diagnostics_.error(s.name_span, fmt::format("there is no kind of event called `{}`", name),
                       close.empty() ? fmt::format("the kinds of event are: {}", fmt::join(names, ", "))
                                     : fmt::format("did you mean `{}`?", close));
    return std::nullopt;
  }
  const EventTypeDef& def = program_.events[static_cast<std::size_t>(type)];
  if (!visible(scope.pack, def.pack)) not_visible(s.name_span, fmt::format("the event type `{}`", def.name), def.pack, scope.pack);
  Query q;
  q.event_type = type;
  bool ok = true;
  if (s.where) {
    scope.event_scopes.push_back(type);
    scope.event_aliases.push_back(s.alias);
    auto where = condition(*s.where, scope);
    scope.event_scopes.pop_back();
    scope.event_aliases.pop_back();
    if (where) q.where = std::make_shared<Expr>(std::move(*where));
    else ok = false;
  }
  for (const ast::Window& w : s.windows) {
    auto value = expr(*w.value, scope);
    if (!value) {
      ok = false;
      continue;
    }
    TypeKind want = w.kind == ast::WindowKind::last ? TypeKind::duration : TypeKind::date;
    bool event_bound = want == TypeKind::date && value->type.kind == TypeKind::event;  // `since the care_plan`
    if (value->type.kind != want && value->type.kind != TypeKind::unknown && !event_bound) {
      diagnostics_.error(w.value->span, fmt::format("expected {} here, but this is {}",
                                                    want == TypeKind::duration ? "a duration such as `12 weeks`" : "a date or an event",
                                                    type_name(program_, value->type)));
      ok = false;
      continue;
    }
    Window window;
    window.kind = static_cast<WindowKind>(w.kind);
    window.value = std::make_shared<Expr>(std::move(*value));
    q.windows.push_back(std::move(window));
  }
  if (!ok) return std::nullopt;
  return q;
}

std::optional<Expr> Checker::query_expr(const ast::Expr& e, Scope& scope) {
  auto q = source(*e.source, scope);
  if (!q) return std::nullopt;
  int type = q->event_type;
  Expr out;
  switch (e.kind) {
    case ast::ExprKind::pick: out = make(Op::pick, {TypeKind::event, type}, e); out.latest = e.latest; break;
    case ast::ExprKind::all: out = make(Op::all, {TypeKind::event_list, type}, e); break;
    case ast::ExprKind::exists: out = make(Op::exists, {TypeKind::boolean}, e); out.negated = e.negated; break;
    case ast::ExprKind::count: out = make(Op::count_events, {TypeKind::number}, e); break;
    case ast::ExprKind::distinct: {
      const RecordDef& record = program_.records[static_cast<std::size_t>(program_.events[static_cast<std::size_t>(type)].record)];
      int field = record.field_index(e.text);
      if (field < 0) {
        std::vector<std::string> names;
        for (const FieldDef& f : record.fields) names.push_back(f.name);
        std::string close = closest_name(e.text, names);
        diagnostics_.error(e.end_span, fmt::format("there is no field `{}` on `{}`", e.text, program_.events[static_cast<std::size_t>(type)].name),
                           close.empty() ? "" : fmt::format("did you mean `{}`?", close));
        return std::nullopt;
      }
      const Type& ft = record.fields[static_cast<std::size_t>(field)].type;
      if (ft.kind != TypeKind::text && ft.kind != TypeKind::enumeration) {
        diagnostics_.error(e.end_span, "`distinct` counts texts (such as worker ids) or listed values");
        return std::nullopt;
      }
      out = make(Op::distinct, ft.kind == TypeKind::text ? Type{TypeKind::set, -1} : Type{TypeKind::set, ft.ref}, e);
      out.a = field;
      break;
    }
    default: return std::nullopt;
  }
  out.query = std::make_shared<Query>(std::move(*q));
  if (out.op == Op::pick && reads_only_the_case(out, 0)) {
    std::string key;
    structural_key(program_, out, key);
    auto [it, added] = query_slot_by_text_.try_emplace(key, program_.query_slots);
    if (added) ++program_.query_slots;
    out.b = it->second;
  }
  return out;
}

std::optional<Expr> Checker::expr(const ast::Expr& e, Scope& scope, const Type* expected) {
  using K = ast::ExprKind;
  switch (e.kind) {
    case K::literal: {
      DataValue v;
      Type t;
      switch (e.literal_kind) {
        case ast::LiteralKind::yes: v.kind = TypeKind::boolean; v.boolean = true; break;
        case ast::LiteralKind::no: v.kind = TypeKind::boolean; v.boolean = false; break;
        case ast::LiteralKind::unknown: v.kind = TypeKind::unknown; break;
        case ast::LiteralKind::number: v.kind = TypeKind::number; v.number = e.number; break;
        case ast::LiteralKind::text: v.kind = TypeKind::text; v.text = e.text; break;
        case ast::LiteralKind::date: {
          auto d = parse_date(e.text);
          if (!d) {
            diagnostics_.error(e.span, fmt::format("`{}` is not a real date", e.text), "dates are written YYYY-MM-DD");
            return std::nullopt;
          }
          v.kind = TypeKind::date;
          v.date = *d;
          break;
        }
        case ast::LiteralKind::timestamp: {
          auto ts = parse_timestamp(e.text);
          if (!ts) {
            diagnostics_.error(e.span, fmt::format("`{}` is not a real time", e.text), "times are written YYYY-MM-DDThh:mm:ssZ");
            return std::nullopt;
          }
          v.kind = TypeKind::timestamp;
          v.timestamp = *ts;
          break;
        }
      }
      t.kind = v.kind;
      if (v.kind == TypeKind::unknown && expected) t = *expected;
      Expr out = make(Op::constant, t, e);
      out.a = constant(std::move(v));
      return out;
    }
    case K::duration: {
      if (e.number != std::floor(e.number) || e.number > 100000) {
        diagnostics_.error(e.span, "a duration is a whole number of days, weeks, months or years");
        return std::nullopt;
      }
      DataValue v;
      v.kind = TypeKind::duration;
      v.amount = static_cast<std::int32_t>(e.number);
      v.unit = static_cast<std::uint8_t>(e.unit);
      v.working = e.working;
      if (e.working && e.unit != ast::DurationUnit::days) {
        diagnostics_.error(e.span, "working time is counted in days", "write for example `5 working days`");
        return std::nullopt;
      }
      Expr out = make(Op::constant, {TypeKind::duration}, e);
      out.a = constant(std::move(v));
      return out;
    }
    case K::today:
      if (scope.constant_only) {
        diagnostics_.error(e.span, "`today` depends on the evaluation date and cannot be used here");
        return std::nullopt;
      }
      return make(Op::today, {TypeKind::date}, e);
    case K::name: return name_expr(e, scope, expected);
    case K::member: return member_expr(e, scope);
    case K::compare:
    case K::is: return compare_expr(e, scope);
    case K::is_known: {
      auto inner = expr(e.args[0], scope);
      if (!inner) return std::nullopt;
      Expr out = make(Op::is_known, {TypeKind::boolean}, e);
      out.negated = e.negated;
      out.args.push_back(std::move(*inner));
      return out;
    }
    case K::one_of:
    case K::that_are: {
      auto base = expr(e.args[0], scope);
      if (!base) return std::nullopt;
      Type element = base->type;
      if (e.kind == K::that_are) {
        if (base->type.kind == TypeKind::map) element = {TypeKind::enumeration, base->type.ref2};
        else if (base->type.kind == TypeKind::set && base->type.ref >= 0) element = {TypeKind::enumeration, base->type.ref};
        else {
          diagnostics_.error(e.args[0].span, fmt::format("`that are` picks from a `for each` value or a set, not from {}",
                                                         type_name(program_, base->type)));
          return std::nullopt;
        }
      }
      Expr out = make(e.kind == K::one_of ? Op::one_of : Op::that_are,
                      e.kind == K::one_of ? Type{TypeKind::boolean} : Type{TypeKind::set, base->type.ref}, e);
      out.negated = e.negated;
      out.args.push_back(std::move(*base));
      for (std::size_t i = 1; i < e.args.size(); ++i) {
        auto option = expr(e.args[i], scope, &element);
        if (!option) return std::nullopt;
        if (!same_type(element, option->type)) {
          diagnostics_.error(e.args[i].span, fmt::format("expected {} here, but this is {}", type_name(program_, element),
                                                         type_name(program_, option->type)));
          return std::nullopt;
        }
        out.args.push_back(std::move(*option));
      }
      return out;
    }
    case K::not_:
    case K::and_:
    case K::or_: {
      Expr out = make(e.kind == K::not_ ? Op::not_ : e.kind == K::and_ ? Op::and_ : Op::or_, {TypeKind::boolean}, e);
      bool ok = true;
      for (const ast::Expr& arg : e.args) {
        auto c = condition(arg, scope);
        if (c) out.args.push_back(std::move(*c));
        else ok = false;
      }
      if (!ok) return std::nullopt;
      return out;
    }
    case K::add:
    case K::subtract: {
      auto left = expr(e.args[0], scope);
      auto right = expr(e.args[1], scope);
      if (!left || !right) return std::nullopt;
      bool add = e.kind == K::add;
      if (left->type.kind == TypeKind::date && right->type.kind == TypeKind::duration) {
        Expr out = make(add ? Op::date_plus : Op::date_minus, {TypeKind::date}, e);
        out.args.push_back(std::move(*left));
        out.args.push_back(std::move(*right));
        return out;
      }
      if (is_numeric(left->type) && is_numeric(right->type)) {
        Expr out = make(add ? Op::add : Op::subtract, left->type, e);
        out.args.push_back(std::move(*left));
        out.args.push_back(std::move(*right));
        return out;
      }
      diagnostics_.error(e.span, fmt::format("cannot {} {} {} {}", add ? "add" : "subtract", type_name(program_, right->type),
                                             add ? "to" : "from", type_name(program_, left->type)),
                         "a date can be moved by a duration (`plan_agreed_on + 12 months`); numbers add to numbers");
      return std::nullopt;
    }
    case K::negate: {
      auto inner = expr(e.args[0], scope);
      if (!inner) return std::nullopt;
      if (!is_numeric(inner->type)) {
        diagnostics_.error(e.span, "only a number can be negative");
        return std::nullopt;
      }
      Expr out = make(Op::negate, inner->type, e);
      out.args.push_back(std::move(*inner));
      return out;
    }
    case K::pick:
    case K::all:
    case K::exists:
    case K::distinct: return query_expr(e, scope);
    case K::count: {
      if (e.source) return query_expr(e, scope);
      const ast::Expr& inner_ast = e.args[0];
      bool event_name = inner_ast.kind == K::name && !program_.decision_by_name.count(inner_ast.text) &&
                        !program_.setting_by_name.count(inner_ast.text);
      for (const auto& local : scope.locals) event_name = event_name && local.name != inner_ast.text;
      if (event_name) {
        ast::Expr as_query = e;
        as_query.source = std::make_shared<ast::Source>();
        as_query.source->name = inner_ast.text;
        as_query.source->name_span = inner_ast.span;
        return query_expr(as_query, scope);
      }
      auto inner = expr(inner_ast, scope);
      if (!inner) return std::nullopt;
      if (inner->type.kind != TypeKind::set && inner->type.kind != TypeKind::event_list && inner->type.kind != TypeKind::map) {
        diagnostics_.error(inner_ast.span, fmt::format("`count of` needs events or a set, but this is {}", type_name(program_, inner->type)));
        return std::nullopt;
      }
      Expr out = make(Op::count_value, {TypeKind::number}, e);
      out.args.push_back(std::move(*inner));
      return out;
    }
    case K::at_least_of: {
      Expr out = make(Op::at_least_of, {TypeKind::boolean}, e);
      out.a = static_cast<int>(e.number);
      for (const ast::Expr& arg : e.args) {
        auto c = condition(arg, scope);
        if (!c) return std::nullopt;
        out.args.push_back(std::move(*c));
      }
      return out;
    }
    case K::extreme: {
      Expr out = make(Op::extreme, {}, e);
      out.latest = e.latest;
      for (const ast::Expr& arg : e.args) {
        auto v = expr(arg, scope);
        if (!v) return std::nullopt;
        if (!orderable(v->type) && v->type.kind != TypeKind::unknown) {
          diagnostics_.error(arg.span, "`the earlier of` and `the later of` compare dates or numbers");
          return std::nullopt;
        }
        if (out.type.kind == TypeKind::unknown) out.type = v->type;
        out.args.push_back(std::move(*v));
      }
      return out;
    }
    case K::set_of: {
      Type element{};
      if (expected && expected->kind == TypeKind::set && expected->ref >= 0) element = {TypeKind::enumeration, expected->ref};
      Expr out = make(Op::set_of, {}, e);
      for (std::size_t i = 0; i + 1 < e.args.size(); i += 2) {
        auto item = expr(e.args[i], scope, element.kind == TypeKind::enumeration ? &element : nullptr);
        auto cond = condition(e.args[i + 1], scope);
        if (!item || !cond) return std::nullopt;
        if (item->type.kind != TypeKind::enumeration) {
          diagnostics_.error(e.args[i].span, "`set of (...)` holds values of a list declared with `enum`");
          return std::nullopt;
        }
        if (element.kind == TypeKind::unknown) element = item->type;
        if (!same_type(element, item->type)) {
          diagnostics_.error(e.args[i].span, fmt::format("expected {} here, but this is {}", type_name(program_, element),
                                                         type_name(program_, item->type)));
          return std::nullopt;
        }
        out.args.push_back(std::move(*item));
        out.args.push_back(std::move(*cond));
      }
      out.type = {TypeKind::set, element.ref};
      return out;
    }
    case K::if_: {
      auto c = condition(e.args[0], scope);
      auto then_value = expr(e.args[1], scope, expected);
      if (!c || !then_value) return std::nullopt;
      auto else_value = expr(e.args[2], scope, &then_value->type);
      if (!else_value) return std::nullopt;
      if (!same_type(then_value->type, else_value->type)) {
        diagnostics_.error(e.args[2].span, fmt::format("both branches must give the same kind of value: {} and {}",
                                                       type_name(program_, then_value->type), type_name(program_, else_value->type)));
        return std::nullopt;
      }
      Expr out = make(Op::if_, then_value->type.kind == TypeKind::unknown ? else_value->type : then_value->type, e);
      out.args.push_back(std::move(*c));
      out.args.push_back(std::move(*then_value));
      out.args.push_back(std::move(*else_value));
      return out;
    }
  }
  return std::nullopt;
}

}  // namespace carerules
