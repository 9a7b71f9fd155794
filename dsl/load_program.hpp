// Finding, parsing, choosing and checking rule packs: the front end's one entry point.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/program.hpp"

namespace carerules {

struct LoadOptions {
  // Choose the version of each pack in force on this date; without it, the newest.
  std::optional<Date> as_of;
  // Look for packs named by `uses`/`extends` under the rules root (the nearest
  // enclosing folder called `rules`).
  bool find_dependencies = true;
  // When set: filled with the `in force from` dates of every version of the
  // packs that have more than one, sorted, so that `check` and `test` can go
  // over each combination of versions in force.
  std::vector<Date>* version_dates = nullptr;
  // When set, calendar files are read through this instead of from the disk
  // (a run's rules rebuilt from the store): given the path as resolved from
  // the .care file, it returns the file's text, or nullopt when there is none.
  std::function<std::optional<std::string>(const std::string& path)> read_calendar;
};

// Loads every pack in `paths` (files or folders, searched recursively). Returns
// null when there are errors; every error found is in `diagnostics`.
std::unique_ptr<Program> load_program(const std::vector<std::string>& paths, const LoadOptions& options,
                                      Diagnostics& diagnostics);

// The same for rule texts held in memory (tests, fuzzing): no file system, no
// dependency search; `files` are (path shown in messages, text) pairs.
std::unique_ptr<Program> load_program_from_texts(const std::vector<std::pair<std::string, std::string>>& files,
                                                 const LoadOptions& options, Diagnostics& diagnostics);

}  // namespace carerules
