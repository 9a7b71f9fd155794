// `carerules test`: the packs' own test blocks, reported like a test runner.
// Each test runs against the versions of the packs in force on its `as of` date.
#include <fmt/format.h>
#include <map>

#include "dsl/load_program.hpp"
#include "engine/test_runner.hpp"
#include "repl/commands.hpp"

namespace carerules::cli {

int run_test(const std::vector<std::string>& paths, const std::string& filter, const Output& out) {
  Diagnostics diagnostics;
  std::vector<Date> version_dates;
  LoadOptions options;
  options.version_dates = &version_dates;
  auto newest = load_program(paths, options, diagnostics);
  // One program per date on which some pack's version changes.
  std::vector<std::pair<Date, std::unique_ptr<Program>>> by_date;
  bool ok = newest != nullptr;
  for (Date d : version_dates) {
    LoadOptions at;
    at.as_of = d;
    auto program = load_program(paths, at, diagnostics);
    ok = ok && program != nullptr;
    by_date.emplace_back(d, std::move(program));
  }
  std::fputs(diagnostics.render(out.colour).c_str(), stderr);
  if (!ok) {
    fmt::print(stderr, "the rules have errors, so no test was run\n");
    return 1;
  }
  auto program_for = [&](Date as_of) -> const Program* {
    const Program* chosen = by_date.empty() ? newest.get() : nullptr;
    for (const auto& [d, program] : by_date)
      if (d <= as_of) chosen = program.get();
    return chosen;
  };
  std::vector<std::pair<const Program*, TestOutcome>> results;
  auto run_in = [&](const Program* program) {
    auto outcomes = run_tests(*program, filter, [&](const TestDef& t) { return program_for(t.as_of) == program; });
    for (auto& o : outcomes) results.emplace_back(program, std::move(o));
  };
  if (by_date.empty()) run_in(newest.get());
  for (const auto& [d, program] : by_date) run_in(program.get());
  // A test dated before every version runs nowhere: say so.
  std::vector<std::string> unplaced;
  if (!by_date.empty())
    for (const TestDef& t : newest->tests)
      if (!program_for(t.as_of) && (filter.empty() || t.name.find(filter) != std::string::npos))
        unplaced.push_back(fmt::format("{}:{}: \"{}\" is dated before every version of its packs", t.span.file->path,
                                       t.span.line, t.name));
  // Report in file order, whatever program ran each test.
  std::stable_sort(results.begin(), results.end(), [](const auto& a, const auto& b) {
    const Span& x = a.second.test->span;
    const Span& y = b.second.test->span;
    return std::tie(x.file->path, x.line) < std::tie(y.file->path, y.line);
  });
  int passed = 0, failed = static_cast<int>(unplaced.size());
  for (const auto& [program, o] : results) {
    const PackDef& pack = program->packs[static_cast<std::size_t>(o.test->pack)];
    if (o.passed) {
      ++passed;
      fmt::print("ok    {} {} :: {}\n", pack.name, pack.version, o.test->name);
    } else {
      ++failed;
      fmt::print("FAIL  {} {} :: {}  ({}:{})\n", pack.name, pack.version, o.test->name, o.test->span.file->path,
                 o.test->span.line);
      for (const std::string& f : o.failures) fmt::print("      {}\n", f);
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
