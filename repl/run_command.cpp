// `carerules run`: every stored case decided as of a date with the given
// rules, the run recorded, tasks and alerts moved on (workflows/run_rules.hpp).
#include <filesystem>
#include <fmt/format.h>

#include "dsl/load_program.hpp"
#include "engine/evaluate.hpp"
#include "engine/store/audit_verify.hpp"
#include "repl/command_dates.hpp"
#include "repl/commands.hpp"
#include "repl/progress_bar.hpp"
#include "workflows/run_rules.hpp"

namespace carerules::cli {

namespace {

std::string count(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", with_thousands(static_cast<std::int64_t>(n)), n == 1 ? one : many);
}

}  // namespace

int run_run(const RunRequest& request, const Output& out) {
  auto as_of = date_option(request.as_of, "--as-of");
  if (!as_of) return 2;
  std::error_code ec;
  if (!std::filesystem::exists(request.db, ec)) {
    fmt::print(stderr, "error: there is no database `{}`; import events into it first (carerules import --db {} FILE...)\n",
               request.db, request.db);
    return 1;
  }
  Diagnostics diagnostics;
  LoadOptions options;
  options.as_of = *as_of;
  auto program = load_program({request.rules}, options, diagnostics);
  std::fputs(diagnostics.render(out.colour).c_str(), stderr);
  if (!program) return 1;
  try {
    Database db(request.db, Database::Mode::read_write);
    ProgressBar bar("run");
    workflows::RunOptions run;
    run.rules = request.rules;
    run.as_of = *as_of;
    run.progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
    workflows::RunSummary summary = workflows::run_rules(db, *program, run);
    bar.clear();
    const workflows::RunCounts& c = summary.counts;
    std::string packs;
    for (const PackDef& p : program->packs) packs += fmt::format("{}{} {}", packs.empty() ? "" : ", ", p.name, p.version);
    fmt::print("run {} as of {}: {} decided from {} with {}\n", summary.run_id, format_date(*as_of),
               count(summary.cases, "case", "cases"), count(summary.events, "event", "events"), packs);
    fmt::print("tasks: {} opened, {} moved on, {} closed; {} due date{} changed, {} escalated, {} overdue\n",
               with_thousands(static_cast<std::int64_t>(c.opened)), with_thousands(static_cast<std::int64_t>(c.moved)),
               with_thousands(static_cast<std::int64_t>(c.closed)), with_thousands(static_cast<std::int64_t>(c.due_changed)),
               c.due_changed == 1 ? "" : "s", with_thousands(static_cast<std::int64_t>(c.escalated)),
               with_thousands(static_cast<std::int64_t>(c.overdue)));
    fmt::print("alerts: {} raised, {} cleared\n", with_thousands(static_cast<std::int64_t>(c.alerts_raised)),
               with_thousands(static_cast<std::int64_t>(c.alerts_cleared)));
    fmt::print("checkpoints: {} judged, {} not met\n", count(c.passages_judged, "passage", "passages"),
               with_thousands(static_cast<std::int64_t>(c.passages_failed)));
  } catch (const std::runtime_error& e) {
    // A refusal (RunRefused, ActionRefused), a case that cannot be decided
    // (EvaluationError) or the database (StoreError): the transaction was
    // rolled back.
    fmt::print(stderr, "error: {}\nnothing was recorded\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace carerules::cli
