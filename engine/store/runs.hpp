// Runs: each evaluation of every case as of a date, recorded with the rules
// it used and, per case, the decisions and traces. The workflow runtime writes
// a run and its tasks and alerts in one transaction; the REPL reads them back.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/program.hpp"
#include "engine/calendar/date.hpp"
#include "engine/store/audit_log.hpp"
#include "engine/store/database.hpp"

namespace carerules {

// What the caller knows as a run starts.
struct RunHeader {
  Date as_of;
  std::optional<Timestamp> known_at;
  std::string rules;                    // as given (--rules)
  std::string settings = "{}";          // settings_json(evaluator)
  std::int64_t last_event_seq = 0;      // the run read the events with seq <= this
  std::optional<Timestamp> started_at;  // wall clock; default now
};

struct RunRow {
  std::int64_t id = 0;
  std::string as_of;
  std::optional<std::string> known_at;
  std::string rules, packs, settings;
  std::int64_t last_event_seq = 0;
  std::int64_t cases = 0;
  std::string started_at, engine_version;
};

struct RunCaseRow {
  std::int64_t run_id = 0;
  std::string case_id, decisions, traces;
};

// Writes one run. Use inside the caller's write transaction (with the run's
// tasks, alerts and checkpoints), which the caller commits after finish().
class RunRecorder {
 public:
  // Writes the run row and stores its rule files.
  RunRecorder(AuditLog& log, const RunHeader& header, const Program& program);
  std::int64_t id() const { return id_; }
  // One case's decisions and traces (run_json.hpp), with its `decisions`
  // audit entry. When they are byte for byte the case's in the run before,
  // the row points to the row that holds them (`same_as`) instead of
  // repeating them; readers below always see the content.
  void add_case(std::string_view case_id, std::string_view decisions, std::string_view traces);
  // Records the number of cases and the run's own audit entry (the run row
  // and its rule files).
  void finish();

 private:
  AuditLog& log_;
  std::int64_t id_ = 0;
  std::int64_t cases_ = 0;
  std::optional<std::int64_t> previous_run_;
  Statement add_case_, previous_case_;
  bool finished_ = false;
};

// The engine version recorded with each run (the CMake project version).
const char* engine_version();

std::optional<RunRow> read_run(Database& db, std::int64_t run_id);
// Every run, oldest first.
std::vector<RunRow> list_runs(Database& db);
// The most recent run (highest id), if any.
std::optional<std::int64_t> latest_run_id(Database& db);
std::optional<RunCaseRow> read_run_case(Database& db, std::int64_t run_id, std::string_view case_id);
// A run's cases in the order they were recorded.
void for_each_run_case(Database& db, std::int64_t run_id, const std::function<void(const RunCaseRow&)>& visit);

// The bodies of a run's audit entries, from the rows as they stand (nullopt
// when the row is gone): {"run":{every column},"sources":[[kind,path,hash],...]}
// and {"case":..,"decisions_sha256":..,"run":..,"traces_sha256":..}.
std::optional<std::string> run_entry_body(Database& db, std::int64_t run_id);
std::string decisions_entry_body(std::int64_t run_id, std::string_view case_id, std::string_view decisions,
                                 std::string_view traces);

}  // namespace carerules
