// `carerules check`: every diagnostic in the packs, rendered once.
#include <cstdio>
#include <fmt/format.h>

#include "dsl/load_program.hpp"
#include "repl/commands.hpp"

namespace carerules::cli {

int run_check(const std::vector<std::string>& paths, const Output& out) {
  Diagnostics diagnostics;
  LoadOptions options;
  auto program = load_program(paths, options, diagnostics);
  std::string report = diagnostics.render(out.colour);
  std::fputs(report.c_str(), stderr);
  if (!program) {
    std::size_t n = diagnostics.error_count();
    fmt::print(stderr, "{} error{} found\n", n, n == 1 ? "" : "s");
    return 1;
  }
  std::size_t decisions = program->decisions.size();
  fmt::print("checked {} pack{}: {} decision{}, {} setting{}, {} test{}; no errors\n", program->packs.size(),
             program->packs.size() == 1 ? "" : "s", decisions, decisions == 1 ? "" : "s", program->settings.size(),
             program->settings.size() == 1 ? "" : "s", program->tests.size(), program->tests.size() == 1 ? "" : "s");
  return 0;
}

}  // namespace carerules::cli
