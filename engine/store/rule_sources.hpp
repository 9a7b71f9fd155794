// The rule files and calendar files of each run, stored whole so that a run's
// decisions can be replayed and explained from the database alone, years
// after the files on disk have changed.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/program.hpp"
#include "engine/store/database.hpp"

namespace carerules {

struct RuleSource {
  std::string path;  // as the run read it
  std::string hash;  // sha-256 of the text
  std::string kind;  // "pack" or "calendar"
  std::string text;
};

// The files a program was loaded from: each pack's files and every calendar
// file it read, in that order.
std::vector<RuleSource> rule_sources_of(const Program& program);

// Stores the program's files in `sources` (each text once) and links them to
// the run in `run_sources`. Inside the caller's write transaction.
void store_rule_sources(Database& db, std::int64_t run_id, const Program& program);

// A run's files, ordered by path.
std::vector<RuleSource> run_rule_sources(Database& db, std::int64_t run_id);

// Rebuilds the program a run evaluated from its stored files alone (calendars
// included), with the pack versions in force on the run's as-of date. Returns
// null with the reasons in `diagnostics` when the stored rules do not load;
// throws StoreError when the run does not exist or the rebuilt packs are not
// the ones the run recorded.
std::unique_ptr<Program> load_run_program(Database& db, std::int64_t run_id, Diagnostics& diagnostics);

}  // namespace carerules
