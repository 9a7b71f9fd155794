// `carerules run`: every stored case evaluated as of a date, the run recorded
// with its rules, decisions and traces, and each case's tasks, alerts and
// checkpoints moved on, all in one transaction: a run is seen whole or not at
// all, and a run killed half-way leaves the store as it was.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "dsl/program.hpp"
#include "engine/store/database.hpp"
#include "workflows/case_prompts.hpp"

namespace carerules::workflows {

// A run that cannot go ahead (the message is for the user as it stands).
struct RunRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct RunOptions {
  std::string rules;  // as given (--rules), recorded with the run
  Date as_of;
  // Told the number of cases done, and the total, now and then.
  std::function<void(std::size_t done, std::size_t total)> progress;
  std::optional<Timestamp> now;  // wall clock for the run's record (default: now)
};

struct RunSummary {
  std::int64_t run_id = 0;
  std::size_t cases = 0, events = 0;
  RunCounts counts;
};

// Throws RunRefused when the date is before the latest run's (tasks move
// forward in time only) or stored events no longer fit the rules; StoreError
// when the database fails; EvaluationError when a case cannot be decided.
RunSummary run_rules(Database& db, const Program& program, const RunOptions& options);

}  // namespace carerules::workflows
