// The `carerules` sub-commands. Each returns the process exit code:
// 0 success, 1 the input was wrong (bad rule, bad event, failed test), 2 usage.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace carerules::cli {

struct Output {
  bool colour = false;  // only on a terminal, never with NO_COLOR
};

int run_check(const std::vector<std::string>& paths, const Output& out);
int run_test(const std::vector<std::string>& paths, const std::string& filter, const Output& out);

struct EvalRequest {
  std::string rules;
  std::vector<std::string> cases;
  std::optional<std::string> as_of, known_at;
  std::string format = "jsonl";
};
int run_eval(const EvalRequest& request, const Output& out);

struct ExplainRequest {
  std::string rules;
  std::vector<std::string> cases;
  std::string case_id;
  std::optional<std::string> decision, as_of, known_at;
};
int run_explain(const ExplainRequest& request, const Output& out);

struct ImportRequest {
  std::string db;
  std::optional<std::string> rules;
  std::vector<std::string> files;
};
int run_import(const ImportRequest& request, const Output& out);

struct AuditVerifyRequest {
  std::string db;
};
int run_audit_verify(const AuditVerifyRequest& request, const Output& out);

struct RunRequest {
  std::string db, rules;
  std::optional<std::string> as_of;
};
int run_run(const RunRequest& request, const Output& out);

struct TasksRequest {
  std::string db;
  std::optional<std::string> team, worker, case_id, as_of;
  bool overdue = false;
  bool closed = false;   // closed tasks too
  bool history = false;  // each task's history under it (table)
  std::string format = "table";
};
int run_tasks(const TasksRequest& request, const Output& out);

struct TaskActionRequest {
  std::string db;
  std::int64_t task = 0;
  std::string action;  // acknowledge, reassign, note
  std::string value;   // reassign: the worker; note: the text
  std::string by;
  std::optional<std::string> on;
};
int run_task_action(const TaskActionRequest& request, const Output& out);

struct ReplRequest {
  std::string db;
};
// The auditors' REPL (repl/auditor/): opens the database read-only.
int run_repl(const ReplRequest& request, const Output& out);

int main(int argc, char** argv);

}  // namespace carerules::cli
