#include "engine/store/audit_log.hpp"

#include <fmt/format.h>

#include "engine/calendar/sha256.hpp"
#include "engine/store/canonical_json.hpp"

namespace carerules {

namespace {

// Every column of the row the statement (bound, not yet stepped) selects.
std::optional<std::string> row_json(Statement& select) {
  if (!select.step()) return std::nullopt;
  JsonObject row;
  for (int c = 0; c < select.column_count(); ++c) {
    std::string_view name = select.column_name(c);
    if (select.is_null(c)) row.add_null(name);
    else if (select.is_integer(c)) row.add(name, select.integer(c));
    else if (select.is_real(c)) row.add_raw(name, fmt::format("{:.17g}", select.real(c)));
    else row.add(name, select.text(c));
  }
  return row.str();
}

}  // namespace

std::optional<std::string> row_json(Database& db, const char* select_sql, std::int64_t id) {
  Statement& select = db.prepared(select_sql);
  select.bind(1, id);
  auto row = row_json(select);
  select.reset();
  return row;
}

const std::string& audit_genesis() {
  static const std::string zeros(64, '0');
  return zeros;
}

std::string audit_hash(std::string_view prev, std::int64_t seq, std::string_view kind, std::string_view subject,
                       std::string_view body) {
  Sha256 h;
  h.update(prev);
  h.update("\n");
  h.update(std::to_string(seq));
  h.update("\n");
  h.update(kind);
  h.update("\n");
  h.update(subject);
  h.update("\n");
  h.update(body);
  return h.hex();
}

std::string audit_subject(std::int64_t id) { return std::to_string(id); }

std::string audit_subject(std::int64_t run_id, std::string_view case_id) {
  return fmt::format("{}/{}", run_id, case_id);
}

AuditLog::AuditLog(Database& db)
    : db_(db),
      last_(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"),
      insert_(db, "INSERT INTO audit (seq, kind, subject, body, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)") {}

std::int64_t AuditLog::append(std::string_view kind, std::string_view subject, std::string_view body) {
  // Outside a write transaction two writers could both read the same last
  // entry; inside one, the entry also commits with the rows it describes.
  if (!db_.in_transaction())
    throw StoreError(fmt::format("internal error: an audit entry for `{}` was written outside a transaction on `{}`",
                                 kind, db_.path()));
  std::int64_t seq = 1;
  std::string prev = audit_genesis();
  if (last_.step()) {
    seq = last_.integer(0) + 1;
    prev = std::string(last_.text(1));
  }
  last_.reset();
  insert_.bind(1, seq).bind(2, kind).bind(3, subject).bind(4, body).bind(5, prev).bind(6, audit_hash(prev, seq, kind, subject, body));
  insert_.run();
  insert_.reset();
  return seq;
}

std::int64_t AuditLog::size() {
  Statement count(db_, "SELECT count(*) FROM audit");
  return count.step() ? count.integer(0) : 0;
}

std::optional<AuditEntry> AuditLog::last() {
  Statement s(db_, "SELECT seq, kind, subject, body, prev, hash FROM audit ORDER BY seq DESC LIMIT 1");
  if (!s.step()) return std::nullopt;
  return AuditEntry{s.integer(0), std::string(s.text(1)), std::string(s.text(2)), std::string(s.text(3)),
                    std::string(s.text(4)), std::string(s.text(5))};
}

void AuditLog::for_each(const std::function<void(const AuditEntry&)>& visit) {
  Statement s(db_, "SELECT seq, kind, subject, body, prev, hash FROM audit ORDER BY seq");
  AuditEntry e;
  while (s.step()) {
    e.seq = s.integer(0);
    e.kind.assign(s.text(1));
    e.subject.assign(s.text(2));
    e.body.assign(s.text(3));
    e.prev.assign(s.text(4));
    e.hash.assign(s.text(5));
    visit(e);
  }
}

std::optional<std::string> task_row_json(Database& db, std::int64_t task_id) {
  return row_json(db, "SELECT * FROM tasks WHERE id = ?1", task_id);
}

std::optional<std::string> task_change_body(Database& db, std::int64_t task_history_id) {
  auto history = row_json(db, "SELECT * FROM task_history WHERE id = ?1", task_history_id);
  if (!history) return std::nullopt;
  Statement& task_of = db.prepared("SELECT task_id FROM task_history WHERE id = ?1");
  task_of.bind(1, task_history_id);
  const std::optional<std::int64_t> task_id = task_of.step() ? std::optional<std::int64_t>(task_of.integer(0)) : std::nullopt;
  task_of.reset();
  auto task = task_id ? task_row_json(db, *task_id) : std::nullopt;
  JsonObject body;
  body.add_raw("history", *history);
  if (task) body.add_raw("task", *task);
  else body.add_null("task");
  return body.str();
}

std::optional<std::string> alert_body(Database& db, std::int64_t alert_id) {
  return row_json(db, "SELECT * FROM alerts WHERE id = ?1", alert_id);
}

std::optional<std::string> checkpoint_body(Database& db, std::int64_t checkpoint_id) {
  return row_json(db, "SELECT * FROM checkpoints WHERE id = ?1", checkpoint_id);
}

namespace {

std::int64_t append_row(AuditLog& log, const char* kind, const char* table, std::int64_t id,
                        const std::optional<std::string>& body) {
  if (!body)
    throw StoreError(fmt::format("the database `{}` has no {} row {} to record in the audit log",
                                 log.database().path(), table, id));
  return log.append(kind, audit_subject(id), *body);
}

}  // namespace

std::int64_t audit_task_change(AuditLog& log, std::int64_t task_history_id) {
  return append_row(log, "task", "task_history", task_history_id, task_change_body(log.database(), task_history_id));
}

std::int64_t audit_alert(AuditLog& log, std::int64_t alert_id) {
  return append_row(log, "alert", "alerts", alert_id, alert_body(log.database(), alert_id));
}

std::int64_t audit_checkpoint(AuditLog& log, std::int64_t checkpoint_id) {
  return append_row(log, "checkpoint", "checkpoints", checkpoint_id, checkpoint_body(log.database(), checkpoint_id));
}

}  // namespace carerules
