// The case: `cases`, `case ID`, `history`, `event ID`, `as of`, `known at`,
// `decisions`.
#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <simdjson.h>

#include "dsl/diagnostics.hpp"
#include "engine/describe.hpp"
#include "engine/store/audit_verify.hpp"
#include "repl/auditor/commands.hpp"
#include "repl/auditor/json_words.hpp"

namespace carerules::auditor {

namespace {

constexpr std::string_view kEnvelope[] = {"id", "case", "type", "date", "recorded", "amends"};

bool is_envelope(std::string_view key) {
  return std::find(std::begin(kEnvelope), std::end(kEnvelope), key) != std::end(kEnvelope);
}

// The fields of an event line, nested ones by their path: (path, value in words).
void flatten(simdjson::dom::element e, const std::string& path, std::vector<std::pair<std::string, std::string>>& out) {
  simdjson::dom::object object;
  if (e.get_object().get(object) == simdjson::SUCCESS && !path.empty()) {
    for (auto field : object) flatten(field.value, path + "." + std::string(field.key), out);
    return;
  }
  out.emplace_back(path, json_words(simdjson::minify(e)));
}

std::vector<std::pair<std::string, std::string>> event_fields(std::string_view line) {
  std::vector<std::pair<std::string, std::string>> out;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(line);
  simdjson::dom::object object;
  if (parser.parse(padded).get_object().get(object) != simdjson::SUCCESS) return out;
  for (auto field : object)
    if (!is_envelope(field.key)) flatten(field.value, std::string(field.key), out);
  return out;
}

std::string one_line(const std::vector<std::pair<std::string, std::string>>& fields, std::size_t width) {
  std::string text;
  for (const auto& [path, value] : fields) text += fmt::format("{}{}={}", text.empty() ? "" : " ", path, value);
  if (text.size() > width) text = text.substr(0, width - 3) + "...";
  return text;
}

struct StoredEvent {
  std::int64_t seq = 0;
  std::string id, type, date, recorded, line, file;
  std::optional<std::string> amends;
};

std::vector<StoredEvent> stored_events(Database& db, const std::string& case_id) {
  Statement s(db,
              "SELECT e.seq, e.event_id, e.type, e.date, e.recorded, e.amends, e.line, i.file FROM events e "
              "LEFT JOIN imports i ON i.id = e.import_id WHERE e.case_id = ?1 ORDER BY e.date, e.recorded, e.seq");
  s.bind(1, case_id);
  std::vector<StoredEvent> events;
  while (s.step())
    events.push_back({s.integer(0), std::string(s.text(1)), std::string(s.text(2)), std::string(s.text(3)),
                      std::string(s.text(4)), std::string(s.text(6)), std::string(s.text(7)), s.optional_text(5)});
  return events;
}

}  // namespace

void list_cases(Session& session, const command::Cases& c) {
  const auto& ids = session.run_case_ids();
  std::vector<std::string> shown;
  for (const std::string& id : ids)
    if (!c.prefix || id.compare(0, c.prefix->text.size(), c.prefix->text) == 0) shown.push_back(id);
  std::FILE* out = session.out();
  if (shown.empty())
    fmt::print(out, "No case of run {} starts with `{}`.\n", session.run().id, c.prefix ? c.prefix->text : "");
  else if (c.prefix)
    fmt::print(out, "{} of run {} start with `{}`:\n", count_text(static_cast<std::int64_t>(shown.size()), "case", "cases"),
               session.run().id, c.prefix->text);
  else
    fmt::print(out, "Run {} decided {}:\n", session.run().id, count_text(static_cast<std::int64_t>(shown.size()), "case", "cases"));
  for (std::size_t i = 0; i < shown.size(); i += 8) {
    std::string line;
    for (std::size_t k = i; k < std::min(shown.size(), i + 8); ++k) line += fmt::format("  {}", shown[k]);
    fmt::print(out, "{}\n", line);
  }
}

void select_case(Session& session, const command::SelectCase& c) {
  session.select_case(c.id.text);
  const CaseEvents& folded = session.folded_case();
  fmt::print(session.out(), "Case {} selected: {} in run {}{}.\n", c.id.text,
             count_text(static_cast<std::int64_t>(folded.events.size()), "event", "events"), session.run().id,
             folded.history.empty() ? ""
                                    : fmt::format(", from {} to {}", format_date(folded.history.front()->date),
                                                  format_date(folded.history.back()->date)));
}

void show_history(Session& session) {
  const std::string& case_id = session.case_id();
  const RunRow& run = session.run();
  const CaseEvents& folded = session.folded_case();
  const Date as_of = session.as_of();
  const std::optional<Timestamp> known_at = session.known_at();
  const StringPool& strings = session.replay().cases().strings;
  // The facts as the rules see them: every other version of a fact was
  // replaced by the one that stands.
  std::map<std::string, std::string> standing;  // id of the first of a chain -> id of the version that stands
  std::vector<StoredEvent> events = stored_events(session.db(), case_id);
  std::map<std::string, std::string> amends;
  for (const StoredEvent& e : events)
    if (e.amends) amends[e.id] = *e.amends;
  auto chain_start = [&amends](std::string id) {
    for (int guard = 0; guard < 1000 && amends.count(id); ++guard) id = amends[id];
    return id;
  };
  for (const Event* e : folded.history) standing[chain_start(std::string(strings.text(e->id)))] = strings.text(e->id);

  std::FILE* out = session.out();
  fmt::print(out, "Case {}: {}, in history order; {}\n", case_id,
             count_text(static_cast<std::int64_t>(events.size()), "event", "events"), session.when_text());
  std::size_t id_width = 5, type_width = 4, amends_width = 6;
  for (const StoredEvent& e : events) {
    id_width = std::max(id_width, e.id.size());
    type_width = std::max(type_width, e.type.size());
    amends_width = std::max(amends_width, e.amends.value_or("").size());
  }
  fmt::print(out, "  {:<10}  {:<20}  {:<{}}  {:<{}}  {:<{}}  {}\n", "date", "recorded", "type", type_width, "event", id_width,
             "amends", amends_width, "fields");
  std::size_t not_known = 0, after_run = 0;
  for (const StoredEvent& e : events) {
    std::vector<std::string> notes;
    if (e.seq > run.last_event_seq) {
      notes.push_back(fmt::format("imported after run {}", run.id));
      ++after_run;
    } else if (known_at && parse_timestamp(e.recorded) > known_at) {
      notes.push_back("not known then");
      ++not_known;
    } else {
      auto it = standing.find(chain_start(e.id));
      if (it != standing.end() && it->second != e.id) notes.push_back(fmt::format("replaced by {}", it->second));
      if (parse_date(e.date) > as_of) notes.push_back("after the as-of date");
    }
    std::string note;
    for (const std::string& n : notes) note += fmt::format("{}[{}]", note.empty() ? "" : " ", n);
    fmt::print(out, "  {:<10}  {:<20}  {:<{}}  {:<{}}  {:<{}}  {}{}\n", e.date, e.recorded, e.type, type_width, e.id, id_width,
               e.amends.value_or(""), amends_width, note.empty() ? "" : note + " ", one_line(event_fields(e.line), 90));
  }
  if (not_known)
    fmt::print(out, "{} recorded after the known-at time: the rules do not see {}.\n",
               count_text(static_cast<std::int64_t>(not_known), "event was", "events were"), not_known == 1 ? "it" : "them");
  if (after_run)
    fmt::print(out, "{} imported after run {}, which did not see {}; a later run may.\n",
               count_text(static_cast<std::int64_t>(after_run), "event was", "events were"), run.id,
               after_run == 1 ? "it" : "them");
  fmt::print(out, "`event ID` shows one event in full.\n");
}

void show_event(Session& session, const command::ShowEvent& c) {
  const std::string& case_id = session.case_id();
  std::vector<StoredEvent> events = stored_events(session.db(), case_id);
  auto it = std::find_if(events.begin(), events.end(), [&](const StoredEvent& e) { return e.id == c.id.text; });
  if (it == events.end()) {
    std::vector<std::string> ids;
    for (const StoredEvent& e : events) ids.push_back(e.id);
    std::string close = closest_name(c.id.text, ids);
    throw CommandError(fmt::format("case {} has no event `{}`{}", case_id, c.id.text,
                                   close.empty() ? "; `history` lists them" : fmt::format("; did you mean `{}`?", close)));
  }
  std::FILE* out = session.out();
  fmt::print(out, "Event {} of case {}: {} of {}\n", it->id, case_id, it->type, it->date);
  fmt::print(out, "  recorded:  {}\n", it->recorded);
  if (it->amends) fmt::print(out, "  amends:    {} (it corrects that event)\n", *it->amends);
  fmt::print(out, "  imported:  from `{}`, as event number {}{}\n", it->file, with_thousands(it->seq),
             it->seq > session.run().last_event_seq ? fmt::format(" (after run {})", session.run().id) : "");
  for (const auto& [path, value] : event_fields(it->line)) fmt::print(out, "  {} = {}\n", path, value);
  fmt::print(out, "  as stored: {}\n", it->line);
}

void set_as_of(Session& session, const command::AsOf& c) {
  session.set_as_of(c.date ? parse_date(c.date->text) : std::nullopt);
  fmt::print(session.out(), "Decisions are now worked out {}.\n", session.when_text());
  if (!c.date) return;
  fmt::print(session.out(), "The rules are still run {}'s; `replay` still uses the run's own date.\n", session.run().id);
  // The run's packs are the versions in force on its own date: say which of
  // them were not in force on this one, so that no answer is taken for what
  // the rules in force then would have said.
  const Date as_of = session.as_of();
  for (const PackDef& pack : session.replay().program().packs) {
    const bool before = as_of < pack.in_force_from, after = pack.in_force_until && as_of > *pack.in_force_until;
    if (!before && !after) continue;
    fmt::print(session.out(),
               "Note: {} {}, one of the run's packs, was not in force on {} (it is in force {} {}); the answers use it all "
               "the same. To see what the version in force then gives, `diff pack` its file with that version's.\n",
               pack.name, pack.version, format_date_long(as_of), before ? "from" : "until",
               format_date_long(before ? pack.in_force_from : *pack.in_force_until));
  }
}

void set_known_at(Session& session, const command::KnownAt& c) {
  std::optional<Timestamp> time;
  if (c.time) {
    if (auto date = parse_date(c.time->text)) time = Timestamp{start_of_day(*date).seconds + 86399};
    else time = parse_timestamp(c.time->text);
  }
  session.set_known_at(time);
  fmt::print(session.out(), "Decisions are now worked out {}.\n", session.when_text());
  if (c.time)
    fmt::print(session.out(), "Only the events run {} saw count; `replay` still uses the run's own knowledge.\n",
               session.run().id);
}

void list_decisions(Session& session) {
  const std::string& case_id = session.case_id();
  CaseEvaluation evaluation = session.evaluate_case();
  const Program& program = session.replay().program();
  const StringPool& strings = session.replay().cases().strings;
  auto stored = read_run_case(session.db(), session.run().id, case_id);
  const auto recorded = stored ? json_object_members(stored->decisions) : std::map<std::string, std::string>{};
  const auto worked_out = json_object_members(evaluation.record.decisions);
  const bool runs_own = session.as_of_is_runs() && session.known_at_is_runs();
  std::FILE* out = session.out();
  fmt::print(out, "Decisions of case {} in run {}, {}{}:\n", case_id, session.run().id, session.when_text(),
             runs_own ? "; as recorded" : "; worked out now, not recorded");
  std::size_t serious = 0;
  for (const auto& [name, index] : program.decision_by_name) {
    const DecisionDef& def = program.decisions[static_cast<std::size_t>(index)];
    fmt::print(out, "  {}: {}\n", name, describe(program, strings, def.type, evaluation.results[static_cast<std::size_t>(index)]));
    fmt::print(out, "      {}{}{}\n", def.title, def.title.empty() ? "" : " — ", def.cites);
    auto r = recorded.find(name);
    const std::string recorded_value = r == recorded.end() ? std::string("nothing") : json_words(r->second);
    if (r != recorded.end() && r->second == worked_out.at(name)) continue;
    if (runs_own) {
      ++serious;
      fmt::print(out, "      {}\n", session.serious(fmt::format("SERIOUS: the run recorded {}", recorded_value)));
    } else {
      fmt::print(out, "      (the run recorded {})\n", recorded_value);
    }
  }
  if (serious) {
    session.fail();
    fmt::print(out, "{}\n", session.serious(fmt::format(
                                "SERIOUS: run {} recorded {} not what its stored rules give; `replay` says more",
                                session.run().id, count_text(static_cast<std::int64_t>(serious), "decision that is", "decisions that are"))));
  }
}

}  // namespace carerules::auditor
