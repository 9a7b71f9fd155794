// `carerules task`: a practitioner's action on one task (acknowledge,
// reassign, note), where its workflow allows it; recorded with an audit entry.
#include <filesystem>
#include <fmt/format.h>

#include "engine/store/rule_sources.hpp"
#include "engine/store/runs.hpp"
#include "repl/command_dates.hpp"
#include "repl/commands.hpp"
#include "workflows/practitioner_actions.hpp"

namespace carerules::cli {

int run_task_action(const TaskActionRequest& request, const Output&) {
  auto on = date_option(request.on, "--on");
  if (!on) return 2;
  std::error_code ec;
  if (!std::filesystem::exists(request.db, ec)) {
    fmt::print(stderr, "error: there is no database `{}`\n", request.db);
    return 1;
  }
  try {
    Database db(request.db, Database::Mode::read_write);
    // The workflow of the latest run's rules says which actions are allowed.
    std::unique_ptr<Program> program;
    if (auto run = latest_run_id(db)) {
      Diagnostics ignored;
      program = load_run_program(db, *run, ignored);
    }
    workflows::PractitionerAction action{request.task, request.action, request.value, request.by, *on};
    fmt::print("{}\n", workflows::record_action(db, program.get(), action));
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
