// What an auditor's session has selected: the run, the case, the date the
// rules are applied as of, and the point of knowledge (events recorded by
// then). The database is open read-only; every evaluation is in memory.
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/database.hpp"
#include "engine/store/replay.hpp"
#include "engine/store/runs.hpp"
#include "repl/auditor/command.hpp"

namespace carerules::auditor {

// A command that cannot be done as asked (no case selected, a case or
// decision that does not exist): the command ends with this message and the
// session goes on.
struct CommandError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One case decided: what a run would record, and the values and traces
// behind it.
struct CaseEvaluation {
  CaseRecord record;
  std::vector<Value> results;
  std::vector<DecisionTrace> traces;
};

class Session {
 public:
  // Selects the latest run, if there is one.
  Session(Database& db, std::FILE* out, bool colour);

  Database& db() { return db_; }
  std::FILE* out() const { return out_; }
  bool colour() const { return colour_; }
  // Text in bold red on a terminal (findings), as it stands elsewhere.
  std::string serious(std::string_view text) const;

  // The run. run() and replay() throw CommandError when no run is selected.
  bool has_run() const { return run_.has_value(); }
  const RunRow& run() const;
  void select_run(std::int64_t run_id);  // CommandError when there is none
  // The run rebuilt from the store (loaded on first use).
  RunReplay& replay();
  // The same, its cases folded as known at `known_at` and decided as of `as_of`.
  RunReplay& replay_at(Date as_of, std::optional<Timestamp> known_at);
  // The selected case's events as the run saw them, folded as known at the
  // session's knowledge.
  const CaseEvents& folded_case();
  // The case ids the run recorded, in the order recorded.
  const std::vector<std::string>& run_case_ids();

  // The case: case_id() throws CommandError when none is selected.
  bool has_case() const { return case_id_.has_value(); }
  const std::string& case_id() const;
  void select_case(const std::string& case_id);  // CommandError, with did-you-mean, when the run has no such case

  // The date and the knowledge in use: the run's unless set.
  Date as_of() const;
  std::optional<Timestamp> known_at() const;
  void set_as_of(std::optional<Date> as_of) { as_of_ = as_of; }
  void set_known_at(std::optional<Timestamp> known_at) { known_at_ = known_at; }
  bool as_of_is_runs() const { return !as_of_; }
  bool known_at_is_runs() const { return !known_at_; }
  // "as of Tue 24 Nov 2026 (the run's date), knowing everything the run knew".
  std::string when_text() const;
  // "known at 2026-03-06T23:59:59Z" or "knowing every event the run saw".
  std::string knowledge_text() const;

  // The selected case decided as of the session's date and knowledge.
  CaseEvaluation evaluate_case();
  // Any case of the run decided at the given date and knowledge.
  std::optional<CaseEvaluation> evaluate(std::string_view case_id, Date as_of, std::optional<Timestamp> known_at);

  // The decision called `name` in the run's rules; CommandError, with the
  // nearest name, when there is none.
  int decision_index(const Token& name);
  std::vector<std::string> decision_names();

  // A finding or failed command: a piped session then ends with exit code 1.
  void fail() { failed_ = true; }
  bool failed() const { return failed_; }

 private:
  Database& db_;
  std::FILE* out_;
  bool colour_;
  std::optional<RunRow> run_;
  std::unique_ptr<RunReplay> replay_;
  std::optional<std::vector<std::string>> case_ids_;
  std::optional<std::string> case_id_;
  std::optional<Date> as_of_;
  std::optional<Timestamp> known_at_;
  bool failed_ = false;
};

// "2,205".
std::string count_text(std::int64_t n, const char* one, const char* many);

}  // namespace carerules::auditor
