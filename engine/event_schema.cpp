#include "engine/event_schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "dsl/diagnostics.hpp"

namespace carerules {

int envelope_field(std::string_view key) {
  switch (key.size()) {
    case 2: return key == "id" ? kId : -1;
    case 4: return key == "case" ? kCase : key == "type" ? kType : key == "date" ? kDate : -1;
    case 6: return key == "amends" ? kAmends : -1;
    case 8: return key == "recorded" ? kRecorded : -1;
    default: return -1;
  }
}

std::string quoted(std::string_view text) {
  if (text.size() > 60) return fmt::format("\"{}...\"", text.substr(0, 57));
  return fmt::format("\"{}\"", text);
}

NameTable::NameTable(std::vector<std::string_view> names) : names_(std::move(names)) {
  std::size_t size = 8;
  while (size < 2 * names_.size()) size *= 2;
  slots_.assign(size, -1);
  mask_ = size - 1;
  for (std::size_t i = 0; i < names_.size(); ++i) {
    std::size_t slot = hash_bytes(names_[i]) & mask_;
    while (slots_[slot] >= 0) slot = (slot + 1) & mask_;
    slots_[slot] = static_cast<std::int32_t>(i);
  }
}

int NameTable::find(std::string_view name, int hint) const {
  if (hint >= 0 && static_cast<std::size_t>(hint) < names_.size() && names_[hint] == name) return hint;
  for (std::size_t slot = hash_bytes(name) & mask_; slots_[slot] >= 0; slot = (slot + 1) & mask_) {
    if (names_[slots_[slot]] == name) return slots_[slot];
  }
  return -1;
}

namespace {
bool same_expr(const Expr& a, const Expr& b);
}  // namespace

EventSchema::EventSchema(const Program& p) : program(p) {
  std::vector<std::string_view> names;
  for (const EventTypeDef& event : p.events) names.push_back(event.name);
  event_types = NameTable(std::move(names));
  for (const RecordDef& record : p.records) {
    std::vector<std::string_view> field_names;
    for (const FieldDef& field : record.fields) field_names.push_back(field.name);
    fields.emplace_back(std::move(field_names));
  }
  for (const EnumDef& def : p.enums) {
    values.emplace_back(std::vector<std::string_view>(def.values.begin(), def.values.end()));
  }
  for (const RecordDef& record : p.records) {
    std::vector<MaybeRequired>& fields_here = maybe_required_.emplace_back();
    std::vector<const Expr*>& conditions = conditions_.emplace_back();
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
      const FieldDef& field = record.fields[i];
      if (field.required_when) {
        auto same = std::find_if(conditions.begin(), conditions.end(),
                                 [&](const Expr* c) { return same_expr(*c, *field.required_when); });
        if (same == conditions.end()) same = conditions.insert(conditions.end(), field.required_when.get());
        fields_here.push_back({static_cast<std::uint32_t>(i), static_cast<std::int32_t>(same - conditions.begin())});
      } else if (!field.optional) {
        fields_here.push_back({static_cast<std::uint32_t>(i), -1});
      }
    }
    std::vector<Compiled>& compiled = compiled_.emplace_back();
    for (const Expr* condition : conditions) {
      Compiled& c = compiled.emplace_back();
      c.simple = compile(*condition, static_cast<int>(&record - p.records.data()), c.terms);
      if (!c.simple) c.terms.clear();
    }
  }
}

// `e` as terms that all hold exactly when it does (ConditionEvaluator: an
// `and` is yes when every part is yes; `field is constant` is yes when the
// field is known, of the constant's kind and equal to it; a yes/no field is
// yes when it is true). False for any other shape.
bool EventSchema::compile(const Expr& e, int record, std::vector<Term>& terms) const {
  // A field of the record itself (as ConditionEvaluator::operand reads it).
  const auto plain_field = [&](const Expr& f) {
    return f.op == Op::field && (f.args.empty() || (f.args[0].op != Op::field && f.args[0].op != Op::map_entry)) &&
           f.a >= 0 && static_cast<std::size_t>(f.a) < program.records[record].fields.size();
  };
  switch (e.op) {
    case Op::and_:
      for (const Expr& arg : e.args) {
        if (!compile(arg, record, terms)) return false;
      }
      return !e.args.empty();
    case Op::field:
      if (!plain_field(e)) return false;
      terms.push_back({static_cast<std::uint32_t>(e.a), ValueKind::boolean, 1});
      return true;
    case Op::compare: {
      if (e.args.size() != 2 || static_cast<ast::CompareOp>(e.a) != ast::CompareOp::eq) return false;
      const Expr* f = &e.args[0];
      const Expr* c = &e.args[1];
      if (f->op == Op::constant) std::swap(f, c);
      if (!plain_field(*f) || c->op != Op::constant) return false;
      if (c->a < 0 || static_cast<std::size_t>(c->a) >= program.constants.size()) return false;
      const DataValue& constant = program.constants[c->a];
      Term term{static_cast<std::uint32_t>(f->a), ValueKind::unknown, 0};
      switch (constant.kind) {
        case TypeKind::boolean: term.kind = ValueKind::boolean, term.payload = constant.boolean; break;
        case TypeKind::enumeration: term.kind = ValueKind::enumeration, term.payload = constant.enum_value; break;
        case TypeKind::date: term.kind = ValueKind::date, term.payload = constant.date.days; break;
        case TypeKind::timestamp: term.kind = ValueKind::timestamp, term.payload = constant.timestamp.seconds; break;
        default: return false;
      }
      terms.push_back(term);
      return true;
    }
    default: return false;
  }
}

bool EventSchema::holds(const Compiled& compiled, const Value* values) const {
  for (const Term& t : compiled.terms) {
    const Value& v = values[t.field];
    if (v.kind != t.kind) return false;
    switch (t.kind) {
      case ValueKind::boolean:
        if (v.b != (t.payload != 0)) return false;
        break;
      case ValueKind::timestamp:
        if (v.big != t.payload) return false;
        break;
      default:
        if (v.small != t.payload) return false;
        break;
    }
  }
  return true;
}

std::string EventSchema::value_list(int enum_id, bool one_of) const {
  return fmt::format("{}{}", one_of ? "one of " : "", fmt::join(program.enums[enum_id].values, ", "));
}

std::string EventSchema::expected(const Type& type) const {
  switch (type.kind) {
    case TypeKind::boolean: return "true or false";
    case TypeKind::number:
    case TypeKind::money: return "a number";
    case TypeKind::text: return "a string";
    case TypeKind::date: return "a date YYYY-MM-DD";
    case TypeKind::timestamp: return "a timestamp YYYY-MM-DDThh:mm:ssZ";
    case TypeKind::enumeration: return value_list(type.ref);
    case TypeKind::set: return "a list";
    default: return "an object";
  }
}

std::string EventSchema::unknown_field(int record, std::string_view key, const std::string& path,
                                       bool top_level) const {
  std::vector<std::string> known = fields[record].name_strings();
  if (top_level) known.insert(known.end(), std::begin(kEnvelopeNames), std::end(kEnvelopeNames));
  const std::string near = closest_name(std::string(key), known);
  return fmt::format("unknown field `{}`{}{}", path,
                     top_level ? fmt::format(" in a `{}` event", program.records[record].name) : "",
                     near.empty() ? "" : fmt::format("; did you mean `{}`?", near));
}

namespace {

enum class Truth { no, yes, unknown };

// Whether two expressions mean the same (their source positions aside).
bool same_expr(const Expr& a, const Expr& b) {
  if (a.op != b.op || a.type != b.type || a.negated != b.negated || a.latest != b.latest || a.a != b.a ||
      a.b != b.b || a.query != b.query || a.args.size() != b.args.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.args.size(); ++i) {
    if (!same_expr(a.args[i], b.args[i])) return false;
  }
  return true;
}

Truth truth_of(bool b) { return b ? Truth::yes : Truth::no; }
Truth flip(Truth t) { return t == Truth::unknown ? t : t == Truth::yes ? Truth::no : Truth::yes; }

// Equality of two known values of the same kind; unknown across kinds.
Truth equal(const Value& l, const Value& r) {
  if (l.kind != r.kind) return Truth::unknown;
  switch (l.kind) {
    case ValueKind::boolean: return truth_of(l.b == r.b);
    case ValueKind::number: return truth_of(l.number == r.number);
    case ValueKind::text:
    case ValueKind::date:
    case ValueKind::enumeration: return truth_of(l.small == r.small);
    case ValueKind::timestamp: return truth_of(l.big == r.big);
    default: return Truth::unknown;
  }
}

// Orders numbers, dates and timestamps: -1, 0, 1, or 2 when they do not order.
int order(const Value& l, const Value& r) {
  if (l.kind != r.kind) return 2;
  switch (l.kind) {
    case ValueKind::number: return l.number < r.number ? -1 : l.number > r.number ? 1 : 0;
    case ValueKind::date: return l.small < r.small ? -1 : l.small > r.small ? 1 : 0;
    case ValueKind::timestamp: return l.big < r.big ? -1 : l.big > r.big ? 1 : 0;
    default: return 2;
  }
}

struct ConditionEvaluator {
  const Program& program;
  int record;
  const Value* values;
  const StringPool& strings;

  Value operand(const Expr& e) const {
    switch (e.op) {
      case Op::constant: return constant(e.a);
      case Op::field: {
        // A field of the record itself, or of a nested record read into it.
        const Value* items = values;
        int of_record = record;
        if (!e.args.empty() && (e.args[0].op == Op::field || e.args[0].op == Op::map_entry)) {
          Value inner = operand(e.args[0]);
          if (inner.kind != ValueKind::record || e.args[0].type.kind != TypeKind::record) return {};
          items = inner.items, of_record = e.args[0].type.ref;
        }
        if (of_record < 0 || e.a < 0) return {};
        if (static_cast<std::size_t>(e.a) >= program.records[of_record].fields.size()) return {};
        return items[e.a];
      }
      case Op::map_entry: {
        if (e.args.empty()) return {};
        Value map = operand(e.args[0]);
        const Type& type = e.args[0].type;
        if (map.kind != ValueKind::map || type.kind != TypeKind::map || type.ref < 0) return {};
        if (e.a < 0 || static_cast<std::size_t>(e.a) >= program.enums[type.ref].values.size()) return {};
        return map.items[e.a];
      }
      default: return {};
    }
  }

  Value constant(int slot) const {
    if (slot < 0 || static_cast<std::size_t>(slot) >= program.constants.size()) return {};
    const DataValue& c = program.constants[slot];
    switch (c.kind) {
      case TypeKind::boolean: return Value::of_bool(c.boolean);
      case TypeKind::number:
      case TypeKind::money: return Value::of_number(c.number);
      case TypeKind::enumeration: return Value::of_enum(c.enum_value);
      case TypeKind::date: return Value::of_date(c.date);
      case TypeKind::timestamp: return Value::of_timestamp(c.timestamp);
      case TypeKind::text: return Value::of_text(strings.find(c.text));  // absent: matches no text
      default: return {};
    }
  }

  Truth holds(const Expr& e) const {
    switch (e.op) {
      case Op::not_: return e.args.empty() ? Truth::unknown : flip(holds(e.args[0]));
      case Op::and_:
      case Op::or_: {
        const Truth decisive = e.op == Op::and_ ? Truth::no : Truth::yes;
        Truth result = flip(decisive);
        for (const Expr& arg : e.args) {
          Truth t = holds(arg);
          if (t == decisive) return decisive;
          if (t == Truth::unknown) result = Truth::unknown;
        }
        return result;
      }
      case Op::is_known: {
        if (e.args.empty()) return Truth::unknown;
        Truth known = truth_of(!operand(e.args[0]).is_unknown());
        return e.negated ? flip(known) : known;
      }
      case Op::compare: {
        if (e.args.size() != 2) return Truth::unknown;
        Value l = operand(e.args[0]), r = operand(e.args[1]);
        if (l.is_unknown() || r.is_unknown()) return Truth::unknown;
        const auto op = static_cast<ast::CompareOp>(e.a);
        if (op == ast::CompareOp::eq) return equal(l, r);
        if (op == ast::CompareOp::ne) return flip(equal(l, r));
        int c = order(l, r);
        if (c == 2) return Truth::unknown;
        switch (op) {
          case ast::CompareOp::lt: return truth_of(c < 0);
          case ast::CompareOp::le: return truth_of(c <= 0);
          case ast::CompareOp::gt: return truth_of(c > 0);
          default: return truth_of(c >= 0);
        }
      }
      case Op::one_of: {
        if (e.args.empty()) return Truth::unknown;
        Value l = operand(e.args[0]);
        if (l.is_unknown()) return Truth::unknown;
        Truth any = Truth::no;
        for (std::size_t i = 1; i < e.args.size() && any != Truth::yes; ++i) {
          Truth t = equal(l, operand(e.args[i]));
          if (t != Truth::no) any = t;
        }
        return e.negated ? flip(any) : any;
      }
      case Op::constant:
      case Op::field:
      case Op::map_entry: {
        Value v = operand(e);
        return v.kind == ValueKind::boolean ? truth_of(v.b) : Truth::unknown;
      }
      default: return Truth::unknown;
    }
  }
};

}  // namespace

bool EventSchema::condition_holds(const Expr& condition, int record, const Value* values,
                                  const StringPool& strings) const {
  return ConditionEvaluator{program, record, values, strings}.holds(condition) == Truth::yes;
}

int EventSchema::first_missing(int record, const Value* values, const StringPool& strings) const {
  const std::vector<const Expr*>& conditions = conditions_[record];
  // Each condition is worked out at most once: 0 not yet, 1 no, 2 yes.
  constexpr std::size_t kRemembered = 64;
  std::uint8_t known[kRemembered];
  std::memset(known, 0, std::min(conditions.size(), kRemembered));
  for (const MaybeRequired& maybe : maybe_required_[record]) {
    if (!values[maybe.field].is_unknown()) continue;
    if (maybe.condition < 0) return static_cast<int>(maybe.field);
    const auto c = static_cast<std::size_t>(maybe.condition);
    bool holds;
    const Compiled& compiled = compiled_[record][c];
    if (compiled.simple) {
      holds = this->holds(compiled, values);
    } else if (c < kRemembered) {
      if (known[c] == 0) known[c] = condition_holds(*conditions[c], record, values, strings) ? 2 : 1;
      holds = known[c] == 2;
    } else {
      holds = condition_holds(*conditions[c], record, values, strings);
    }
    if (holds) return static_cast<int>(maybe.field);
  }
  return -1;
}

std::string EventSchema::why_required(const FieldDef& field) {
  if (!field.required_when) return {};
  std::string condition = span_text(field.required_when->span, field.required_when->end_span);
  return condition.empty() ? std::string() : fmt::format(" (required when {})", condition);
}

std::string date_problem(std::string_view text) {
  if (has_date_shape(text)) {
    int year = 0;
    std::from_chars(text.data(), text.data() + 4, year);
    if (year < kMinYear || year > kMaxYear) {
      return fmt::format("\"{}\" has a year outside {}-{}", text, kMinYear, kMaxYear);
    }
    return fmt::format("\"{}\" is not a real date", text);
  }
  return fmt::format("expected a date YYYY-MM-DD; found \"{}\"", text.substr(0, 60));
}

std::string timestamp_problem(std::string_view text) {
  return fmt::format("expected a timestamp YYYY-MM-DDThh:mm:ssZ; found \"{}\"", text.substr(0, 60));
}

}  // namespace carerules
