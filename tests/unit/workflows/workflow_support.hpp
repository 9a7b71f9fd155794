// Shared by the workflow tests: rules, a database with events, and runs.
#pragma once
#include "tests/unit/store/store_support.hpp"

#include "engine/store/audit_verify.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/runs.hpp"
#include "workflows/run_rules.hpp"

namespace carerules::test {

// The shipped rules (a pack folder under rules/), as of a date.
inline std::unique_ptr<Program> shipped_rules(const std::string& folder, const char* as_of) {
  Diagnostics diagnostics;
  LoadOptions options;
  options.as_of = parse_date(as_of);
  auto program = load_program({source_path(folder)}, options, diagnostics);
  if (!program) FAIL(diagnostics.render(false));
  return program;
}

inline void import_text(Database& db, const Program& program, const std::string& name, const std::string& jsonl) {
  ImportResult result = import_events(db, program, name, jsonl);
  INFO((result.errors.empty() ? std::string() : result.errors.front().to_string()));
  REQUIRE(result.ok());
}

inline void import_file(Database& db, const Program& program, const std::string& relative) {
  import_text(db, program, relative, file_text(source_path(relative)));
}

// A run with the shipped rules in `folder` as of `as_of`.
inline workflows::RunSummary run_as_of(Database& db, const std::string& folder, const char* as_of) {
  auto program = shipped_rules(folder, as_of);
  workflows::RunOptions options;
  options.rules = folder;
  options.as_of = *parse_date(as_of);
  options.now = parse_timestamp("2026-12-07T09:00:00Z");
  return workflows::run_rules(db, *program, options);
}

inline std::int64_t count(Database& db, const char* sql) {
  Statement s(db, sql);
  REQUIRE(s.step());
  return s.integer(0);
}

inline std::string one_text(Database& db, const char* sql) {
  Statement s(db, sql);
  if (!s.step() || s.is_null(0)) return "";
  return std::string(s.text(0));
}

}  // namespace carerules::test
