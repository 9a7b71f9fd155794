#include "engine/store/audit_verify.hpp"

#include <charconv>
#include <fmt/format.h>
#include <optional>
#include <set>
#include <unordered_set>

#include "engine/calendar/sha256.hpp"
#include "engine/store/audit_log.hpp"
#include "engine/store/canonical_json.hpp"
#include "engine/store/event_lines.hpp"
#include "engine/store/runs.hpp"

namespace carerules {

namespace {

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

// "3/P-1001" -> run 3, case "P-1001".
bool split_decisions_subject(std::string_view subject, std::int64_t& run, std::string& case_id) {
  const std::size_t slash = subject.find('/');
  if (slash == std::string_view::npos) return false;
  auto id = parse_id(subject.substr(0, slash));
  if (!id) return false;
  run = *id;
  case_id = subject.substr(slash + 1);
  return true;
}

std::string describe_entry(const AuditEntry& e) {
  if (e.kind == "import") return fmt::format("import {}", e.subject);
  if (e.kind == "run") return fmt::format("run {}", e.subject);
  if (e.kind == "task") return fmt::format("task change {}", e.subject);
  if (e.kind == "alert") return fmt::format("alert {}", e.subject);
  if (e.kind == "checkpoint") return fmt::format("checkpoint judgement {}", e.subject);
  std::int64_t run = 0;
  std::string case_id;
  if (e.kind == "decisions" && split_decisions_subject(e.subject, run, case_id))
    return fmt::format("decisions for case {} in run {}", case_id, run);
  return fmt::format("an entry of kind `{}` about `{}`", e.kind, e.subject);
}

// `"key":"value"` as it appears in a canonical body.
std::string member(std::string_view key, std::string_view value) { return fmt::format("\"{}\":\"{}\"", key, value); }

class Verifier {
 public:
  Verifier(Database& db, const VerifyOptions& options, AuditReport& report)
      : db_(db), options_(options), report_(report) {}

  void run() {
    AuditLog log(db_);
    std::string prev = audit_genesis();
    std::int64_t expected = 1;
    std::string prev_description;
    log.for_each([&](const AuditEntry& e) {
      ++report_.entries;
      ++report_.entries_by_kind[e.kind];
      report_.last_hash = e.hash;
      entry_trusted_ = audit_hash(e.prev, e.seq, e.kind, e.subject, e.body) == e.hash;
      if (!chain_problem_) check_link(e, expected, prev, prev_description);
      expected = e.seq + 1;
      prev = e.hash;
      prev_description = describe_entry(e);
      check_row(e);
    });
    rows_without_entries();
    std::vector<std::string> problems;
    if (chain_problem_) problems.push_back(*chain_problem_);
    report_.problem_count = row_problem_count_ + (chain_problem_ ? 1 : 0);
    for (std::string& p : row_problems_) {
      if (problems.size() >= options_.max_problems) break;
      problems.push_back(std::move(p));
    }
    report_.problems = std::move(problems);
  }

 private:
  Database& db_;
  const VerifyOptions& options_;
  AuditReport& report_;
  std::optional<std::string> chain_problem_;
  std::vector<std::string> row_problems_;
  std::size_t row_problem_count_ = 0;
  std::set<std::int64_t> imports_, runs_, task_changes_, checkpoints_;
  std::set<std::string> sources_checked_;
  struct Latest {
    std::int64_t seq = 0;
    std::string json;
    bool trusted = true;
  };
  std::map<std::int64_t, Latest> tasks_, alerts_;

  void problem(std::string text) {
    ++row_problem_count_;
    if (row_problems_.size() < options_.max_problems) row_problems_.push_back(std::move(text));
  }

  // A row that differs from its entry, or an entry whose row is gone. When
  // the entry itself was altered (its hash fails), the chain problem already
  // says so and its body proves nothing about the row.
  void mismatch(std::string text) {
    if (entry_trusted_) problem(std::move(text));
  }
  bool entry_trusted_ = true;

  void check_link(const AuditEntry& e, std::int64_t expected, const std::string& prev, const std::string& prev_description) {
    if (e.seq != expected) {
      chain_problem_ = e.seq > expected
                           ? expected == 1 ? fmt::format("entry 1 is missing: the entries start at {}", e.seq)
                             : e.seq == expected + 1
                                 ? fmt::format("entry {} is missing: the entries jump from {} to {}", expected, expected - 1, e.seq)
                                 : fmt::format("entries {} to {} are missing: the entries jump from {} to {}", expected,
                                               e.seq - 1, expected - 1, e.seq)
                           : fmt::format("entry {} is out of order", e.seq);
    } else if (audit_hash(e.prev, e.seq, e.kind, e.subject, e.body) != e.hash) {
      chain_problem_ = fmt::format("entry {} ({}) was altered", e.seq, describe_entry(e));
    } else if (e.prev != prev) {
      chain_problem_ = e.seq == 1 ? fmt::format("entry 1 ({}) was altered: it does not start the chain", describe_entry(e))
                                  : fmt::format("entry {} ({}) was altered or replaced: entry {} no longer links to it",
                                                e.seq - 1, prev_description, e.seq);
    }
  }

  void check_row(const AuditEntry& e) {
    if (e.kind == "decisions") return check_decisions(e);
    auto id = parse_id(e.subject);
    if (!id) return mismatch(fmt::format("entry {} ({}) names no row of the database", e.seq, describe_entry(e)));
    if (e.kind == "import") return check_import(e, *id);
    if (e.kind == "run") return check_run(e, *id);
    if (e.kind == "task") return check_task_change(e, *id);
    if (e.kind == "alert") {
      alerts_[*id] = {e.seq, e.body, entry_trusted_};
      return;
    }
    if (e.kind == "checkpoint") {
      checkpoints_.insert(*id);
      auto now = checkpoint_body(db_, *id);
      if (!now) return mismatch(fmt::format("checkpoint judgement {} is gone from the database (entry {} records it)", *id, e.seq));
      if (*now != e.body) mismatch(fmt::format("checkpoint judgement {} was altered after it was recorded (entry {})", *id, e.seq));
      return;
    }
    mismatch(fmt::format("entry {} has a kind carerules does not write: `{}`", e.seq, e.kind));
  }

  void check_import(const AuditEntry& e, std::int64_t id) {
    imports_.insert(id);
    Statement row(db_, "SELECT file, sha256, events_added, events_present, first_seq, last_seq FROM imports WHERE id = ?1");
    row.bind(1, id);
    if (!row.step()) return mismatch(fmt::format("import {} is gone from the database (entry {} records it)", id, e.seq));
    const std::string file(row.text(0)), sha256(row.text(1));
    const std::int64_t added = row.integer(2), present = row.integer(3), first = row.integer(4), last = row.integer(5);
    const std::string import_name = fmt::format("import {} (`{}`)", id, file);
    Statement events(db_,
                     "SELECT seq, case_id, event_id, type, date, recorded, amends, line, line_sha256, import_id "
                     "FROM events WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq");
    events.bind(1, first).bind(2, last);
    Sha256 lines;
    std::int64_t count = 0;
    std::size_t lines_altered = 0;
    while (events.step()) {
      ++count;
      const std::string_view line = events.text(7);
      lines.update(line);
      lines.update("\n");
      const std::string name = fmt::format("the stored event `{}` of case `{}` (seq {}, imported from `{}`)",
                                           events.text(2), events.text(1), events.integer(0), file);
      std::string wrong;
      if (sha256_hex(line) != events.text(8)) {
        ++lines_altered;
        wrong = fmt::format("{} was altered after it was imported", name);
      } else if (events.integer(9) != id) {
        wrong = fmt::format("{} is recorded as part of import {}", name, events.integer(9));
      } else if (auto env = envelope_of(line); !env) {
        wrong = fmt::format("{} is no longer a JSON object", name);
      } else {
        const std::string recorded = env->recorded.empty() ? env->date + "T00:00:00Z" : env->recorded;
        const std::string amends(events.is_null(6) ? "" : events.text(6));
        const char* column = env->case_id != events.text(1) ? "case_id"
                             : env->id != events.text(2)    ? "event_id"
                             : env->type != events.text(3)  ? "type"
                             : env->date != events.text(4)  ? "date"
                             : recorded != events.text(5)   ? "recorded"
                             : env->amends != amends        ? "amends"
                                                            : nullptr;
        if (column) wrong = fmt::format("{}: its `{}` column was altered and no longer matches the event's line", name, column);
      }
      if (!wrong.empty()) problem(std::move(wrong));
    }
    if (count != added)
      problem(fmt::format("{} of the {} events added by {} are gone from the database", with_thousands(added - count),
                          with_thousands(added), import_name));
    JsonObject body;
    body.add("import", id)
        .add("file", file)
        .add("sha256", sha256)
        .add("events_added", added)
        .add("events_present", present)
        .add("first_seq", first)
        .add("last_seq", last)
        .add("lines_sha256", lines.hex());
    if (body.str() == e.body) return;
    const bool lines_match = e.body.find(member("lines_sha256", lines.hex())) != std::string::npos;
    // Altered lines and lost events are reported above, one by one.
    if (!lines_match && (lines_altered > 0 || count != added)) return;
    if (!lines_match)
      mismatch(fmt::format("the stored events of {} were altered after they were imported: their lines no longer match "
                          "the import's fingerprint",
                          import_name));
    else
      mismatch(fmt::format("the record of {} was altered after the import (entry {})", import_name, e.seq));
  }

  void check_run(const AuditEntry& e, std::int64_t id) {
    runs_.insert(id);
    auto now = run_entry_body(db_, id);
    if (!now) return mismatch(fmt::format("run {} is gone from the database (entry {} records it)", id, e.seq));
    if (*now != e.body)
      mismatch(fmt::format("the record of run {} (its dates, rules, settings or rule files) was altered after it was recorded",
                          id));
    Statement files(db_,
                    "SELECT r.path, r.hash, s.text FROM run_sources r LEFT JOIN sources s ON s.hash = r.hash "
                    "WHERE r.run_id = ?1 ORDER BY r.path");
    files.bind(1, id);
    while (files.step()) {
      const std::string hash(files.text(1));
      if (!sources_checked_.insert(hash).second) continue;
      if (files.is_null(2))
        problem(fmt::format("the rule file `{}` of run {} is gone from the database", files.text(0), id));
      else if (sha256_hex(files.text(2)) != hash)
        problem(fmt::format("the stored text of the rule file `{}` (used by run {}) was altered", files.text(0), id));
    }
  }

  void check_decisions(const AuditEntry& e) {
    std::int64_t run = 0;
    std::string case_id;
    if (!split_decisions_subject(e.subject, run, case_id))
      return mismatch(fmt::format("entry {} ({}) names no row of the database", e.seq, describe_entry(e)));
    auto row = read_run_case(db_, run, case_id);
    if (!row)
      return mismatch(fmt::format("the decisions of case {} in run {} are gone from the database (entry {} records them)",
                                 case_id, run, e.seq));
    if (decisions_entry_body(run, case_id, row->decisions, row->traces) == e.body) return;
    const bool decisions_altered = e.body.find(member("decisions_sha256", sha256_hex(row->decisions))) == std::string::npos;
    const bool traces_altered = e.body.find(member("traces_sha256", sha256_hex(row->traces))) == std::string::npos;
    if (decisions_altered) {
      std::vector<std::string> names;
      if (options_.changed_decisions) names = options_.changed_decisions(run, case_id, row->decisions);
      std::string which;
      for (std::size_t i = 0; i < names.size(); ++i)
        which += fmt::format("{}`{}`", i == 0 ? "" : i + 1 == names.size() ? " and " : ", ", names[i]);
      std::string text = fmt::format("the stored decisions of case {} in run {} were altered after they were recorded", case_id, run);
      if (!names.empty())
        text += fmt::format(": {} {} not what the rules decided", which, names.size() == 1 ? "is" : "are");
      mismatch(std::move(text));
    }
    if (traces_altered)
      mismatch(fmt::format("the stored explanation (trace) of case {} in run {} was altered after it was recorded", case_id, run));
    if (!decisions_altered && !traces_altered)
      mismatch(fmt::format("entry {} ({}) does not match the recorded decisions", e.seq, describe_entry(e)));
  }

  void check_task_change(const AuditEntry& e, std::int64_t id) {
    task_changes_.insert(id);
    auto history = row_json(db_, "SELECT * FROM task_history WHERE id = ?1", id);
    if (!history) return mismatch(fmt::format("task change {} is gone from the database (entry {} records it)", id, e.seq));
    const std::string prefix = fmt::format("{{\"history\":{},\"task\":", *history);
    if (e.body.compare(0, prefix.size(), prefix) != 0 || e.body.size() < prefix.size() + 1)
      return mismatch(fmt::format("task change {} was altered after it was recorded (entry {})", id, e.seq));
    Statement task_of(db_, "SELECT task_id FROM task_history WHERE id = ?1");
    task_of.bind(1, id);
    if (task_of.step()) tasks_[task_of.integer(0)] = {e.seq, e.body.substr(prefix.size(), e.body.size() - prefix.size() - 1), entry_trusted_};
  }

  void rows_without_entries() {
    {
      Statement s(db_, "SELECT id, file FROM imports ORDER BY id");
      while (s.step())
        if (!imports_.count(s.integer(0)))
          problem(fmt::format("import {} (`{}`) has no audit entry: it was not made by carerules import", s.integer(0), s.text(1)));
    }
    {
      Statement s(db_,
                  "SELECT e.seq, e.event_id, e.case_id FROM events e LEFT JOIN imports i ON i.id = e.import_id "
                  "WHERE i.id IS NULL OR e.seq NOT BETWEEN i.first_seq AND i.last_seq ORDER BY e.seq");
      while (s.step())
        problem(fmt::format("the stored event `{}` of case `{}` (seq {}) is not part of any import: it was not added by "
                            "carerules import",
                            s.text(1), s.text(2), s.integer(0)));
    }
    {
      Statement s(db_, "SELECT id FROM runs ORDER BY id");
      while (s.step())
        if (!runs_.count(s.integer(0))) problem(fmt::format("run {} has no audit entry", s.integer(0)));
    }
    {
      Statement s(db_,
                  "SELECT r.run_id, r.case_id FROM run_cases r WHERE NOT EXISTS (SELECT 1 FROM audit a "
                  "WHERE a.kind = 'decisions' AND a.subject = r.run_id || '/' || r.case_id) ORDER BY r.id");
      while (s.step())
        problem(fmt::format("the decisions of case {} in run {} have no audit entry", s.text(1), s.integer(0)));
    }
    {
      Statement s(db_, "SELECT id FROM task_history ORDER BY id");
      while (s.step())
        if (!task_changes_.count(s.integer(0))) problem(fmt::format("task change {} has no audit entry", s.integer(0)));
    }
    compare_latest(true, tasks_);
    compare_latest(false, alerts_);
    {
      Statement s(db_, "SELECT id FROM checkpoints ORDER BY id");
      while (s.step())
        if (!checkpoints_.count(s.integer(0)))
          problem(fmt::format("checkpoint judgement {} has no audit entry", s.integer(0)));
    }
  }

  // Tasks and alerts change over time: each row must match its latest entry.
  void compare_latest(bool tasks, std::map<std::int64_t, Latest>& latest) {
    const char* what = tasks ? "task" : "alert";
    Statement s(db_, tasks ? "SELECT id, name, case_id FROM tasks ORDER BY id" : "SELECT id, name, case_id FROM alerts ORDER BY id");
    while (s.step()) {
      const std::int64_t id = s.integer(0);
      const std::string name = fmt::format("{} {} (`{}` of case {})", what, id, s.text(1), s.text(2));
      auto it = latest.find(id);
      if (it == latest.end()) {
        problem(fmt::format("{} has no audit entry", name));
        continue;
      }
      auto now = tasks ? task_row_json(db_, id) : alert_body(db_, id);
      if (it->second.trusted && now != it->second.json)
        problem(fmt::format("{} was altered after its last recorded change (entry {})", name, it->second.seq));
      latest.erase(it);
    }
    for (const auto& [id, entry] : latest)
      problem(fmt::format("{} {} is gone from the database (entry {} records it)", what, id, entry.seq));
  }
};

}  // namespace

std::string with_thousands(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

AuditReport verify_audit(Database& db, const VerifyOptions& options) {
  AuditReport report;
  // One snapshot: a writer committing meanwhile cannot make rows and entries disagree.
  std::optional<Transaction> snapshot;
  if (!db.in_transaction()) snapshot.emplace(db, Transaction::Kind::read);
  Verifier(db, options, report).run();
  return report;
}

std::string describe_entries(const AuditReport& report) {
  static const std::vector<std::tuple<std::string, std::string, std::string>> kinds{
      {"import", "import", "imports"},
      {"run", "run", "runs"},
      {"decisions", "case's decisions", "cases' decisions"},
      {"task", "task change", "task changes"},
      {"alert", "alert change", "alert changes"},
      {"checkpoint", "checkpoint judgement", "checkpoint judgements"}};
  std::string parts;
  for (const auto& [kind, one, many] : kinds) {
    auto it = report.entries_by_kind.find(kind);
    if (it == report.entries_by_kind.end() || it->second == 0) continue;
    parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", with_thousands(it->second), it->second == 1 ? one : many);
  }
  std::string out = fmt::format("{} {}", with_thousands(report.entries), report.entries == 1 ? "entry" : "entries");
  return parts.empty() ? out : fmt::format("{} ({})", out, parts);
}

}  // namespace carerules
