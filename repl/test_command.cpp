// `carerules test`: the packs' own test blocks, reported like a test runner.
// Each tests file runs against the rules as its pack sees them (the pack and
// what it uses — not a council pack that replaces its rules), and each test
// against the versions of those packs in force on its `as of` date.
#include <fmt/format.h>
#include <map>

#include "dsl/load_program.hpp"
#include "engine/test_runner.hpp"
#include "repl/commands.hpp"

namespace carerules::cli {

namespace {

struct Result {
  std::string pack, version;
  TestOutcome outcome;
  std::string path;
  int line = 0;
  std::string name;
};

// Runs the tests of `files` (all `tests for` one pack); false on rule errors.
bool run_group(const std::vector<std::string>& files, const std::string& filter, Diagnostics& diagnostics,
               std::vector<Result>& results, std::vector<std::string>& unplaced) {
  std::vector<Date> version_dates;
  LoadOptions options;
  options.version_dates = &version_dates;
  auto newest = load_program(files, options, diagnostics);
  if (!newest) return false;
  std::vector<std::pair<Date, std::unique_ptr<Program>>> by_date;
  for (Date d : version_dates) {
    LoadOptions at;
    at.as_of = d;
    auto program = load_program(files, at, diagnostics);
    if (!program) return false;
    by_date.emplace_back(d, std::move(program));
  }
  auto program_for = [&](Date as_of) -> const Program* {
    const Program* chosen = by_date.empty() ? newest.get() : nullptr;
    for (const auto& [d, program] : by_date)
      if (d <= as_of) chosen = program.get();
    return chosen;
  };
  auto run_in = [&](const Program* program) {
    for (TestOutcome& o : run_tests(*program, filter, [&](const TestDef& t) { return program_for(t.as_of) == program; })) {
      const PackDef& pack = program->packs[static_cast<std::size_t>(o.test->pack)];
      Result r{pack.name, pack.version, std::move(o), {}, 0, {}};
      r.path = r.outcome.test->span.file->path;
      r.line = r.outcome.test->span.line;
      r.name = r.outcome.test->name;
      r.outcome.test = nullptr;  // the program it points into is about to go
      results.push_back(std::move(r));
    }
  };
  if (by_date.empty()) run_in(newest.get());
  for (const auto& [d, program] : by_date) run_in(program.get());
  if (!by_date.empty())
    for (const TestDef& t : newest->tests)
      if (!program_for(t.as_of) && (filter.empty() || t.name.find(filter) != std::string::npos))
        unplaced.push_back(fmt::format("{}:{}: \"{}\" is dated before every version of its packs", t.span.file->path,
                                       t.span.line, t.name));
  return true;
}

}  // namespace

int run_test(const std::vector<std::string>& paths, const std::string& filter, const Output& out) {
  // First, every pack and test under `paths` is checked together.
  Diagnostics diagnostics;
  auto all = load_program(paths, LoadOptions{}, diagnostics);
  std::map<std::string, std::vector<std::string>> tests_files;  // pack -> its tests files
  if (all) {
    for (const auto& file : all->ast_files) {
      if (file->is_tests) tests_files[file->tests_for.name].push_back(file->source->path);
      else if (!file->tests.empty()) tests_files[file->pack.name.name].push_back(file->source->path);
    }
  }
  std::vector<Result> results;
  std::vector<std::string> unplaced;
  bool ok = all != nullptr;
  for (const auto& [pack, files] : tests_files) ok = run_group(files, filter, diagnostics, results, unplaced) && ok;
  std::fputs(diagnostics.render(out.colour).c_str(), stderr);
  if (!ok) {
    fmt::print(stderr, "the rules have errors, so no test was run\n");
    return 1;
  }
  std::stable_sort(results.begin(), results.end(),
                   [](const Result& a, const Result& b) { return std::tie(a.path, a.line) < std::tie(b.path, b.line); });
  int passed = 0, failed = static_cast<int>(unplaced.size());
  for (const Result& r : results) {
    if (r.outcome.passed) {
      ++passed;
      fmt::print("ok    {} {} :: {}\n", r.pack, r.version, r.name);
    } else {
      ++failed;
      fmt::print("FAIL  {} {} :: {}  ({}:{})\n", r.pack, r.version, r.name, r.path, r.line);
      for (const std::string& f : r.outcome.failures) fmt::print("      {}\n", f);
    }
  }
  for (const std::string& u : unplaced) fmt::print("FAIL  {}\n", u);
  if (results.empty() && unplaced.empty()) {
    if (filter.empty()) fmt::print(stderr, "there are no test blocks in these rules\n");
    else fmt::print(stderr, "no test name contains \"{}\"\n", filter);
    return 1;
  }
  fmt::print("{} passed, {} failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

}  // namespace carerules::cli
