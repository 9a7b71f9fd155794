#include <fmt/format.h>

#include "engine/store/audit_log.hpp"
#include "engine/store/audit_verify.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/runs.hpp"
#include "store_support.hpp"

using namespace carerules;
using namespace carerules::test;

namespace {

// A database with an import, a run of two cases, a task with two changes, an
// alert raised then cleared, and a checkpoint judgement: one row of each kind
// the audit log covers, each with its entry, written as the runtime will.
struct Recorded {
  ScratchFolder dir;
  std::string path = dir.file("cases.db");
  std::unique_ptr<Database> db = std::make_unique<Database>(path, Database::Mode::read_write);

  Recorded() {
    std::string events = std::string(kPersonLine) + "\n" + kRequestLine + "\n" + kOtherCaseLine + "\n";
    REQUIRE(import_events(*db, test_rules(), "cases.jsonl", events).ok());
    Transaction t(*db);
    AuditLog log(*db);
    RunHeader header;
    header.as_of = *parse_date("2025-05-01");
    header.rules = "tests/golden/rules/national";
    header.last_event_seq = 3;
    RunRecorder run(log, header, test_rules());
    run.add_case("E1", R"({"adult_eligible":true})", R"({"adult_eligible":{"a":0,"c":[[true]],"e":["E1-1"]}})");
    run.add_case("E2", R"({"adult_eligible":null})", R"({"adult_eligible":{"a":-1,"c":[[null]],"e":[]}})");
    run.finish();
    db->execute(
        "INSERT INTO tasks (case_id, name, cycle, title, team, workflow, state, state_since, opened_on, opened_run) "
        "VALUES ('E1', 'written_determination', 1, 'Give the written record', 'assessment', 'built-in', 'open', "
        "'2025-05-01', '2025-05-01', 1)");
    db->execute(
        "INSERT INTO task_history (task_id, run_id, on_date, action, to_state, \"by\") "
        "VALUES (1, 1, '2025-05-01', 'opened', 'open', 'carerules')");
    audit_task_change(log, db->last_insert_rowid());
    db->execute("UPDATE tasks SET worker = 'W-17' WHERE id = 1");
    db->execute(
        "INSERT INTO task_history (task_id, on_date, action, \"by\", detail) "
        "VALUES (1, '2025-05-02', 'reassigned', 'W-3', 'to W-17')");
    audit_task_change(log, db->last_insert_rowid());
    db->execute(
        "INSERT INTO alerts (case_id, name, source, severity, recipient, message, raised_on, raised_run) "
        "VALUES ('E1', 'review_overdue', 'rule', 'high', 'team_manager', 'The review is overdue', '2025-05-01', 1)");
    const std::int64_t alert = db->last_insert_rowid();
    audit_alert(log, alert);
    db->execute("UPDATE alerts SET cleared_on = '2025-05-03', cleared_run = 1 WHERE id = 1");
    audit_alert(log, alert);
    db->execute(
        "INSERT INTO checkpoints (run_id, case_id, checkpoint, event_id, on_date, passed, missing) "
        "VALUES (1, 'E1', 'coproduction', 'E1-2', '2025-05-01', 0, '[\"the person''s own views are in the plan\"]')");
    audit_checkpoint(log, db->last_insert_rowid());
    t.commit();
  }

  // Changes the database behind carerules' back, as someone with the sqlite3
  // tool could (the triggers that refuse it dropped first).
  void tamper(const char* sql) {
    for (const char* trigger : {"events_never_change", "events_never_go", "audit_never_change", "audit_never_go",
                                "run_cases_never_change", "run_cases_never_go", "task_history_never_change",
                                "checkpoints_never_change", "imports_never_change"})
      db->execute(fmt::format("DROP TRIGGER IF EXISTS {}", trigger).c_str());
    db->execute(sql);
  }

  AuditReport verify(const VerifyOptions& options = {}) { return verify_audit(*db, options); }
};

std::string first_problem(const AuditReport& report) { return report.problems.empty() ? "" : report.problems.front(); }

bool mentions(const AuditReport& report, const std::string& text) {
  for (const std::string& p : report.problems)
    if (p.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("entries are chained by the contract's hash, starting from 64 zeros") {
  ScratchFolder dir;
  Database db(dir.file("cases.db"), Database::Mode::read_write);
  AuditLog log(db);
  Transaction t(db);
  CHECK(log.append("import", "1", "{\"a\":1}") == 1);
  CHECK(log.append("run", "1", "{}") == 2);
  t.commit();
  CHECK_THROWS_AS(log.append("run", "2", "{}"), StoreError);  // only inside the caller's transaction
  std::vector<AuditEntry> entries;
  log.for_each([&](const AuditEntry& e) { entries.push_back(e); });
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].prev == std::string(64, '0'));
  CHECK(entries[0].hash == sha256_hex(std::string(64, '0') + "\n1\nimport\n1\n{\"a\":1}"));
  CHECK(entries[1].prev == entries[0].hash);
  CHECK(entries[1].hash == audit_hash(entries[0].hash, 2, "run", "1", "{}"));
}

TEST_CASE("a database as carerules wrote it verifies intact") {
  Recorded r;
  AuditReport report = r.verify();
  INFO(first_problem(report));
  CHECK(report.intact());
  CHECK(report.entries == 9);
  CHECK(describe_entries(report) ==
        "9 entries (1 import, 1 run, 2 cases' decisions, 2 task changes, 2 alert changes, 1 checkpoint judgement)");
  CHECK(report.last_hash.size() == 64);
}

TEST_CASE("verify names the first broken link of the chain") {
  Recorded r;
  SECTION("an altered entry") {
    r.tamper("UPDATE audit SET body = replace(body, '\"case\":\"E1\"', '\"case\":\"E2\"') WHERE seq = 2");
    CHECK(first_problem(r.verify()) == "entry 2 (decisions for case E1 in run 1) was altered");
  }
  SECTION("an entry altered with its hash recomputed breaks the next link") {
    r.tamper("UPDATE audit SET subject = '9' WHERE seq = 5");
    AuditLog log(*r.db);
    std::vector<AuditEntry> entries;
    log.for_each([&](const AuditEntry& e) { entries.push_back(e); });
    const AuditEntry& e = entries[4];
    r.tamper(fmt::format("UPDATE audit SET hash = '{}' WHERE seq = 5", audit_hash(e.prev, e.seq, e.kind, e.subject, e.body)).c_str());
    CHECK(first_problem(r.verify()) == "entry 5 (task change 9) was altered or replaced: entry 6 no longer links to it");
  }
  SECTION("a removed entry") {
    r.tamper("DELETE FROM audit WHERE seq = 3");
    AuditReport report = r.verify();
    CHECK(first_problem(report) == "entry 3 is missing: the entries jump from 2 to 4");
    CHECK(mentions(report, "the decisions of case E2 in run 1 have no audit entry"));
  }
}

TEST_CASE("verify names stored rows that no longer match their entries") {
  Recorded r;
  SECTION("an event line") {
    r.tamper("UPDATE events SET line = replace(line, 'community', 'other') WHERE seq = 2");
    AuditReport report = r.verify();
    CHECK_FALSE(report.intact());
    CHECK(first_problem(report) ==
          "the stored event `E1-2` of case `E1` (seq 2, imported from `cases.jsonl`) was altered after it was imported");
  }
  SECTION("an event line with its own hash recomputed") {
    const std::string changed = R"({"id":"E1-2","case":"E1","type":"request","date":"2025-01-07","route":"other"})";
    r.tamper(fmt::format("UPDATE events SET line = '{}', line_sha256 = '{}' WHERE seq = 2", changed, sha256_hex(changed)).c_str());
    CHECK(first_problem(r.verify()) ==
          "the stored events of import 1 (`cases.jsonl`) were altered after they were imported: their lines no longer "
          "match the import's fingerprint");
  }
  SECTION("a removed event") {
    r.tamper("DELETE FROM events WHERE seq = 3");
    CHECK(first_problem(r.verify()) == "1 of the 3 events added by import 1 (`cases.jsonl`) are gone from the database");
  }
  SECTION("an event added outside carerules import") {
    r.tamper(
        "INSERT INTO events (seq, case_id, event_id, type, date, recorded, line, line_sha256, import_id) "
        "VALUES (4, 'E9', 'E9-1', 'request', '2025-01-01', '2025-01-01T00:00:00Z', '{}', 'x', 1)");
    CHECK(first_problem(r.verify()) ==
          "the stored event `E9-1` of case `E9` (seq 4) is not part of any import: it was not added by carerules import");
  }
  SECTION("a case's decisions, named by run and case") {
    r.tamper("UPDATE run_cases SET decisions = '{\"adult_eligible\":false}' WHERE case_id = 'E1'");
    CHECK(first_problem(r.verify()) == "the stored decisions of case E1 in run 1 were altered after they were recorded");
  }
  SECTION("a case's decisions, named by decision when the caller can recompute them") {
    r.tamper("UPDATE run_cases SET decisions = '{\"adult_eligible\":false}' WHERE case_id = 'E1'");
    VerifyOptions options;
    std::string seen;
    options.changed_decisions = [&seen](std::int64_t run, const std::string& case_id, const std::string& stored) {
      seen = fmt::format("{} {} {}", run, case_id, stored);
      return std::vector<std::string>{"adult_eligible"};
    };
    CHECK(first_problem(r.verify(options)) ==
          "the stored decisions of case E1 in run 1 were altered after they were recorded: `adult_eligible` is not what "
          "the rules decided");
    CHECK(seen == "1 E1 {\"adult_eligible\":false}");
  }
  SECTION("a trace") {
    r.tamper("UPDATE run_cases SET traces = replace(traces, 'E1-1', 'E1-2') WHERE case_id = 'E1'");
    CHECK(first_problem(r.verify()) == "the stored explanation (trace) of case E1 in run 1 was altered after it was recorded");
  }
  SECTION("the run's settings") {
    r.tamper("UPDATE runs SET settings = '{\"x\":1}'");
    CHECK(first_problem(r.verify()) ==
          "the record of run 1 (its dates, rules, settings or rule files) was altered after it was recorded");
  }
  SECTION("a stored rule file") {
    r.tamper("DROP TRIGGER sources_never_change");
    r.tamper("UPDATE sources SET text = text || ' ' WHERE path LIKE '%eligibility.care'");
    CHECK(first_problem(r.verify()).find("the stored text of the rule file `") == 0);
  }
  SECTION("a task's state") {
    r.tamper("UPDATE tasks SET state = 'done' WHERE id = 1");
    CHECK(first_problem(r.verify()) ==
          "task 1 (`written_determination` of case E1) was altered after its last recorded change (entry 6)");
  }
  SECTION("a task change") {
    r.tamper("UPDATE task_history SET \"by\" = 'someone' WHERE id = 2");
    CHECK(first_problem(r.verify()) == "task change 2 was altered after it was recorded (entry 6)");
  }
  SECTION("an alert") {
    r.tamper("UPDATE alerts SET cleared_on = NULL, cleared_run = NULL WHERE id = 1");
    CHECK(first_problem(r.verify()) ==
          "alert 1 (`review_overdue` of case E1) was altered after its last recorded change (entry 8)");
  }
  SECTION("an alert raised without an entry") {
    r.tamper(
        "INSERT INTO alerts (case_id, name, source, severity, recipient, message, raised_on, raised_run) "
        "VALUES ('E2', 'review_overdue', 'rule', 'high', 'team_manager', 'm', '2025-05-01', 1)");
    CHECK(first_problem(r.verify()) == "alert 2 (`review_overdue` of case E2) has no audit entry");
  }
  SECTION("a checkpoint judgement") {
    r.tamper("UPDATE checkpoints SET passed = 1, missing = '[]'");
    CHECK(first_problem(r.verify()) == "checkpoint judgement 1 was altered after it was recorded (entry 9)");
  }
  SECTION("a removed run row") {
    r.tamper("PRAGMA foreign_keys = OFF");
    r.tamper("DROP TRIGGER runs_never_go");
    r.tamper("DELETE FROM runs");
    CHECK(first_problem(r.verify()) == "run 1 is gone from the database (entry 4 records it)");
  }
}

TEST_CASE("verify reports the chain first, then every row problem, at most the number asked") {
  Recorded r;
  r.tamper("UPDATE events SET line = line || ' '");
  r.tamper("UPDATE audit SET body = body || ' ' WHERE seq = 9");
  VerifyOptions options;
  options.max_problems = 2;
  AuditReport report = r.verify(options);
  CHECK(report.problem_count == 4);
  REQUIRE(report.problems.size() == 2);
  CHECK(report.problems[0] == "entry 9 (checkpoint judgement 1) was altered");
  CHECK(report.problems[1].find("the stored event `E1-1`") == 0);
}
