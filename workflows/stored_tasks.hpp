// The workflow runtime's rows in the store: task instances and their history,
// alerts, and judged checkpoint passages. Every change writes its history or
// alert row and its audit entry in the caller's transaction, so that what a
// practitioner sees and what the audit log records never disagree.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/store/audit_log.hpp"
#include "engine/store/database.hpp"
#include "workflows/task_step.hpp"

namespace carerules::workflows {

// A task instance as stored (the open ones a run moves on).
struct StoredTask {
  std::int64_t id = 0;
  std::string case_id, name, subject, workflow, team;
  std::optional<std::string> worker;
  int cycle = 1;
  InstanceState state;  // state.closed: the task is closed
  std::string detail;
  bool acknowledged = false;
};

struct StoredAlert {
  std::int64_t id = 0;
  std::string case_id, name, subject, source, message;
  std::optional<std::int64_t> task_id;
};

// A new task instance, as a run opens it.
struct NewTask {
  std::string case_id, name, subject, title, team, cites, workflow, state;
  std::optional<Date> due;
};

struct NewAlert {
  std::string case_id, name, subject, source, severity, recipient, message, cites;
  std::optional<std::int64_t> task_id;
};

// One history row: what happened to a task, by whom, and why.
struct TaskEvent {
  std::string action;  // opened, moved, due_changed, escalated, alerted, acknowledged, reassigned, note, closed
  std::optional<std::string> from_state, to_state;
  std::optional<std::string> escalated_to;  // escalated: the role told
  std::string by = "carerules";
  std::string detail;
};

class TaskRecords {
 public:
  TaskRecords(Database& db, AuditLog& log);

  // Every open task instance, by case id (instances in id order).
  std::map<std::string, std::vector<StoredTask>> open_tasks();
  // One task, open or closed.
  std::optional<StoredTask> find(std::int64_t task_id);
  // Every raised alert, by case id (in id order).
  std::map<std::string, std::vector<StoredAlert>> raised_alerts();
  // (case, checkpoint, event id) of every judged passage.
  std::set<std::tuple<std::string, std::string, std::string>> judged_passages();
  // The number of instances of (case, name, subject) ever opened.
  int cycles(const std::string& case_id, const std::string& name, const std::string& subject);

  // Opens an instance, with its `opened` history row; returns it.
  StoredTask open(const NewTask& task, std::optional<std::int64_t> run_id, Date on);
  // Writes the instance's state (after advance/check_timers, or a worker's
  // action) and one history row describing the change, with its audit entry.
  // Only a `closed` event closes it (with the event's detail as the reason).
  void change(const StoredTask& task, const TaskEvent& event, std::optional<std::int64_t> run_id, Date on,
              std::optional<std::int64_t> closed_run = std::nullopt);

  std::int64_t raise(const NewAlert& alert, std::int64_t run_id, Date on);
  void clear(std::int64_t alert_id, std::int64_t run_id, Date on);

  std::int64_t record_passage(std::int64_t run_id, const std::string& case_id, const std::string& checkpoint,
                              const std::string& event_id, Date on, const std::vector<std::string>& missing);

 private:
  Database& db_;
  AuditLog& log_;
  Statement insert_task_, update_task_, insert_history_, insert_alert_, clear_alert_, cycles_;
};

}  // namespace carerules::workflows
