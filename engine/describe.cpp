#include "engine/describe.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace carerules {

namespace {

std::string format_number(double n) {
  if (n == static_cast<double>(static_cast<long long>(n))) return fmt::format("{}", static_cast<long long>(n));
  return fmt::format("{:.12g}", n);  // 412.8 + 412.8 - 0.8 shows as 824.8, not 824.8000000000001
}

std::vector<int> members(const Value& value) {
  std::vector<int> out;
  std::uint64_t mask = value.kind == ValueKind::map_subset ? static_cast<std::uint32_t>(value.small) : value.mask;
  for (int k = 0; k < 64; ++k)
    if ((mask >> k) & 1u) out.push_back(k);
  return out;
}

const char* unit_name(std::uint8_t unit, bool plural) {
  switch (static_cast<ast::DurationUnit>(unit)) {
    case ast::DurationUnit::days: return plural ? "days" : "day";
    case ast::DurationUnit::weeks: return plural ? "weeks" : "week";
    case ast::DurationUnit::months: return plural ? "months" : "month";
    case ast::DurationUnit::years: return plural ? "years" : "year";
  }
  return "";
}

}  // namespace

std::string json_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        else out += c;
    }
  }
  out += '"';
  return out;
}

std::string describe(const Program& program, const StringPool& strings, const Type& type, const Value& value) {
  switch (value.kind) {
    case ValueKind::unknown: return "unknown";
    case ValueKind::boolean: return value.b ? "yes" : "no";
    case ValueKind::number: return format_number(value.number);
    case ValueKind::text: return std::string(strings.text(static_cast<std::uint32_t>(value.small)));
    case ValueKind::date: return format_date(value.as_date());
    case ValueKind::timestamp: return format_timestamp(Timestamp{value.big});
    case ValueKind::duration:
      return fmt::format("{}{} {}", value.small, value.working ? " working" : "", unit_name(value.unit, value.small != 1));
    case ValueKind::enumeration:
      if (type.kind == TypeKind::enumeration && type.ref >= 0)
        return program.enums[static_cast<std::size_t>(type.ref)].labels[static_cast<std::size_t>(value.small)];
      return std::to_string(value.small);
    case ValueKind::enum_set:
    case ValueKind::map_subset: {
      std::vector<int> keys = members(value);
      if (keys.empty()) return "none";
      std::string out;
      const EnumDef* key_enum = type.ref >= 0 ? &program.enums[static_cast<std::size_t>(type.ref)] : nullptr;
      for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i) out += ", ";
        out += key_enum ? key_enum->labels[static_cast<std::size_t>(keys[i])] : std::to_string(keys[i]);
        int value_enum = type.ref2 >= 0 ? type.ref2 : value.kind == ValueKind::map_subset ? value.unit - 1 : -1;
        if (value.kind == ValueKind::map_subset && value_enum >= 0) {
          const Value& v = value.items[keys[i]];
          out += " (" + program.enums[static_cast<std::size_t>(value_enum)].labels[static_cast<std::size_t>(v.small)] + ")";
        }
      }
      return out;
    }
    case ValueKind::text_set: {
      std::string out;
      for (std::size_t i = 0; i < value.texts->size(); ++i) {
        if (i) out += ", ";
        out += strings.text((*value.texts)[i]);
      }
      return out.empty() ? "none" : out;
    }
    case ValueKind::event: {
      const Event* e = value.event;
      return fmt::format("the {} of {} (event {})", program.events[static_cast<std::size_t>(e->type)].name,
                         format_date(e->date), strings.text(e->id));
    }
    case ValueKind::event_list: return fmt::format("{} events", value.events->size());
    case ValueKind::map:
    case ValueKind::record: return "(a group of values)";
  }
  return "unknown";
}

std::string to_json(const Program& program, const StringPool& strings, const Type& type, const Value& value) {
  switch (value.kind) {
    case ValueKind::unknown: return "null";
    case ValueKind::boolean: return value.b ? "true" : "false";
    case ValueKind::number: return format_number(value.number);
    case ValueKind::text: return json_string(strings.text(static_cast<std::uint32_t>(value.small)));
    case ValueKind::date: return json_string(format_date(value.as_date()));
    case ValueKind::timestamp: return json_string(format_timestamp(Timestamp{value.big}));
    case ValueKind::enumeration:
      return json_string(program.enums[static_cast<std::size_t>(type.ref)].values[static_cast<std::size_t>(value.small)]);
    case ValueKind::enum_set:
    case ValueKind::map_subset: {
      std::vector<std::string> names;
      for (int k : members(value)) names.push_back(program.enums[static_cast<std::size_t>(type.ref)].values[static_cast<std::size_t>(k)]);
      std::sort(names.begin(), names.end());
      std::string out = "[";
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (i) out += ',';
        out += json_string(names[i]);
      }
      return out + "]";
    }
    case ValueKind::text_set: {
      std::vector<std::string_view> names;
      for (std::uint32_t id : *value.texts) names.push_back(strings.text(id));
      std::sort(names.begin(), names.end());
      std::string out = "[";
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (i) out += ',';
        out += json_string(names[i]);
      }
      return out + "]";
    }
    default: return json_string(describe(program, strings, type, value));
  }
}

}  // namespace carerules
