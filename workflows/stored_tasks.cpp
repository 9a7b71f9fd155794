#include "workflows/stored_tasks.hpp"

#include "engine/describe.hpp"
#include "engine/store/canonical_json.hpp"

namespace carerules::workflows {

namespace {

std::optional<std::string> date_text(const std::optional<Date>& d) {
  return d ? std::optional<std::string>(format_date(*d)) : std::nullopt;
}

std::optional<Date> date_column(const Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return parse_date(s.text(column));
}

}  // namespace

TaskRecords::TaskRecords(Database& db, AuditLog& log)
    : db_(db),
      log_(log),
      insert_task_(db,
                   "INSERT INTO tasks (case_id, name, subject, cycle, title, team, cites, workflow, state, state_since, "
                   "opened_on, opened_run, due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12)"),
      update_task_(db,
                   "UPDATE tasks SET state = ?2, state_since = ?3, due = ?4, worker = ?5, acknowledged_on = "
                   "coalesce(acknowledged_on, ?6), escalated_to = coalesce(?7, escalated_to), escalated_on = "
                   "coalesce(?8, escalated_on), escalated_mask = ?9, overdue_alerted = ?10, closed_on = coalesce(?11, "
                   "closed_on), closed_run = coalesce(?12, closed_run), close_reason = coalesce(?13, close_reason), "
                   "detail = ?14 WHERE id = ?1"),
      insert_history_(db,
                      "INSERT INTO task_history (task_id, run_id, on_date, action, from_state, to_state, \"by\", detail) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
      insert_alert_(db,
                    "INSERT INTO alerts (case_id, name, subject, task_id, source, severity, recipient, message, cites, "
                    "raised_on, raised_run) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
      clear_alert_(db, "UPDATE alerts SET cleared_on = ?2, cleared_run = ?3 WHERE id = ?1 AND cleared_on IS NULL"),
      cycles_(db, "SELECT count(*) FROM tasks WHERE case_id = ?1 AND name = ?2 AND subject = ?3") {}

namespace {

// The columns a StoredTask is read from, in task_from_row's order.
constexpr const char* kTaskColumns =
    "id, case_id, name, subject, workflow, team, worker, cycle, state, state_since, due, escalated_mask, "
    "overdue_alerted, coalesce(detail, ''), closed_on, acknowledged_on";

StoredTask task_from_row(const Statement& s) {
  StoredTask t;
  t.id = s.integer(0);
  t.case_id = s.text(1);
  t.name = s.text(2);
  t.subject = s.text(3);
  t.workflow = s.text(4);
  t.team = s.text(5);
  t.worker = s.optional_text(6);
  t.cycle = static_cast<int>(s.integer(7));
  t.state.state = s.text(8);
  t.state.state_since = parse_date(s.text(9)).value_or(Date{});
  t.state.due = date_column(s, 10);
  t.state.escalated_mask = static_cast<std::uint32_t>(s.integer(11));
  t.state.overdue_alerted = s.integer(12) != 0;
  t.detail = s.text(13);
  t.state.closed = !s.is_null(14);
  t.acknowledged = !s.is_null(15);
  return t;
}

}  // namespace

std::map<std::string, std::vector<StoredTask>> TaskRecords::open_tasks() {
  std::map<std::string, std::vector<StoredTask>> out;
  Statement s(db_, std::string("SELECT ") + kTaskColumns + " FROM tasks WHERE closed_on IS NULL ORDER BY id");
  while (s.step()) {
    StoredTask t = task_from_row(s);
    out[t.case_id].push_back(std::move(t));
  }
  return out;
}

std::optional<StoredTask> TaskRecords::find(std::int64_t task_id) {
  Statement s(db_, std::string("SELECT ") + kTaskColumns + " FROM tasks WHERE id = ?1");
  s.bind(1, task_id);
  if (!s.step()) return std::nullopt;
  return task_from_row(s);
}

std::map<std::string, std::vector<StoredAlert>> TaskRecords::raised_alerts() {
  std::map<std::string, std::vector<StoredAlert>> out;
  Statement s(db_,
              "SELECT id, case_id, name, subject, source, message, task_id FROM alerts WHERE cleared_on IS NULL ORDER BY id");
  while (s.step()) {
    StoredAlert a;
    a.id = s.integer(0);
    a.case_id = s.text(1);
    a.name = s.text(2);
    a.subject = s.text(3);
    a.source = s.text(4);
    a.message = s.text(5);
    if (!s.is_null(6)) a.task_id = s.integer(6);
    out[a.case_id].push_back(std::move(a));
  }
  return out;
}

std::set<std::tuple<std::string, std::string, std::string>> TaskRecords::judged_passages() {
  std::set<std::tuple<std::string, std::string, std::string>> out;
  Statement s(db_, "SELECT case_id, checkpoint, event_id FROM checkpoints");
  while (s.step()) out.emplace(std::string(s.text(0)), std::string(s.text(1)), std::string(s.text(2)));
  return out;
}

int TaskRecords::cycles(const std::string& case_id, const std::string& name, const std::string& subject) {
  cycles_.bind(1, case_id).bind(2, name).bind(3, subject);
  int n = cycles_.step() ? static_cast<int>(cycles_.integer(0)) : 0;
  cycles_.reset();
  return n;
}

StoredTask TaskRecords::open(const NewTask& task, std::optional<std::int64_t> run_id, Date on) {
  StoredTask t;
  t.case_id = task.case_id;
  t.name = task.name;
  t.subject = task.subject;
  t.workflow = task.workflow;
  t.team = task.team;
  t.cycle = cycles(task.case_id, task.name, task.subject) + 1;
  t.state.state = task.state;
  t.state.state_since = on;
  t.state.due = task.due;
  insert_task_.bind(1, task.case_id).bind(2, task.name).bind(3, task.subject).bind(4, t.cycle).bind(5, task.title);
  insert_task_.bind(6, task.team).bind(7, task.cites).bind(8, task.workflow).bind(9, task.state).bind(10, format_date(on));
  if (run_id) insert_task_.bind(11, *run_id);
  else insert_task_.bind_null(11);
  insert_task_.bind(12, date_text(task.due));
  insert_task_.run();
  insert_task_.reset();
  t.id = db_.last_insert_rowid();
  TaskEvent opened;
  opened.action = "opened";
  opened.to_state = task.state;
  opened.detail = task.due ? "due " + format_date(*task.due) : "no due date";
  insert_history_.bind(1, t.id);
  if (run_id) insert_history_.bind(2, *run_id);
  else insert_history_.bind_null(2);
  insert_history_.bind(3, format_date(on)).bind(4, opened.action).bind_null(5).bind(6, opened.to_state);
  insert_history_.bind(7, opened.by).bind(8, opened.detail);
  insert_history_.run();
  insert_history_.reset();
  audit_task_change(log_, db_.last_insert_rowid());
  return t;
}

void TaskRecords::change(const StoredTask& task, const TaskEvent& event, std::optional<std::int64_t> run_id, Date on,
                         std::optional<std::int64_t> closed_run) {
  update_task_.bind(1, task.id).bind(2, task.state.state).bind(3, format_date(task.state.state_since));
  update_task_.bind(4, date_text(task.state.due)).bind(5, task.worker);
  update_task_.bind(6, event.action == "acknowledged" ? std::optional<std::string>(format_date(on)) : std::nullopt);
  update_task_.bind(7, event.escalated_to);
  update_task_.bind(8, event.escalated_to ? std::optional<std::string>(format_date(on)) : std::nullopt);
  update_task_.bind(9, static_cast<std::int64_t>(task.state.escalated_mask)).bind(10, task.state.overdue_alerted ? 1 : 0);
  if (event.action == "closed") {
    update_task_.bind(11, format_date(on));
    if (closed_run) update_task_.bind(12, *closed_run);
    else update_task_.bind_null(12);
    update_task_.bind(13, event.detail);
  } else {
    update_task_.bind_null(11).bind_null(12).bind_null(13);
  }
  update_task_.bind(14, task.detail.empty() ? std::optional<std::string>() : std::optional<std::string>(task.detail));
  update_task_.run();
  update_task_.reset();
  insert_history_.bind(1, task.id);
  if (run_id) insert_history_.bind(2, *run_id);
  else insert_history_.bind_null(2);
  insert_history_.bind(3, format_date(on)).bind(4, event.action);
  insert_history_.bind(5, event.from_state).bind(6, event.to_state);
  insert_history_.bind(7, event.by).bind(8, event.detail);
  insert_history_.run();
  insert_history_.reset();
  audit_task_change(log_, db_.last_insert_rowid());
}

std::int64_t TaskRecords::raise(const NewAlert& alert, std::int64_t run_id, Date on) {
  insert_alert_.bind(1, alert.case_id).bind(2, alert.name).bind(3, alert.subject);
  if (alert.task_id) insert_alert_.bind(4, *alert.task_id);
  else insert_alert_.bind_null(4);
  insert_alert_.bind(5, alert.source).bind(6, alert.severity).bind(7, alert.recipient).bind(8, alert.message);
  insert_alert_.bind(9, alert.cites).bind(10, format_date(on)).bind(11, run_id);
  insert_alert_.run();
  insert_alert_.reset();
  const std::int64_t id = db_.last_insert_rowid();
  audit_alert(log_, id);
  return id;
}

void TaskRecords::clear(std::int64_t alert_id, std::int64_t run_id, Date on) {
  clear_alert_.bind(1, alert_id).bind(2, format_date(on)).bind(3, run_id);
  clear_alert_.run();
  clear_alert_.reset();
  audit_alert(log_, alert_id);
}

std::int64_t TaskRecords::record_passage(std::int64_t run_id, const std::string& case_id, const std::string& checkpoint,
                                         const std::string& event_id, Date on, const std::vector<std::string>& missing) {
  std::vector<std::string> labels;
  for (const std::string& m : missing) labels.push_back(json_string(m));
  Statement add(db_,
                "INSERT INTO checkpoints (run_id, case_id, checkpoint, event_id, on_date, passed, missing) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  add.bind(1, run_id).bind(2, case_id).bind(3, checkpoint).bind(4, event_id).bind(5, format_date(on));
  add.bind(6, missing.empty() ? 1 : 0).bind(7, json_array(labels));
  add.run();
  const std::int64_t id = db_.last_insert_rowid();
  audit_checkpoint(log_, id);
  return id;
}

}  // namespace carerules::workflows
