// `carerules test`: the packs' own test blocks, reported like a test runner.
#include <fmt/format.h>

#include "dsl/load_program.hpp"
#include "engine/test_runner.hpp"
#include "repl/commands.hpp"

namespace carerules::cli {

int run_test(const std::vector<std::string>& paths, const std::string& filter, const Output& out) {
  Diagnostics diagnostics;
  auto program = load_program(paths, LoadOptions{}, diagnostics);
  std::fputs(diagnostics.render(out.colour).c_str(), stderr);
  if (!program) {
    fmt::print(stderr, "the rules have errors, so no test was run\n");
    return 1;
  }
  auto outcomes = run_tests(*program, filter);
  int passed = 0, failed = 0;
  for (const TestOutcome& o : outcomes) {
    const PackDef& pack = program->packs[static_cast<std::size_t>(o.test->pack)];
    if (o.passed) {
      ++passed;
      fmt::print("ok    {} :: {}\n", pack.name, o.test->name);
    } else {
      ++failed;
      fmt::print("FAIL  {} :: {}  ({}:{})\n", pack.name, o.test->name, o.test->span.file->path, o.test->span.line);
      for (const std::string& f : o.failures) fmt::print("      {}\n", f);
    }
  }
  if (outcomes.empty()) {
    if (filter.empty()) fmt::print(stderr, "there are no test blocks in these rules\n");
    else fmt::print(stderr, "no test name contains \"{}\"\n", filter);
    return 1;
  }
  fmt::print("{} passed, {} failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

}  // namespace carerules::cli
