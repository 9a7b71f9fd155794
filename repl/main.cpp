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
  return 2;
}

}  // namespace carerules::cli
