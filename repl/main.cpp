// Sub-command parsing (CLI11).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <unistd.h>

#include "repl/commands.hpp"

namespace carerules::cli {

int main(int argc, char** argv) {
  CLI::App app{"carerules: Care Act rules, decided and explained"};
  app.require_subcommand(1);
  Output out;
  out.colour = isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr;

  std::vector<std::string> check_paths;
  auto* check = app.add_subcommand("check", "Check rule packs and report every error");
  check->add_option("paths", check_paths, "Rule files or folders")->required();

  std::vector<std::string> test_paths;
  std::string filter;
  auto* test = app.add_subcommand("test", "Run the test blocks of rule packs");
  test->add_option("paths", test_paths, "Rule files or folders")->required();
  test->add_option("--filter", filter, "Only tests whose name contains this text");

  EvalRequest eval_request;
  auto* eval = app.add_subcommand("eval", "Decide cases from their events (no database)");
  eval->add_option("--rules", eval_request.rules, "The pack folder, e.g. rules/national")->required();
  eval->add_option("--cases", eval_request.cases, "Event files (JSON Lines)")->required();
  eval->add_option("--as-of", eval_request.as_of, "Evaluation date YYYY-MM-DD (default: today)");
  eval->add_option("--known-at", eval_request.known_at, "Only events recorded by then (YYYY-MM-DDThh:mm:ssZ)");
  eval->add_option("--format", eval_request.format, "jsonl or table")->check(CLI::IsMember({"jsonl", "table"}));

  ExplainRequest explain_request;
  auto* explain = app.add_subcommand("explain", "Explain one case's decisions in plain English");
  explain->add_option("--rules", explain_request.rules, "The pack folder")->required();
  explain->add_option("--cases", explain_request.cases, "Event files (JSON Lines)")->required();
  explain->add_option("--case", explain_request.case_id, "The case id")->required();
  explain->add_option("--decision", explain_request.decision, "Only this decision");
  explain->add_option("--as-of", explain_request.as_of, "Evaluation date YYYY-MM-DD (default: today)");
  explain->add_option("--known-at", explain_request.known_at, "Only events recorded by then");

  ImportRequest import_request;
  auto* import = app.add_subcommand("import", "Check event files and add them to the database, one file at a time");
  import->add_option("--db", import_request.db, "The database file (created if missing)")->required();
  import->add_option("--rules", import_request.rules,
                     "The pack folder whose event types the files must match (default: the rules of the latest run, "
                     "else rules/national)");
  import->add_option("files", import_request.files, "Event files (JSON Lines), imported in this order")->required();

  AuditVerifyRequest verify_request;
  auto* audit = app.add_subcommand("audit", "Check the audit log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Check the hash chain and every recorded row against it");
  verify->add_option("--db", verify_request.db, "The database file")->required();

  RunRequest run_request;
  auto* run = app.add_subcommand("run", "Decide every stored case, record the run, and move tasks and alerts on");
  run->add_option("--db", run_request.db, "The database file")->required();
  run->add_option("--rules", run_request.rules, "The pack folder, e.g. rules/local/anytown")->required();
  run->add_option("--as-of", run_request.as_of, "Evaluation date YYYY-MM-DD (default: today)");

  TasksRequest tasks_request;
  auto* tasks = app.add_subcommand("tasks", "The practitioners' tasks as the latest run left them");
  tasks->add_option("--db", tasks_request.db, "The database file")->required();
  tasks->add_option("--team", tasks_request.team, "Only this team's tasks");
  tasks->add_option("--worker", tasks_request.worker, "Only the tasks assigned to this worker");
  tasks->add_option("--case", tasks_request.case_id, "Only this case's tasks");
  tasks->add_flag("--overdue", tasks_request.overdue, "Only tasks whose due date has passed");
  tasks->add_flag("--closed", tasks_request.closed, "Closed tasks too");
  tasks->add_flag("--history", tasks_request.history, "Each task's history under it: opened, moved, escalated, notes...");
  tasks->add_option("--as-of", tasks_request.as_of, "Judge overdue as of this date (default: the latest run's)");
  tasks->add_option("--format", tasks_request.format, "table or jsonl")->check(CLI::IsMember({"table", "jsonl"}));

  TaskActionRequest action_request;
  auto* task = app.add_subcommand("task", "Record a practitioner's action on a task: acknowledge, reassign or note");
  task->add_option("--db", action_request.db, "The database file")->required();
  task->add_option("id", action_request.task, "The task's number (from carerules tasks)")->required();
  task->add_option("action", action_request.action, "acknowledge, reassign or note")
      ->required()
      ->check(CLI::IsMember({"acknowledge", "reassign", "note"}));
  task->add_option("value", action_request.value, "reassign: the worker who takes it over; note: the text");
  task->add_option("--by", action_request.by, "The worker recording it")->required();
  task->add_option("--on", action_request.on, "The day it happened, YYYY-MM-DD (default: today)");

  ReplRequest repl_request;
  auto* repl = app.add_subcommand("repl", "The auditors' REPL: replay and explain recorded decisions (read-only)");
  repl->add_option("--db", repl_request.db, "The database file")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (check->parsed()) return run_check(check_paths, out);
  if (test->parsed()) return run_test(test_paths, filter, out);
  if (eval->parsed()) return run_eval(eval_request, out);
  if (explain->parsed()) return run_explain(explain_request, out);
  if (import->parsed()) return run_import(import_request, out);
  if (verify->parsed()) return run_audit_verify(verify_request, out);
  if (run->parsed()) return run_run(run_request, out);
  if (tasks->parsed()) return run_tasks(tasks_request, out);
  if (task->parsed()) return run_task_action(action_request, out);
  if (repl->parsed()) return run_repl(repl_request, out);
  return 2;
}

}  // namespace carerules::cli
