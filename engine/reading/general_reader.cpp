#include "engine/reading/general_reader.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dsl/diagnostics.hpp"

namespace carerules::reading {

namespace {

namespace od = simdjson::ondemand;

// How a JSON value looks in a message: strings quoted, scalars as written.
std::string found(od::value& value) {
  od::json_type type;
  if (value.type().get(type)) return "something that is not JSON";
  switch (type) {
    case od::json_type::object: return "an object";
    case od::json_type::array: return "a list";
    case od::json_type::string: {
      std::string_view text;
      return value.get_string().get(text) ? "a malformed string" : quoted(text);
    }
    default: {
      std::string_view raw = value.raw_json_token();
      while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
      return std::string(raw.substr(0, 60));
    }
  }
}

// The JSON type a value of `kind` is written as; null for kinds case data
// cannot hold.
od::json_type json_for(TypeKind kind) {
  switch (kind) {
    case TypeKind::boolean: return od::json_type::boolean;
    case TypeKind::number:
    case TypeKind::money: return od::json_type::number;
    case TypeKind::text:
    case TypeKind::date:
    case TypeKind::timestamp:
    case TypeKind::enumeration: return od::json_type::string;
    case TypeKind::set: return od::json_type::array;
    case TypeKind::map:
    case TypeKind::record: return od::json_type::object;
    default: return od::json_type::null;
  }
}

// One line at a time; the first problem of a line is reported and ends it.
class LineWalker {
 public:
  LineWalker(const EventSchema& schema, CaseBase& base, EventImport& import, ReadOptions options)
      : schema_(schema), base_(base), import_(import), options_(options) {
    path_.reserve(8);
  }

  // Reads the line of `length` bytes at `line`, which has `capacity` readable
  // bytes (at least SIMDJSON_PADDING more than its length).
  bool read(const char* line, std::size_t length, std::size_t capacity, std::uint32_t line_no);

 private:
  const EventSchema& schema_;
  CaseBase& base_;
  EventImport& import_;
  ReadOptions options_;
  od::parser parser_;
  std::vector<std::string_view> path_;          // field names down to the current value
  std::deque<std::vector<std::uint8_t>> seen_;  // by depth: fields present (deque: stable refs)
  std::vector<std::uint32_t> texts_;            // scratch for text sets

  bool fail(std::string message, bool warning = false) { return import_.fail(std::move(message), warning); }
  bool json_fail(simdjson::error_code code) {
    return fail(fmt::format("not valid JSON ({})", simdjson::error_message(code)));
  }
  std::string path(std::string_view last = {}) const;
  bool mismatch(std::string_view expected, od::value& value) {
    return fail(fmt::format("{}: expected {}; found {}", path(), expected, found(value)));
  }
  std::vector<std::uint8_t>& seen_at(int depth, std::size_t count);

  bool read_top(od::object object, Head& head, Value*& values, bool& deferred);
  Value* body_values(int type);
  bool read_object(od::object object, int record, Value* values, int depth);
  bool read_head(int which, od::value value, Head& head);
  bool read_member(int record, std::string_view key, od::value value, Value* values, int depth,
                   int& hint);
  bool read_value(od::value value, const Type& type, Value& out, int depth);
  bool read_text(std::string_view text, const Type& type, Value& out);
  bool read_set(od::value value, const Type& type, Value& out);
  bool read_map(od::value value, const Type& type, Value& out, int depth);
  bool read_string(od::value& value, std::string_view& text, bool& present);
  bool check_required(int record, const Value* values, int depth);
};

std::string LineWalker::path(std::string_view last) const {
  std::string out;
  for (std::string_view name : path_) out.append(name).append(".");
  out.append(last);
  if (last.empty() && !out.empty()) out.pop_back();
  return out;
}

std::vector<std::uint8_t>& LineWalker::seen_at(int depth, std::size_t count) {
  while (seen_.size() <= static_cast<std::size_t>(depth)) seen_.emplace_back();
  std::vector<std::uint8_t>& seen = seen_[depth];
  seen.assign(count, 0);
  return seen;
}

bool LineWalker::read(const char* line, std::size_t length, std::size_t capacity,
                         std::uint32_t line_no) {
  import_.at_line(line_no);
  path_.clear();
  od::document doc;
  if (auto code = parser_.iterate(line, length, capacity).get(doc)) return json_fail(code);
  od::object object;
  if (auto code = doc.get_object().get(object)) {
    return code == simdjson::INCORRECT_TYPE ? fail("expected a JSON object (one event per line)")
                                            : json_fail(code);
  }
  Head head;
  Value* values = nullptr;
  const std::size_t reported = import_.error_count();
  bool deferred = false;
  if (!read_top(object, head, values, deferred)) return false;
  if (deferred && head.type >= 0) {
    // Body fields came before `type` and were skipped: read the body again.
    import_.drop_errors(reported);  // its warnings come again
    values = nullptr;
    doc.rewind();
    if (auto code = doc.get_object().get(object)) return json_fail(code);
    Head again;
    again.type = head.type;
    if (!read_top(object, again, values, deferred)) return false;
    head.id = again.id;  // the rewind reused the buffer the first pass's text was in
    head.id_hash = again.id_hash;
  }
  const char* rest = nullptr;
  if (doc.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) {
    return fail("not valid JSON (more text after the event's closing brace)");
  }
  for (int which : {kId, kCase, kType, kDate}) {
    if (!(head.seen & (1u << which))) {
      return fail(fmt::format("missing required field `{}`", kEnvelopeNames[which]));
    }
  }
  if (values == nullptr) values = body_values(head.type);  // an event with no body fields
  if (!check_required(schema_.program.events[head.type].record, values, 0)) return false;
  return import_.add_event(head, values, std::string_view(line, length));
}

Value* LineWalker::body_values(int type) {
  const int record = schema_.program.events[type].record;
  const std::size_t count = schema_.program.records[record].fields.size();
  seen_at(0, count);
  return base_.allocate_values(count);
}

// The envelope into `head`, the body into `values` (allocated once `type` is
// known). Body fields before `type` are skipped and `deferred` set.
bool LineWalker::read_top(od::object object, Head& head, Value*& values, bool& deferred) {
  int hint = 0;
  for (auto member : object) {
    od::field field;
    if (auto code = std::move(member).get(field)) return json_fail(code);
    std::string_view key;
    if (auto code = field.unescaped_key().get(key)) return json_fail(code);
    const int envelope = envelope_field(key);
    if (envelope >= 0) {
      if (!read_head(envelope, field.value(), head)) return false;
      continue;
    }
    if (head.type < 0) {
      deferred = true;
      continue;
    }
    if (values == nullptr) values = body_values(head.type);
    const int record = schema_.program.events[head.type].record;
    if (!read_member(record, key, field.value(), values, 0, hint)) return false;
  }
  return true;
}

// A nested record's fields into `values`.
bool LineWalker::read_object(od::object object, int record, Value* values, int depth) {
  seen_at(depth, schema_.program.records[record].fields.size());
  int hint = 0;
  for (auto member : object) {
    od::field field;
    if (auto code = std::move(member).get(field)) return json_fail(code);
    std::string_view key;
    if (auto code = field.unescaped_key().get(key)) return json_fail(code);
    if (!read_member(record, key, field.value(), values, depth, hint)) return false;
  }
  return check_required(record, values, depth);
}

bool LineWalker::read_string(od::value& value, std::string_view& text, bool& present) {
  od::json_type type;
  if (auto code = value.type().get(type)) return json_fail(code);
  present = type != od::json_type::null;
  if (!present) return true;
  if (type != od::json_type::string) return mismatch("a string", value);  // envelope fields
  if (auto code = value.get_string().get(text)) return json_fail(code);
  return true;
}

bool LineWalker::read_head(int which, od::value value, Head& head) {
  if (head.seen & (1u << which)) {
    return fail(fmt::format("field `{}` appears twice", kEnvelopeNames[which]));
  }
  path_.assign(1, kEnvelopeNames[which]);
  std::string_view text;
  bool present = false;
  if (!read_string(value, text, present)) return false;
  path_.clear();
  const bool optional = which == kRecorded || which == kAmends;
  if (!present) {
    if (optional) return true;
    return fail(fmt::format("{}: expected a string; found null", kEnvelopeNames[which]));
  }
  head.seen |= 1u << which;
  if (text.empty() && which != kType && which != kDate && which != kRecorded) {
    return fail(fmt::format("{}: must not be empty", kEnvelopeNames[which]));
  }
  switch (which) {
    case kId:
      head.id = text;
      head.id_hash = StringPool::hash(text);
      base_.strings.prefetch(head.id_hash);
      return true;
    case kCase:
      head.case_id = import_.case_id(text);
      return true;
    case kAmends: head.amends = base_.strings.intern(text); return true;
    case kType: {
      head.type = schema_.event_types.find(text);
      if (head.type >= 0) return true;
      std::string near = closest_name(std::string(text), schema_.event_types.name_strings());
      return fail(fmt::format("unknown event type {}{}", quoted(text),
                              near.empty() ? "" : fmt::format("; did you mean `{}`?", near)));
    }
    case kDate: {
      std::optional<Date> date = parse_date(text);
      if (!date) return fail(fmt::format("date: {}", date_problem(text)));
      head.has_date = true, head.date = *date;
      return true;
    }
    default: {
      std::optional<Timestamp> at = parse_timestamp(text);
      if (!at) return fail(fmt::format("recorded: {}", timestamp_problem(text)));
      head.has_recorded = true, head.recorded = *at;
      return true;
    }
  }
}

bool LineWalker::read_member(int record, std::string_view key, od::value value, Value* values,
                             int depth, int& hint) {
  const RecordDef& def = schema_.program.records[record];
  const int index = schema_.fields[record].find(key, hint);
  if (index < 0) {
    std::string message = schema_.unknown_field(record, key, path(key), depth == 0);
    if (!options_.unknown_fields_are_warnings) return fail(std::move(message));
    fail(std::move(message), true);
    return true;
  }
  hint = index + 1;
  std::uint8_t& seen = seen_[depth][index];
  if (seen) return fail(fmt::format("field `{}` appears twice", path(key)));
  seen = 1;
  path_.push_back(def.fields[index].name);
  const bool ok = read_value(value, def.fields[index].type, values[index], depth);
  path_.pop_back();
  return ok;
}

bool LineWalker::read_value(od::value value, const Type& type, Value& out, int depth) {
  od::json_type json;
  if (auto code = value.type().get(json)) return json_fail(code);
  out = Value::unknown();
  if (json == od::json_type::null) return true;
  if (json_for(type.kind) == od::json_type::null) {
    return fail(fmt::format("{}: this field's type cannot be read from case data", path()));
  }
  if (json != json_for(type.kind)) return mismatch(schema_.expected(type), value);
  switch (type.kind) {
    case TypeKind::boolean: {
      bool b = false;
      if (auto code = value.get_bool().get(b)) return json_fail(code);
      out = Value::of_bool(b);
      return true;
    }
    case TypeKind::number:
    case TypeKind::money: {
      double number = 0;
      if (auto code = value.get_double().get(number)) return json_fail(code);
      out = Value::of_number(number);
      return true;
    }
    case TypeKind::set: return read_set(value, type, out);
    case TypeKind::map: return read_map(value, type, out, depth);
    case TypeKind::record: {
      od::object object;
      if (auto code = value.get_object().get(object)) return json_fail(code);
      Value* items = base_.allocate_values(schema_.program.records[type.ref].fields.size());
      if (!read_object(object, type.ref, items, depth + 1)) return false;
      out = Value::of_items(ValueKind::record, items);
      return true;
    }
    default: {
      std::string_view text;
      if (auto code = value.get_string().get(text)) return json_fail(code);
      return read_text(text, type, out);
    }
  }
}

// Texts, dates, timestamps and enum values: all written as JSON strings.
bool LineWalker::read_text(std::string_view text, const Type& type, Value& out) {
  if (type.kind == TypeKind::text) {
    out = Value::of_text(base_.strings.intern(text));
  } else if (type.kind == TypeKind::date) {
    std::optional<Date> date = parse_date(text);
    if (!date) return fail(fmt::format("{}: {}", path(), date_problem(text)));
    out = Value::of_date(*date);
  } else if (type.kind == TypeKind::timestamp) {
    std::optional<Timestamp> at = parse_timestamp(text);
    if (!at) return fail(fmt::format("{}: {}", path(), timestamp_problem(text)));
    out = Value::of_timestamp(*at);
  } else {
    const int index = schema_.values[type.ref].find(text);
    if (index < 0) {
      return fail(fmt::format("{}: expected {}; found {}", path(), schema_.value_list(type.ref), quoted(text)));
    }
    out = Value::of_enum(index);
  }
  return true;
}

// A set of enum values is a bit mask; a set of texts, sorted unique ids.
bool LineWalker::read_set(od::value value, const Type& type, Value& out) {
  od::array array;
  if (auto code = value.get_array().get(array)) return json_fail(code);
  const Type element_type{type.ref >= 0 ? TypeKind::enumeration : TypeKind::text, type.ref};
  if (type.ref >= 0 && schema_.program.enums[type.ref].values.size() > 64) {
    return fail(fmt::format("{}: sets of more than 64 values are not supported", path()));
  }
  std::uint64_t mask = 0;
  texts_.clear();
  for (auto element_result : array) {
    od::value element;
    if (auto code = std::move(element_result).get(element)) return json_fail(code);
    od::json_type json;
    if (auto code = element.type().get(json)) return json_fail(code);
    if (json != od::json_type::string) return mismatch(schema_.expected(element_type), element);
    std::string_view text;
    Value item;
    if (auto code = element.get_string().get(text)) return json_fail(code);
    if (!read_text(text, element_type, item)) return false;
    if (type.ref >= 0) {
      mask |= std::uint64_t(1) << item.small;
    } else {
      texts_.push_back(static_cast<std::uint32_t>(item.small));
    }
  }
  if (type.ref >= 0) {
    out = Value::of_enum_set(mask);
    return true;
  }
  std::sort(texts_.begin(), texts_.end());
  texts_.erase(std::unique(texts_.begin(), texts_.end()), texts_.end());
  out.kind = ValueKind::text_set;
  out.texts = base_.add_text_set(texts_);
  return true;
}

// A map is an object keyed by the values of its key enum; keys left out stay
// unknown.
bool LineWalker::read_map(od::value value, const Type& type, Value& out, int depth) {
  od::object object;
  if (auto code = value.get_object().get(object)) return json_fail(code);
  const NameTable& keys = schema_.values[type.ref];
  const Type value_type{type.ref2 >= 0 ? TypeKind::enumeration : TypeKind::unknown, type.ref2};
  Value* items = base_.allocate_values(keys.names().size());
  std::vector<std::uint8_t>& seen = seen_at(depth + 1, keys.names().size());
  int hint = 0;
  for (auto member : object) {
    od::field field;
    if (auto code = std::move(member).get(field)) return json_fail(code);
    std::string_view key;
    if (auto code = field.unescaped_key().get(key)) return json_fail(code);
    const int index = keys.find(key, hint);
    if (index < 0) {
      return fail(fmt::format("{}: unknown key {}; expected one of {}", path(), quoted(key),
                              schema_.value_list(type.ref, false)));
    }
    hint = index + 1;
    if (seen[index]) return fail(fmt::format("field `{}` appears twice", path(key)));
    seen[index] = 1;
    path_.push_back(keys.names()[index]);
    const bool ok = read_value(field.value(), value_type, items[index], depth + 1);
    path_.pop_back();
    if (!ok) return false;
  }
  out = Value::of_items(ValueKind::map, items);
  return true;
}

bool LineWalker::check_required(int record, const Value* values, int depth) {
  const int missing = schema_.first_missing(record, values, base_.strings);
  if (missing < 0) return true;
  const FieldDef& field = schema_.program.records[record].fields[missing];
  const std::string why = schema_.why_required(field);
  if (seen_[depth][missing]) return fail(fmt::format("field `{}` must not be null{}", path(field.name), why));
  return fail(fmt::format("missing required field `{}`{}", path(field.name), why));
}

}  // namespace

// The walker's parts have internal linkage this way (see general_reader.hpp).
class GeneralReader::Walker : public LineWalker {
 public:
  using LineWalker::LineWalker;
};

GeneralReader::GeneralReader(const EventSchema& schema, CaseBase& base, EventImport& import,
                             ReadOptions options)
    : walker_(std::make_unique<Walker>(schema, base, import, options)) {}

GeneralReader::~GeneralReader() = default;

bool GeneralReader::read(const char* line, std::size_t length, std::size_t capacity, std::uint32_t line_no) {
  return walker_->read(line, length, capacity, line_no);
}

}  // namespace carerules::reading
