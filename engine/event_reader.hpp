// Reading case events (JSON Lines, shared/design/CASE-DATA.md) into a
// CaseBase, checking every line against the event types of a checked Program.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/program.hpp"
#include "engine/case_base.hpp"

namespace carerules {

struct EventError {
  std::string file;
  std::uint32_t line = 0;
  std::string message;
  bool warning = false;  // only with ReadOptions::unknown_fields_are_warnings
  // "FILE:LINE: error: MESSAGE" (or "warning:").
  std::string to_string() const;
};

struct ReadOptions {
  // An unknown field is reported as a warning and ignored, not an error.
  bool unknown_fields_are_warnings = false;
  // Plain lines go through a fast reader that hands anything unusual to the
  // general one; the result is the same either way. False reads every line
  // with the general reader (for tests that compare the two).
  bool fast_path = true;
};

// Reads one file's lines into `base`, appending a message per bad line to
// `errors` (the first problem of each line) and returns false if any line was
// bad. A bad line adds no event, but good lines of the same file do, so after
// a false return the caller must discard the whole base: an import is one
// transaction and nothing from a file with errors is ever evaluated.
//
// Blank lines are skipped. An event whose id was already read in the same
// case with identical content (the line's bytes) is ignored; with different
// content it needs `amends`. `amends` must name an earlier event of the case.
// Call once per file, in input order, on the same base: event order and
// duplicate detection run across files.
bool read_events(const Program& program, std::string_view file_name, std::string_view jsonl,
                 CaseBase& base, std::vector<EventError>& errors, ReadOptions options = {});

}  // namespace carerules
