// The audit log: a hash chain over everything recorded (imports, runs, each
// case's decisions, task changes, alerts, checkpoint judgements). Each entry's
// hash covers the previous entry's hash, so changing, removing or inserting an
// entry breaks every link after it (docs/design-store-and-workflows.md, 2).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/store/database.hpp"

namespace carerules {

struct AuditEntry {
  std::int64_t seq = 0;
  std::string kind;     // import, run, decisions, task, alert, checkpoint
  std::string subject;  // the row it is about (see audit_subject_* below)
  std::string body;     // canonical JSON
  std::string prev;     // the previous entry's hash; 64 zeros for the first
  std::string hash;
};

// The `prev` of the first entry.
const std::string& audit_genesis();

// sha256(prev "\n" seq "\n" kind "\n" subject "\n" body), 64 hex digits.
std::string audit_hash(std::string_view prev, std::int64_t seq, std::string_view kind, std::string_view subject,
                       std::string_view body);

// Subjects: the key of the row an entry is about.
std::string audit_subject(std::int64_t id);                                    // import, run, task (history id), alert, checkpoint
std::string audit_subject(std::int64_t run_id, std::string_view case_id);      // decisions: "RUN/CASE"

class AuditLog {
 public:
  explicit AuditLog(Database& db);
  Database& database() const { return db_; }

  // Appends an entry after the last one; returns its seq. Call inside the
  // caller's write transaction, so the entry commits (or not) with the rows
  // it describes.
  std::int64_t append(std::string_view kind, std::string_view subject, std::string_view body);

  // The number of entries and the last one (nullopt when the log is empty).
  std::int64_t size();
  std::optional<AuditEntry> last();

  // Every entry in seq order.
  void for_each(const std::function<void(const AuditEntry&)>& visit);

 private:
  Database& db_;
  Statement last_, insert_;
};

// Every column of the one row `select_sql` (a constant query with the row's
// id as ?1) selects, as a canonical JSON object; nullopt when there is none.
std::optional<std::string> row_json(Database& db, const char* select_sql, std::int64_t id);

// Entries for the workflow runtime's rows: each body carries the row's content
// (every column, canonical JSON) so `audit verify` can compare it with the
// row. Call right after writing the row, in the same transaction.
//   task:       the task_history row and its task's row after the change
//   alert:      the alerts row (once when raised, again when cleared)
//   checkpoint: the checkpoints row
std::int64_t audit_task_change(AuditLog& log, std::int64_t task_history_id);
std::int64_t audit_alert(AuditLog& log, std::int64_t alert_id);
std::int64_t audit_checkpoint(AuditLog& log, std::int64_t checkpoint_id);

// The bodies those entries would have now, from the rows as they stand
// (nullopt when the row is gone).
std::optional<std::string> task_change_body(Database& db, std::int64_t task_history_id);
std::optional<std::string> alert_body(Database& db, std::int64_t alert_id);
std::optional<std::string> checkpoint_body(Database& db, std::int64_t checkpoint_id);
// Every column of tasks row `task_id`, canonical JSON (nullopt when gone).
std::optional<std::string> task_row_json(Database& db, std::int64_t task_id);

}  // namespace carerules
