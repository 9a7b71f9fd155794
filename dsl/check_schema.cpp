// The schema: enums with labels, event types with typed fields, calendars.
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "dsl/checker.hpp"

namespace carerules {

namespace {

const std::vector<std::string>& builtin_types() {
  static const std::vector<std::string> names{"number", "money", "text", "date", "timestamp", "duration"};
  return names;
}

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

}  // namespace

void Checker::declare_enum(const ast::EnumDecl& decl, int pack) {
  if (program_.enum_by_name.count(decl.name.name)) {
    const EnumDef& earlier = program_.enums[static_cast<std::size_t>(program_.enum_by_name[decl.name.name])];
    diagnostics_.error(decl.name.span, fmt::format("the list of values `{}` is declared twice", decl.name.name),
                       fmt::format("the first is at {}:{}", earlier.span.file->path, earlier.span.line));
    return;
  }
  EnumDef def;
  def.name = decl.name.name;
  def.title = decl.title;
  def.span = decl.name.span;
  def.pack = pack;
  for (const ast::EnumValue& v : decl.values) {
    bool duplicate = false;
    for (const std::string& existing : def.values) duplicate |= existing == v.name;
    if (duplicate) {
      diagnostics_.error(v.span, fmt::format("`{}` is listed twice in `{}`", v.name, def.name));
      continue;
    }
    def.values.push_back(v.name);
    def.labels.push_back(v.label);
  }
  if (def.values.size() > 64)
    diagnostics_.error(decl.name.span, fmt::format("`{}` has {} values; at most 64 are supported", def.name, def.values.size()));
  program_.enum_by_name[def.name] = static_cast<int>(program_.enums.size());
  program_.enums.push_back(std::move(def));
}

void Checker::declare_event(const ast::EventDecl& decl, int pack) {
  if (program_.event_by_name.count(decl.name.name)) {
    diagnostics_.error(decl.name.span, fmt::format("the event type `{}` is declared twice", decl.name.name));
    return;
  }
  EventTypeDef def;
  def.name = decl.name.name;
  def.title = decl.title;
  def.span = decl.name.span;
  def.pack = pack;
  program_.event_by_name[def.name] = static_cast<int>(program_.events.size());
  program_.events.push_back(std::move(def));
}

void Checker::check_event_fields(const ast::EventDecl& decl) {
  auto it = program_.event_by_name.find(decl.name.name);
  if (it == program_.event_by_name.end()) return;
  EventTypeDef& def = program_.events[static_cast<std::size_t>(it->second)];
  if (def.record >= 0 || def.span.line != decl.name.span.line || def.span.file != decl.name.span.file) return;
  static const std::set<std::string> envelope{"id", "case", "type", "date", "recorded", "amends"};
  for (const ast::FieldDecl& f : decl.fields)
    if (envelope.count(f.name))
      diagnostics_.error(f.span, fmt::format("`{}` is part of every event already and cannot be declared as a field", f.name));
  int record = build_record(decl.fields, def.pack, def.name);
  program_.events[static_cast<std::size_t>(it->second)].record = record;
}

int Checker::build_record(const std::vector<ast::FieldDecl>& fields, int pack, const std::string& name) {
  RecordDef record;
  record.name = name;
  for (const ast::FieldDecl& f : fields) {
    if (record.field_index(f.name) >= 0) {
      diagnostics_.error(f.span, fmt::format("the field `{}` is declared twice in `{}`", f.name, name));
      continue;
    }
    FieldDef field;
    field.name = f.name;
    field.span = f.span;
    field.optional = f.optional || f.required_when.has_value();
    field.type = resolve_type(f.type, pack, name + "." + f.name);
    record.fields.push_back(std::move(field));
  }
  int index = static_cast<int>(program_.records.size());
  program_.records.push_back(record);
  // `required when` conditions read the same record's fields.
  std::size_t i = 0;
  for (const ast::FieldDecl& f : fields) {
    if (i >= program_.records[static_cast<std::size_t>(index)].fields.size()) break;
    if (program_.records[static_cast<std::size_t>(index)].fields[i].name != f.name) continue;
    if (f.required_when) {
      Scope scope;
      scope.pack = pack;
      scope.record_scope = index;
      scope.constant_only = true;
      if (auto cond = condition(*f.required_when, scope))
        program_.records[static_cast<std::size_t>(index)].fields[i].required_when = std::make_shared<Expr>(*cond);
    }
    ++i;
  }
  return index;
}

Type Checker::resolve_type(const ast::TypeRef& ref, int pack, const std::string& record_name) {
  using K = ast::TypeRef::Kind;
  auto find_enum = [&](const std::string& name, const Span& at) -> int {
    auto it = program_.enum_by_name.find(name);
    if (it == program_.enum_by_name.end()) {
      std::vector<std::string> known = builtin_types();
      for (const auto& [n, _] : program_.enum_by_name) known.push_back(n);
      std::string close = closest_name(name, known);
      diagnostics_.error(at, fmt::format("there is no type `{}`", name),
                         close.empty() ? fmt::format("types are yes/no, {}, or a list of values declared with `enum`",
                                                     join(builtin_types()))
                                       : fmt::format("did you mean `{}`?", close));
      return -1;
    }
    if (!visible(pack, program_.enums[static_cast<std::size_t>(it->second)].pack))
      not_visible(at, fmt::format("the list of values `{}`", name), program_.enums[static_cast<std::size_t>(it->second)].pack, pack);
    return it->second;
  };
  switch (ref.kind) {
    case K::boolean: return {TypeKind::boolean};
    case K::set: {
      Type element = resolve_type(ref.element[0], pack, record_name);
      if (element.kind == TypeKind::text) return {TypeKind::set, -1};
      if (element.kind != TypeKind::enumeration) {
        if (element.kind != TypeKind::unknown)
          diagnostics_.error(ref.span, "a set can hold values of a list declared with `enum`, or texts");
        return {};
      }
      return {TypeKind::set, element.ref};
    }
    case K::map: {
      if (ref.name == "yes/no" || std::count(builtin_types().begin(), builtin_types().end(), ref.name)) {
        diagnostics_.error(ref.span, fmt::format("`{} for each ...` is not supported: the values of a `for each` must come from a list declared with `enum`", ref.name),
                           "declare the possible values with `enum`, or use a `record (...)` of named fields");
        return {};
      }
      int value = find_enum(ref.name, ref.span);
      int key = find_enum(ref.key, ref.key_span);
      if (key >= 0 && program_.enums[static_cast<std::size_t>(key)].values.size() > 32)
        diagnostics_.error(ref.key_span, "`for each` supports lists of at most 32 values");
      if (value < 0 || key < 0) return {};
      return {TypeKind::map, key, value};
    }
    case K::record: return {TypeKind::record, build_record(ref.fields, pack, record_name)};
    case K::named: break;
  }
  static const std::map<std::string, TypeKind> builtins{
      {"number", TypeKind::number}, {"money", TypeKind::money},     {"text", TypeKind::text},
      {"date", TypeKind::date},     {"timestamp", TypeKind::timestamp}, {"duration", TypeKind::duration}};
  if (auto it = builtins.find(ref.name); it != builtins.end()) return {it->second};
  int id = find_enum(ref.name, ref.span);
  return id < 0 ? Type{} : Type{TypeKind::enumeration, id};
}

void Checker::load_calendar(const ast::CalendarDecl& decl, int) {
  if (program_.calendars.count(decl.name.name)) {
    diagnostics_.error(decl.name.span, fmt::format("the calendar `{}` is declared twice", decl.name.name));
    return;
  }
  namespace fs = std::filesystem;
  fs::path path = fs::path(decl.name.span.file->path).parent_path() / decl.path;
  std::optional<std::string> text;
  if (read_calendar) {
    text = read_calendar(path.string());
  } else if (std::ifstream in(path, std::ios::binary); in) {
    std::stringstream contents;
    contents << in.rdbuf();
    text = contents.str();
  }
  if (!text) {
    diagnostics_.error(decl.path_span, fmt::format("cannot read the calendar file `{}`", path.string()),
                       "the path is relative to this .care file");
    return;
  }
  program_.calendar_files.emplace_back(path.string(), *text);
  auto parsed = WorkingCalendar::parse(decl.name.name, *text, path.string());
  if (auto* error = std::get_if<CalendarError>(&parsed)) {
    diagnostics_.error(decl.path_span,
                       error->line > 0 ? fmt::format("line {} of the calendar file `{}`: {}", error->line, error->file, error->message)
                                       : fmt::format("the calendar file `{}`: {}", error->file, error->message),
                       "a calendar file has one date a line, written YYYY-MM-DD; lines starting with `#` are comments");
    return;
  }
  program_.calendars.emplace(decl.name.name, std::move(std::get<WorkingCalendar>(parsed)));
}

}  // namespace carerules
