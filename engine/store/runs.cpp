#include "engine/store/runs.hpp"

#include <chrono>
#include <fmt/format.h>

#include "engine/calendar/sha256.hpp"
#include "engine/describe.hpp"
#include "engine/store/canonical_json.hpp"
#include "engine/store/rule_sources.hpp"
#include "engine/store/run_json.hpp"

#ifndef CARERULES_VERSION
#error "CARERULES_VERSION (the CMake project version) must be defined"
#endif

namespace carerules {

namespace {

constexpr const char* kRunColumns =
    "id, as_of, known_at, rules, packs, settings, last_event_seq, cases, started_at, engine_version";

RunRow run_row(const Statement& s) {
  RunRow r;
  r.id = s.integer(0);
  r.as_of = s.text(1);
  r.known_at = s.optional_text(2);
  r.rules = s.text(3);
  r.packs = s.text(4);
  r.settings = s.text(5);
  r.last_event_seq = s.integer(6);
  r.cases = s.integer(7);
  r.started_at = s.text(8);
  r.engine_version = s.text(9);
  return r;
}

Timestamp wall_clock_now() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return Timestamp{static_cast<std::int64_t>(now.time_since_epoch().count())};
}

}  // namespace

const char* engine_version() { return CARERULES_VERSION; }

RunRecorder::RunRecorder(AuditLog& log, const RunHeader& header, const Program& program)
    : log_(log),
      add_case_(log.database(),
                "INSERT INTO run_cases (run_id, case_id, decisions, traces, same_as) VALUES (?1, ?2, ?3, ?4, ?5)"),
      previous_case_(log.database(),
                     "SELECT coalesce(r.same_as, r.id), coalesce(o.decisions, r.decisions), coalesce(o.traces, r.traces) "
                     "FROM run_cases r LEFT JOIN run_cases o ON o.id = r.same_as WHERE r.run_id = ?1 AND r.case_id = ?2") {
  Database& db = log.database();
  if (!db.in_transaction())
    throw StoreError(fmt::format("internal error: a run must be recorded inside a transaction on `{}`", db.path()));
  Statement add(db,
                "INSERT INTO runs (as_of, known_at, rules, packs, settings, last_event_seq, cases, started_at, engine_version) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8)");
  add.bind(1, format_date(header.as_of))
      .bind(2, header.known_at ? std::optional<std::string>(format_timestamp(*header.known_at)) : std::nullopt)
      .bind(3, header.rules)
      .bind(4, packs_json(program))
      .bind(5, header.settings)
      .bind(6, header.last_event_seq)
      .bind(7, format_timestamp(header.started_at.value_or(wall_clock_now())))
      .bind(8, engine_version());
  add.run();
  id_ = db.last_insert_rowid();
  Statement previous(db, "SELECT max(id) FROM runs WHERE id < ?1");
  previous.bind(1, id_);
  if (previous.step() && !previous.is_null(0)) previous_run_ = previous.integer(0);
  store_rule_sources(db, id_, program);
}

void RunRecorder::add_case(std::string_view case_id, std::string_view decisions, std::string_view traces) {
  // Unchanged since the run before: point to the row that holds the content.
  std::optional<std::int64_t> same_as;
  if (previous_run_) {
    previous_case_.bind(1, *previous_run_).bind(2, case_id);
    if (previous_case_.step() && previous_case_.text(1) == decisions && previous_case_.text(2) == traces)
      same_as = previous_case_.integer(0);
    previous_case_.reset();
  }
  add_case_.bind(1, id_).bind(2, case_id);
  if (same_as) add_case_.bind(3, "").bind(4, "").bind(5, *same_as);
  else add_case_.bind(3, decisions).bind(4, traces).bind_null(5);
  add_case_.run();
  add_case_.reset();
  log_.append("decisions", audit_subject(id_, case_id), decisions_entry_body(id_, case_id, decisions, traces));
  ++cases_;
}

void RunRecorder::finish() {
  if (finished_) return;
  Database& db = log_.database();
  Statement count(db, "UPDATE runs SET cases = ?1 WHERE id = ?2");
  count.bind(1, cases_).bind(2, id_);
  count.run();
  log_.append("run", audit_subject(id_), *run_entry_body(db, id_));
  finished_ = true;
}

std::optional<RunRow> read_run(Database& db, std::int64_t run_id) {
  Statement s(db, fmt::format("SELECT {} FROM runs WHERE id = ?1", kRunColumns));
  s.bind(1, run_id);
  if (!s.step()) return std::nullopt;
  return run_row(s);
}

std::vector<RunRow> list_runs(Database& db) {
  Statement s(db, fmt::format("SELECT {} FROM runs ORDER BY id", kRunColumns));
  std::vector<RunRow> runs;
  while (s.step()) runs.push_back(run_row(s));
  return runs;
}

std::optional<std::int64_t> latest_run_id(Database& db) {
  Statement s(db, "SELECT max(id) FROM runs");
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return s.integer(0);
}

std::optional<RunCaseRow> read_run_case(Database& db, std::int64_t run_id, std::string_view case_id) {
  Statement s(db,
              "SELECT coalesce(o.decisions, r.decisions), coalesce(o.traces, r.traces) FROM run_cases r "
              "LEFT JOIN run_cases o ON o.id = r.same_as WHERE r.run_id = ?1 AND r.case_id = ?2");
  s.bind(1, run_id).bind(2, case_id);
  if (!s.step()) return std::nullopt;
  return RunCaseRow{run_id, std::string(case_id), std::string(s.text(0)), std::string(s.text(1))};
}

void for_each_run_case(Database& db, std::int64_t run_id, const std::function<void(const RunCaseRow&)>& visit) {
  Statement s(db,
              "SELECT r.case_id, coalesce(o.decisions, r.decisions), coalesce(o.traces, r.traces) FROM run_cases r "
              "LEFT JOIN run_cases o ON o.id = r.same_as WHERE r.run_id = ?1 ORDER BY r.id");
  s.bind(1, run_id);
  RunCaseRow row;
  row.run_id = run_id;
  while (s.step()) {
    row.case_id.assign(s.text(0));
    row.decisions.assign(s.text(1));
    row.traces.assign(s.text(2));
    visit(row);
  }
}

std::optional<std::string> run_entry_body(Database& db, std::int64_t run_id) {
  auto run = row_json(db, "SELECT * FROM runs WHERE id = ?1", run_id);
  if (!run) return std::nullopt;
  Statement s(db, "SELECT kind, path, hash FROM run_sources WHERE run_id = ?1 ORDER BY path");
  s.bind(1, run_id);
  std::vector<std::string> sources;
  while (s.step())
    sources.push_back(json_array({json_string(s.text(0)), json_string(s.text(1)), json_string(s.text(2))}));
  JsonObject body;
  body.add_raw("run", *run).add_raw("sources", json_array(sources));
  return body.str();
}

std::string decisions_entry_body(std::int64_t run_id, std::string_view case_id, std::string_view decisions,
                                 std::string_view traces) {
  JsonObject body;
  body.add("run", run_id).add("case", case_id).add("decisions_sha256", sha256_hex(decisions)).add("traces_sha256", sha256_hex(traces));
  return body.str();
}

}  // namespace carerules
