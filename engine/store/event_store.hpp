// Case events in the store: importing a file (validated with the same reader
// as `eval`, against the events already stored for the cases it touches) and
// loading every stored event for a run.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/program.hpp"
#include "engine/calendar/date.hpp"
#include "engine/case_base.hpp"
#include "engine/event_reader.hpp"
#include "engine/store/database.hpp"

namespace carerules {

struct ImportOptions {
  // Told the number of events written so far, and the total, now and then.
  std::function<void(std::size_t done, std::size_t total)> progress;
  // The wall-clock time recorded for the import (default: now). Never read
  // by evaluation.
  std::optional<Timestamp> now;
};

struct ImportResult {
  // Bad lines of the file, `FILE:LINE: error: ...`, in line order.
  std::vector<EventError> errors;
  // Stored events that no longer fit the rules used (their schema changed
  // since they were imported), in plain words.
  std::vector<std::string> stored_problems;
  std::size_t added = 0;            // events written
  std::size_t already_present = 0;  // lines already stored, or repeated in the file
  std::int64_t import_id = 0;       // 0 when nothing was written
  std::int64_t first_seq = 0, last_seq = 0;
  bool ok() const { return errors.empty() && stored_problems.empty(); }
};

// Imports one file as one transaction: every line is checked against the
// program's event types and against the events already stored for the cases
// the file names (duplicates, ids reused with other content, amendment
// targets). Any bad line and nothing is written. A line stored before with the
// same bytes is skipped; a file with nothing new writes nothing at all (no
// import row, no audit entry). Throws StoreError when the database fails.
ImportResult import_events(Database& db, const Program& program, std::string_view file_name, std::string_view jsonl,
                           const ImportOptions& options = {});

// The seq of the last stored event (0 when there are none).
std::int64_t last_event_seq(Database& db);

// Reads every stored event, in seq order (events with seq <= up_to_seq when
// given), into `base`: the case histories a run evaluates. Returns the
// problems of stored lines that do not fit the program's event types (then
// the base must be discarded). Call on a fresh base.
std::vector<std::string> load_events(Database& db, const Program& program, CaseBase& base,
                                     std::optional<std::int64_t> up_to_seq = std::nullopt);

}  // namespace carerules
