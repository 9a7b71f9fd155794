#include "engine/case_fold.hpp"
#include "engine/evaluate.hpp"
#include "engine/store/audit_log.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/rule_sources.hpp"
#include "engine/store/run_json.hpp"
#include "engine/store/runs.hpp"
#include "store_support.hpp"

using namespace carerules;
using namespace carerules::test;

namespace {

constexpr const char* kAsOf = "2026-06-01";

std::unique_ptr<Program> anytown_rules() {
  Diagnostics diagnostics;
  LoadOptions options;
  options.as_of = parse_date(kAsOf);
  auto program = load_program({source_path("rules/local/anytown")}, options, diagnostics);
  if (!program) FAIL(diagnostics.render(false));
  return program;
}

// Records a run of every stored case under `program`, as the workflow runtime will.
std::int64_t record_run(Database& db, const Program& program) {
  CaseBase base;
  REQUIRE(load_events(db, program, base).empty());
  fold_all(base, std::nullopt);
  Transaction transaction(db);
  AuditLog audit(db);
  Evaluator evaluator(program, base.strings);
  RunHeader header;
  header.as_of = *parse_date(kAsOf);
  header.rules = "rules/local/anytown";
  header.settings = settings_json(evaluator);
  header.last_event_seq = last_event_seq(db);
  header.started_at = Timestamp{0};
  RunRecorder run(audit, header, program);
  std::vector<Value> results;
  std::vector<DecisionTrace> traces;
  for (const CaseEvents& c : base.cases) {
    evaluator.evaluate(c, header.as_of, results, &traces);
    CaseRecord record = record_case(program, base.strings, results, traces);
    run.add_case(base.strings.text(c.case_id), record.decisions, record.traces);
  }
  run.finish();
  transaction.commit();
  return run.id();
}

}  // namespace

TEST_CASE("a run's rules rebuilt from the store have the same pack hashes and make the same decisions") {
  ScratchFolder dir;
  Database db(dir.file("cases.db"), Database::Mode::read_write);
  auto program = anytown_rules();
  REQUIRE(import_events(db, *program, "cases.jsonl", file_text(source_path("examples/anytown/cases.jsonl"))).ok());
  const std::int64_t run_id = record_run(db, *program);

  // Every pack file and the calendar, stored whole.
  std::vector<RuleSource> stored = run_rule_sources(db, run_id);
  std::vector<RuleSource> loaded = rule_sources_of(*program);
  CHECK(stored.size() == loaded.size());
  bool has_calendar = false;
  for (const RuleSource& s : stored) {
    CHECK(sha256_hex(s.text) == s.hash);
    has_calendar |= s.kind == "calendar" && s.path.find("england-and-wales.txt") != std::string::npos;
  }
  CHECK(has_calendar);

  Diagnostics diagnostics;
  auto rebuilt = load_run_program(db, run_id, diagnostics);
  REQUIRE(rebuilt);
  CHECK(packs_json(*rebuilt) == packs_json(*program));
  CHECK(rebuilt->calendar_files == program->calendar_files);

  // The same decisions and traces for every case, byte for byte.
  CaseBase base;
  REQUIRE(load_events(db, *rebuilt, base).empty());
  fold_all(base, std::nullopt);
  Evaluator evaluator(*rebuilt, base.strings);
  std::vector<Value> results;
  std::vector<DecisionTrace> traces;
  std::size_t compared = 0;
  for (const CaseEvents& c : base.cases) {
    evaluator.evaluate(c, *parse_date(kAsOf), results, &traces);
    auto row = read_run_case(db, run_id, base.strings.text(c.case_id));
    REQUIRE(row);
    CHECK(row->decisions == decisions_json(*rebuilt, base.strings, results));
    CHECK(row->traces == traces_json(*rebuilt, base.strings, traces));
    ++compared;
  }
  CHECK(compared == base.cases.size());
  CHECK(compared > 100);
}

TEST_CASE("a stored run's calendar comes from the store, never from the disk") {
  const std::string pack = file_text(source_path("tests/golden/rules/national/schema.care"));
  const std::string path = source_path("tests/golden/rules/national/schema.care");
  Diagnostics diagnostics;
  LoadOptions options;
  options.read_calendar = [](const std::string&) { return std::nullopt; };  // not in the store
  CHECK_FALSE(load_program_from_texts({{path, pack}}, options, diagnostics));
  CHECK(diagnostics.render(false).find("cannot read the calendar file") != std::string::npos);

  std::string asked;
  Diagnostics fine;
  options.read_calendar = [&asked](const std::string& p) -> std::optional<std::string> {
    asked = p;
    return "2025-12-25\n";
  };
  auto program = load_program_from_texts({{path, pack}}, options, fine);
  REQUIRE(program);
  CHECK(asked.find("calendars/england-and-wales.txt") != std::string::npos);
  REQUIRE(program->calendar_files.size() == 1);
  CHECK(program->calendar_files[0] == std::pair<std::string, std::string>{asked, "2025-12-25\n"});
}

TEST_CASE("runs and their cases can be read back") {
  ScratchFolder dir;
  Database db(dir.file("cases.db"), Database::Mode::read_write);
  auto program = anytown_rules();
  REQUIRE(import_events(db, *program, "cases.jsonl", file_text(source_path("examples/anytown/cases.jsonl"))).ok());
  CHECK_FALSE(latest_run_id(db));
  const std::int64_t first = record_run(db, *program);
  const std::int64_t second = record_run(db, *program);
  CHECK(latest_run_id(db) == second);
  auto runs = list_runs(db);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].id == first);
  const RunRow& r = runs[1];
  CHECK(r.as_of == kAsOf);
  CHECK_FALSE(r.known_at);
  CHECK(r.rules == "rules/local/anytown");
  CHECK(r.packs == packs_json(*program));
  CHECK(r.settings.find("\"review_reminder_days\":") != std::string::npos);
  CHECK(r.last_event_seq == last_event_seq(db));
  CHECK(r.started_at == "1970-01-01T00:00:00Z");
  CHECK(r.engine_version == engine_version());
  std::int64_t cases = 0;
  for_each_run_case(db, second, [&](const RunCaseRow& row) {
    ++cases;
    CHECK(row.decisions.front() == '{');
  });
  CHECK(cases == r.cases);
  CHECK_FALSE(read_run_case(db, second, "no such case"));
  // The second run stored no file twice.
  Statement count(db, "SELECT count(*) FROM sources");
  REQUIRE(count.step());
  CHECK(static_cast<std::size_t>(count.integer(0)) == rule_sources_of(*program).size());
}

TEST_CASE("traces name the case applied, each condition's value and the events read") {
  ScratchFolder dir;
  Database db(dir.file("cases.db"), Database::Mode::read_write);
  const std::string file = file_text(source_path("tests/golden/eval/cases.jsonl"));
  CaseBase base;
  std::vector<EventError> errors;
  REQUIRE(read_events(test_rules(), "cases.jsonl", file, base, errors));
  fold_all(base, std::nullopt);
  Evaluator evaluator(test_rules(), base.strings);
  std::vector<Value> results;
  std::vector<DecisionTrace> traces;
  evaluator.evaluate(base.cases[0], *parse_date("2025-05-01"), results, &traces);
  const std::string json = traces_json(test_rules(), base.strings, traces);
  // E1 is eligible: the case that applied, its conditions, and E1's assessment read.
  const std::size_t at = json.find("\"adult_eligible\":{\"a\":");
  REQUIRE(at != std::string::npos);
  CHECK(json.find("\"e\":[\"E1-2\"]", at) != std::string::npos);
  CHECK(json.find("\"c\":[[", at) != std::string::npos);
  // Byte-stable: the same evaluation gives the same bytes.
  evaluator.evaluate(base.cases[0], *parse_date("2025-05-01"), results, &traces);
  CHECK(traces_json(test_rules(), base.strings, traces) == json);
}

TEST_CASE("decisions are recorded exactly as eval prints them") {
  // The `decisions` object of each line of the eval golden file.
  const std::string expected = file_text(source_path("tests/golden/eval/jsonl.expected"));
  const std::string file = file_text(source_path("tests/golden/eval/cases.jsonl"));
  CaseBase base;
  std::vector<EventError> errors;
  REQUIRE(read_events(test_rules(), "cases.jsonl", file, base, errors));
  fold_all(base, std::nullopt);
  Evaluator evaluator(test_rules(), base.strings);
  std::vector<Value> results;
  std::size_t from = 0;
  for (const CaseEvents& c : base.cases) {
    evaluator.evaluate(c, *parse_date("2025-05-01"), results);
    const std::string decisions = "\"decisions\":" + decisions_json(test_rules(), base.strings, results) + ",\"tasks\":";
    const std::size_t at = expected.find(decisions, from);
    CHECK(at != std::string::npos);
    from = at == std::string::npos ? from : at;
  }
}
