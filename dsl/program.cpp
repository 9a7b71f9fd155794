#include "dsl/program.hpp"

#include <fmt/format.h>

namespace carerules {

int RecordDef::field_index(const std::string& field) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == field) return static_cast<int>(i);
  return -1;
}

int Program::find_decision(const std::string& name) const {
  auto it = decision_by_name.find(name);
  return it == decision_by_name.end() ? -1 : it->second;
}

int Program::find_event(const std::string& name) const {
  auto it = event_by_name.find(name);
  return it == event_by_name.end() ? -1 : it->second;
}

std::string type_name(const Program& program, const Type& type) {
  auto enum_name = [&](int id) { return id >= 0 ? program.enums[static_cast<std::size_t>(id)].name : std::string("?"); };
  switch (type.kind) {
    case TypeKind::unknown: return "unknown";
    case TypeKind::boolean: return "yes/no";
    case TypeKind::number: return "a number";
    case TypeKind::money: return "an amount of money";
    case TypeKind::text: return "a text";
    case TypeKind::date: return "a date";
    case TypeKind::timestamp: return "a time";
    case TypeKind::duration: return "a duration";
    case TypeKind::enumeration: return fmt::format("a value of `{}`", enum_name(type.ref));
    case TypeKind::set: return type.ref >= 0 ? fmt::format("a set of `{}`", enum_name(type.ref)) : "a set of texts";
    case TypeKind::map: return fmt::format("`{}` for each `{}`", enum_name(type.ref2), enum_name(type.ref));
    case TypeKind::record: return fmt::format("a record `{}`", program.records[static_cast<std::size_t>(type.ref)].name);
    case TypeKind::event: return fmt::format("an event `{}`", program.events[static_cast<std::size_t>(type.ref)].name);
    case TypeKind::event_list: return fmt::format("a list of `{}` events", program.events[static_cast<std::size_t>(type.ref)].name);
  }
  return "?";
}

}  // namespace carerules
