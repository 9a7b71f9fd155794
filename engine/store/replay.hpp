// Replaying a recorded run from the database alone: the rule files the run
// stored, the events it saw (as known at its known-at time), as of its date.
// What `audit verify` uses to name an altered decision, and what the
// auditors' REPL uses for `replay`, `why` and `what if`.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/program.hpp"
#include "engine/case_base.hpp"
#include "engine/evaluate.hpp"
#include "engine/store/database.hpp"
#include "engine/store/run_json.hpp"
#include "engine/store/runs.hpp"

namespace carerules {

class RunReplay {
 public:
  // Loads the run's rules and events. Throws StoreError when the run does
  // not exist or its stored rules or events do not load (the reasons in the
  // message).
  RunReplay(Database& db, std::int64_t run_id);

  const RunRow& run() const { return run_; }
  const Program& program() const { return *program_; }
  CaseBase& cases() { return *cases_; }
  Date as_of() const { return as_of_; }
  std::optional<Timestamp> known_at() const { return known_at_; }

  // The case's events as the run saw them, folded; null when the run saw no
  // such case.
  const CaseEvents* find_case(std::string_view case_id) const;

  // Another evaluation date, or another point of knowledge (events recorded
  // by then; every case is folded again), for questions the run was not
  // asked. The run's own are the defaults.
  void set_as_of(Date as_of);
  void set_known_at(std::optional<Timestamp> known_at);

  // Decides the case again, as the run did (or at the date and knowledge
  // set above), and gives what it would record; nullopt when the run saw no
  // such case. Fills `results` and `traces` when given.
  std::optional<CaseRecord> recompute(std::string_view case_id, std::vector<Value>* results = nullptr,
                                      std::vector<DecisionTrace>* traces = nullptr);

  Evaluator& evaluator() { return *evaluator_; }

 private:
  RunRow run_;
  std::unique_ptr<Program> program_;
  std::unique_ptr<CaseBase> cases_;
  std::unique_ptr<Evaluator> evaluator_;
  Date as_of_;
  std::optional<Timestamp> known_at_;
};

// The members of a JSON object as recorded (`decisions`, `traces`), each
// value minified, by name. Throws StoreError when `json` is not an object.
std::map<std::string, std::string> json_object_members(std::string_view json);

// The names of the decisions whose values differ between two `decisions`
// objects (as recorded by a run), sorted; a decision present in only one of
// them counts. Throws StoreError when either is not a JSON object.
std::vector<std::string> differing_decisions(std::string_view stored, std::string_view recomputed);

}  // namespace carerules
