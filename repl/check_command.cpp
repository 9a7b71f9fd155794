// `carerules check`: every diagnostic in the packs, rendered once. Where a pack
// has several versions, every combination of versions in force is checked.
#include <cstdio>
#include <fmt/format.h>

#include "dsl/load_program.hpp"
#include "repl/commands.hpp"

namespace carerules::cli {

int run_check(const std::vector<std::string>& paths, const Output& out) {
  Diagnostics diagnostics;
  std::vector<Date> version_dates;
  LoadOptions options;
  options.version_dates = &version_dates;
  auto program = load_program(paths, options, diagnostics);
  bool all_ok = program != nullptr;
  for (Date d : version_dates) {
    LoadOptions at;
    at.as_of = d;
    all_ok = load_program(paths, at, diagnostics) != nullptr && all_ok;
  }
  std::string report = diagnostics.render(out.colour);
  std::fputs(report.c_str(), stderr);
  if (!all_ok || diagnostics.has_errors()) {
    std::size_t n = 0;
    for (const Diagnostic& d : diagnostics.sorted()) n += d.severity == Severity::error;
    fmt::print(stderr, "{} error{} found\n", n, n == 1 ? "" : "s");
    return 1;
  }
  std::size_t decisions = program->decisions.size();
  fmt::print("checked {} pack{}: {} decision{}, {} setting{}, {} task{}, {} alert{}, {} test{}", program->packs.size(),
             program->packs.size() == 1 ? "" : "s", decisions, decisions == 1 ? "" : "s", program->settings.size(),
             program->settings.size() == 1 ? "" : "s", program->tasks.size(), program->tasks.size() == 1 ? "" : "s",
             program->alerts.size(), program->alerts.size() == 1 ? "" : "s", program->tests.size(),
             program->tests.size() == 1 ? "" : "s");
  if (!version_dates.empty())
    fmt::print(" (and the versions in force from each of {} dates)", version_dates.size());
  fmt::print("; no errors\n");
  return 0;
}

}  // namespace carerules::cli
