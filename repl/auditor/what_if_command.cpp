// `what if FIELD = VALUE [and ...]`: the selected case decided again, in
// memory, with a field of its latest event of a type changed. The change is
// made to a copy of that event's stored line, added as an amendment of it
// recorded after everything else, and checked by the same reader as an
// import (a value that does not fit is refused with the reader's message).
// Nothing is written.
#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <nlohmann/json.hpp>

#include "dsl/diagnostics.hpp"
#include "engine/describe.hpp"
#include "engine/explain_text.hpp"
#include "repl/auditor/commands.hpp"
#include "repl/auditor/json_words.hpp"
#include "repl/auditor/scratch_cases.hpp"

namespace carerules::auditor {

namespace {

using Json = nlohmann::ordered_json;

// One event changed: the stored line, with every change to it.
struct ChangedEvent {
  const Event* event = nullptr;
  std::string id;  // the amendment's own id
  Json line;
  std::vector<std::string> described;  // "wellbeing_impact were significant (it is some)"
};

std::vector<std::string> split_path(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = text.find('.', start);
    parts.push_back(text.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

std::string did_you_mean(const std::string& wrong, const std::vector<std::string>& known) {
  std::string close = closest_name(wrong, known);
  return close.empty() ? fmt::format("; it may be one of {}", fmt::join(known, ", ")) : fmt::format("; did you mean `{}`?", close);
}

// Checks FIELD against the rules' event types: the event type, then each
// field (or, in a map such as `outcomes`, each key). Returns the event type.
int check_path(const Program& program, const std::vector<std::string>& path) {
  const int type = program.find_event(path[0]);
  if (type < 0) {
    std::vector<std::string> names;
    for (const auto& [n, _] : program.event_by_name) names.push_back(n);
    throw CommandError(fmt::format("`{}` is not a kind of event{}", path[0], did_you_mean(path[0], names)));
  }
  if (path.size() < 2) throw CommandError(fmt::format("name a field of the {} event, such as `{}.{}`", path[0], path[0],
                                                      program.records[static_cast<std::size_t>(program.events[static_cast<std::size_t>(type)].record)].fields.front().name));
  Type at{TypeKind::record, program.events[static_cast<std::size_t>(type)].record};
  std::string so_far = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const std::string& part = path[i];
    if (at.kind == TypeKind::record) {
      const RecordDef& record = program.records[static_cast<std::size_t>(at.ref)];
      const int field = record.field_index(part);
      if (field < 0) {
        std::vector<std::string> names;
        for (const FieldDef& f : record.fields) names.push_back(f.name);
        throw CommandError(fmt::format("`{}` has no field `{}`{}", so_far, part, did_you_mean(part, names)));
      }
      at = record.fields[static_cast<std::size_t>(field)].type;
    } else if (at.kind == TypeKind::map) {
      const EnumDef& keys = program.enums[static_cast<std::size_t>(at.ref)];
      if (std::find(keys.values.begin(), keys.values.end(), part) == keys.values.end())
        throw CommandError(fmt::format("`{}` has no entry `{}`{}", so_far, part, did_you_mean(part, keys.values)));
      at = Type{TypeKind::enumeration, at.ref2};
    } else {
      throw CommandError(fmt::format("`{}` is {} and has no parts; `{}` cannot be changed", so_far,
                                     type_name(program, at), part));
    }
    so_far += "." + part;
  }
  return type;
}

// The JSON of a value as typed: quoted text stays text; yes/no/unknown are
// true/false/null; numbers and JSON are themselves; any other word is text.
Json json_value(const Token& value) {
  if (value.quoted) return value.text;
  if (value.text.front() == '{' || value.text.front() == '[') {
    Json parsed = Json::parse(value.text, nullptr, false);
    if (parsed.is_discarded()) throw CommandError(fmt::format("the value at column {} is not valid JSON", value.column));
    return parsed;
  }
  std::string lower;
  for (char c : value.text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "true" || lower == "yes") return true;
  if (lower == "false" || lower == "no") return false;
  if (lower == "null" || lower == "unknown") return nullptr;
  const bool numeric = value.text.find_first_not_of("0123456789.-+eE") == std::string::npos &&
                       value.text.find_first_of("0123456789") != std::string::npos;
  if (numeric) {
    Json parsed = Json::parse(value.text, nullptr, false);
    if (!parsed.is_discarded() && parsed.is_number()) return parsed;
  }
  return value.text;
}

std::string stored_line(Database& db, const std::string& case_id, std::string_view event_id) {
  Statement s(db, "SELECT line FROM events WHERE case_id = ?1 AND event_id = ?2");
  s.bind(1, case_id).bind(2, event_id);
  if (!s.step()) throw CommandError(fmt::format("the stored line of event `{}` is missing", event_id));
  return std::string(s.text(0));
}

// What a case's decisions, tasks and alerts are, in words, keyed for comparing.
struct Outcome {
  std::map<std::string, std::string> decisions;  // name -> value in words (with labels)
  std::map<std::string, std::string> decision_json;
  std::map<std::string, std::string> tasks;   // name (about event) -> "title (due ...)"
  std::map<std::string, std::string> alerts;  // name -> message
};

Outcome outcome_of(ScratchCases& scratch, const std::string& case_id, Date as_of,
                   const std::map<std::string, std::string>& original_ids) {
  const CaseEvents* c = scratch.find(case_id);
  if (!c) throw CommandError(fmt::format("the events hold no case `{}`", case_id));
  std::vector<OpenTask> tasks;
  std::vector<RaisedAlert> alerts;
  CaseEvaluation e = scratch.evaluate(*c, as_of, &tasks, &alerts);
  const Program& program = scratch.program();
  const StringPool& strings = scratch.base().strings;
  Outcome out;
  for (const auto& [name, index] : program.decision_by_name) {
    const DecisionDef& def = program.decisions[static_cast<std::size_t>(index)];
    out.decisions[name] = describe(program, strings, def.type, e.results[static_cast<std::size_t>(index)]);
    out.decision_json[name] = to_json(program, strings, def.type, e.results[static_cast<std::size_t>(index)]);
  }
  for (const OpenTask& t : tasks) {
    const TaskDef& def = program.tasks[static_cast<std::size_t>(t.task)];
    std::string about;
    if (t.about.kind == ValueKind::event) {
      std::string id(strings.text(t.about.event->id));
      auto original = original_ids.find(id);
      about = original == original_ids.end() ? id : original->second;
    }
    out.tasks[about.empty() ? def.name : fmt::format("{} (about event {})", def.name, about)] =
        fmt::format("{}; team {}, due {}", def.title, def.team, describe(program, strings, {TypeKind::date}, t.due));
  }
  for (const RaisedAlert& a : alerts) out.alerts[program.alerts[static_cast<std::size_t>(a.alert)].name] = a.message;
  return out;
}

}  // namespace

void what_if(Session& session, const command::WhatIf& c) {
  const std::string& case_id = session.case_id();
  const Program& program = session.replay().program();
  const CaseEvents& folded = session.folded_case();
  const StringPool& strings = session.replay().cases().strings;
  const Date as_of = session.as_of();
  const std::optional<Timestamp> known_at = session.known_at();

  // After everything else the case holds: visible as known at the session's time.
  Timestamp recorded{0};
  for (const Event* e : folded.events) recorded = std::max(recorded, e->recorded);
  recorded = known_at ? *known_at : Timestamp{recorded.seconds + 1};

  std::vector<ChangedEvent> changed;
  for (const command::Assignment& a : c.changes) {
    const std::vector<std::string> path = split_path(a.field.text);
    const int type = check_path(program, path);
    const Event* latest = nullptr;
    for (const Event* e : folded.history)
      if (e->type == type && e->date <= as_of) latest = e;
    if (!latest)
      throw CommandError(fmt::format("case {} has no {} event {}; `what if` changes an event the case has", case_id, path[0],
                                     session.when_text()));
    auto it = std::find_if(changed.begin(), changed.end(), [&](const ChangedEvent& x) { return x.event == latest; });
    if (it == changed.end()) {
      ChangedEvent fresh;
      fresh.event = latest;
      fresh.line = Json::parse(stored_line(session.db(), case_id, strings.text(latest->id)), nullptr, false);
      fresh.id = fmt::format("what-if-{}", changed.size() + 1);
      changed.push_back(std::move(fresh));
      it = changed.end() - 1;
    }
    Json* node = &it->line;
    for (std::size_t i = 1; i + 1 < path.size(); ++i) {
      if (!node->contains(path[i]) || (*node)[path[i]].is_null()) (*node)[path[i]] = Json::object();
      node = &(*node)[path[i]];
    }
    const std::string& last = path.back();
    const std::string before = node->contains(last) ? json_words((*node)[last].dump()) : std::string("not recorded");
    (*node)[last] = json_value(a.value);
    std::string field;
    for (std::size_t i = 1; i < path.size(); ++i) field += (i > 1 ? "." : "") + path[i];
    it->described.push_back(fmt::format("{} {} instead of {}", field, json_words((*node)[last].dump()), before));
  }

  std::vector<std::string> lines;
  std::map<std::string, std::string> original_ids;
  for (ChangedEvent& e : changed) {
    const std::string original(strings.text(e.event->id));
    e.line["id"] = e.id;
    e.line["amends"] = original;
    e.line["recorded"] = format_timestamp(recorded);
    lines.push_back(e.line.dump());
    original_ids[e.id] = original;
  }
  const RunRow& run = session.run();
  ScratchCases now(session.db(), run, program, case_id, {}, known_at);
  ScratchCases then(session.db(), run, program, case_id, lines, known_at);
  const Outcome before = outcome_of(now, case_id, as_of, original_ids);
  const Outcome after = outcome_of(then, case_id, as_of, original_ids);

  std::string text = fmt::format("What if, for case {}, {}:\n", case_id, session.when_text());
  for (const ChangedEvent& e : changed)
    for (const std::string& d : e.described)
      text += fmt::format("  the {} with {}\n", describe_event(program, strings, e.event), d);
  text += "Worked out in memory from a copy of the event; nothing is stored.\n";
  std::string decisions, opened, moved, closed, raised, cleared;
  for (const auto& [name, value] : after.decision_json)
    if (before.decision_json.at(name) != value)
      decisions += fmt::format("  {}: {} → {}\n", name, before.decisions.at(name), after.decisions.at(name));
  for (const auto& [key, detail] : after.tasks) {
    auto b = before.tasks.find(key);
    if (b == before.tasks.end()) opened += fmt::format("  {}: {}\n", key, detail);
    else if (b->second != detail) moved += fmt::format("  {}: {} → {}\n", key, b->second, detail);
  }
  for (const auto& [key, detail] : before.tasks)
    if (!after.tasks.count(key)) closed += fmt::format("  {}: {}\n", key, detail);
  for (const auto& [name, message] : after.alerts)
    if (!before.alerts.count(name)) raised += fmt::format("  {}: {}\n", name, message);
  for (const auto& [name, message] : before.alerts)
    if (!after.alerts.count(name)) cleared += fmt::format("  {}: {}\n", name, message);
  const bool prompts_change = !(opened.empty() && moved.empty() && closed.empty() && raised.empty() && cleared.empty());
  if (decisions.empty() && !prompts_change) {
    text += "No decision, task or alert would change.\n";
  } else {
    text += decisions.empty() ? "No decision would change.\n" : "Decisions that would change:\n" + decisions;
    if (!opened.empty()) text += "Tasks that would open:\n" + opened;
    if (!moved.empty()) text += "Tasks that would change:\n" + moved;
    if (!closed.empty()) text += "Tasks that would no longer be open:\n" + closed;
    if (!raised.empty()) text += "Alerts that would be raised:\n" + raised;
    if (!cleared.empty()) text += "Alerts that would no longer be raised:\n" + cleared;
    if (!prompts_change) text += "No task or alert would change.\n";
  }
  std::fwrite(text.data(), 1, text.size(), session.out());
}

}  // namespace carerules::auditor
