// The runs: `runs`, `run N`, `show run`, `packs`, `settings`, `status`.
#include <fmt/format.h>
#include <simdjson.h>

#include "engine/describe.hpp"
#include "engine/store/audit_verify.hpp"
#include "engine/store/rule_sources.hpp"
#include "engine/store/run_json.hpp"
#include "repl/auditor/commands.hpp"

namespace carerules::auditor {

namespace {

std::string known_at_column(const RunRow& run) { return run.known_at ? *run.known_at : "-"; }

// "everything imported before the run (events 1 to 2,205)".
std::string run_knowledge(const RunRow& run) {
  std::string seen = fmt::format("the events imported before the run (numbers 1 to {})", with_thousands(run.last_event_seq));
  if (run.known_at) return fmt::format("{}, as known at {}", seen, *run.known_at);
  return seen;
}

struct PackLine {
  std::string name, version, hash;
};

std::vector<PackLine> recorded_packs(const RunRow& run) {
  std::vector<PackLine> packs;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(run.packs);
  simdjson::dom::array array;
  if (parser.parse(padded).get_array().get(array) != simdjson::SUCCESS) return packs;
  for (simdjson::dom::element p : array) {
    std::string_view name, version, hash;
    if (p["name"].get(name) || p["version"].get(version) || p["hash"].get(hash)) continue;
    packs.push_back({std::string(name), std::string(version), std::string(hash)});
  }
  return packs;
}

}  // namespace

void show_status(Session& session) {
  std::FILE* out = session.out();
  fmt::print(out, "Database: {} (read-only)\n", session.db().path());
  if (!session.has_run()) {
    fmt::print(out, "Run: none recorded yet\n");
    return;
  }
  const RunRow& run = session.run();
  fmt::print(out, "Run: {}, as of {}, {}\n", run.id, format_date_long(parse_date(run.as_of).value_or(Date{})),
             count_text(run.cases, "case", "cases"));
  fmt::print(out, "Case: {}\n", session.has_case() ? session.case_id() : std::string("none selected (`case ID`)"));
  fmt::print(out, "Decisions are worked out {}\n", session.when_text());
}

void list_runs(Session& session) {
  std::vector<RunRow> runs = list_runs(session.db());
  std::FILE* out = session.out();
  if (runs.empty()) {
    fmt::print(out, "No run is recorded in `{}` yet; `carerules run` makes one.\n", session.db().path());
    return;
  }
  fmt::print(out, "{} in `{}`, oldest first (* selected):\n", count_text(static_cast<std::int64_t>(runs.size()), "run", "runs"),
             session.db().path());
  fmt::print(out, "  {:>5}  {:<10}  {:<20}  {:>7}  {:>6}  {}\n", "run", "as of", "known at", "events", "cases", "rules");
  const std::int64_t selected = session.has_run() ? session.run().id : 0;
  for (const RunRow& r : runs)
    fmt::print(out, "{} {:>5}  {:<10}  {:<20}  {:>7}  {:>6}  {}\n", r.id == selected ? '*' : ' ', r.id, r.as_of,
               known_at_column(r), with_thousands(r.last_event_seq), with_thousands(r.cases), r.rules);
}

void select_run(Session& session, const command::SelectRun& c) {
  const std::int64_t id = std::stoll(c.number.text);
  const std::optional<std::string> case_id = session.has_case() ? std::optional<std::string>(session.case_id()) : std::nullopt;
  session.select_run(id);
  const RunRow& run = session.run();
  fmt::print(session.out(), "Run {} selected: as of {}, {}, rules `{}`.\n", run.id,
             format_date_long(parse_date(run.as_of).value_or(Date{})), count_text(run.cases, "case", "cases"), run.rules);
  if (case_id) {
    try {
      session.select_case(*case_id);
      fmt::print(session.out(), "Case {} is still selected.\n", *case_id);
    } catch (const CommandError&) {
      fmt::print(session.out(), "Run {} has no case {}: no case is selected.\n", run.id, *case_id);
    }
  }
}

void show_run(Session& session) {
  const RunRow& run = session.run();
  std::FILE* out = session.out();
  fmt::print(out, "Run {}\n", run.id);
  fmt::print(out, "  as of:        {}\n", format_date_long(parse_date(run.as_of).value_or(Date{})));
  fmt::print(out, "  it knew:      {}\n", run_knowledge(run));
  fmt::print(out, "  rules:        {} (as given to `carerules run`)\n", run.rules);
  fmt::print(out, "  cases:        {}\n", with_thousands(run.cases));
  fmt::print(out, "  engine:       carerules {}\n", run.engine_version);
  fmt::print(out, "  recorded at:  {} (the computer's clock; never used in deciding)\n", run.started_at);
  fmt::print(out, "  packs:\n");
  for (const PackLine& p : recorded_packs(run)) fmt::print(out, "    {:<24} {:<8} {}\n", p.name, p.version, p.hash);
  fmt::print(out, "`packs` lists its rule files, `settings` its settings.\n");
}

void list_packs(Session& session) {
  const RunRow& run = session.run();
  std::FILE* out = session.out();
  fmt::print(out, "Packs of run {} (as recorded; each hash is the sha-256 of the pack's files):\n", run.id);
  for (const PackLine& p : recorded_packs(run)) fmt::print(out, "  {:<24} {:<8} {}\n", p.name, p.version, p.hash);
  std::vector<RuleSource> files = run_rule_sources(session.db(), run.id);
  fmt::print(out, "Rule files of run {} (stored whole in the database; each hash is the sha-256 of the file):\n", run.id);
  for (const RuleSource& f : files) fmt::print(out, "  {:<8} {}  {}\n", f.kind, f.hash, f.path);
}

void list_settings(Session& session) {
  RunReplay& replay = session.replay();
  const Program& program = replay.program();
  const Evaluator& evaluator = replay.evaluator();
  std::FILE* out = session.out();
  fmt::print(out, "Settings of run {} ({}):\n", session.run().id, count_text(static_cast<std::int64_t>(program.settings.size()), "setting", "settings"));
  for (std::size_t i = 0; i < program.settings.size(); ++i) {
    const SettingDef& s = program.settings[i];
    fmt::print(out, "  {} = {}\n", s.name, describe(program, replay.cases().strings, s.type, evaluator.settings()[i]));
    if (!s.title.empty()) fmt::print(out, "      {}\n", s.title);
    const PackDef& pack = program.packs[static_cast<std::size_t>(s.pack)];
    fmt::print(out, "      set by {} {}{}\n", pack.name, pack.version,
               s.replaces_pack >= 0
                   ? fmt::format(", instead of {}", program.packs[static_cast<std::size_t>(s.replaces_pack)].name)
                   : std::string());
  }
  if (settings_json(evaluator) != session.run().settings) {
    session.fail();
    fmt::print(out, "{}\n  recorded: {}\n  rules:    {}\n",
               session.serious("SERIOUS: the settings recorded with the run are not the ones its stored rules set"),
               session.run().settings, settings_json(evaluator));
  }
}

}  // namespace carerules::auditor
