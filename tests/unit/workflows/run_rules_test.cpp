#include "tests/unit/workflows/workflow_support.hpp"

#include <set>

using namespace carerules;
using namespace carerules::test;

namespace {

const char* kAnytown = "rules/local/anytown";

// (case, task, state, closed) of every task, in a stable order.
std::set<std::string> task_states(Database& db) {
  std::set<std::string> out;
  Statement s(db, "SELECT case_id || ' ' || name || ' ' || subject || ' ' || state || ' ' || (closed_on IS NOT NULL) FROM tasks");
  while (s.step()) out.insert(std::string(s.text(0)));
  return out;
}

}  // namespace

TEST_CASE("a second run with nothing new opens, moves and closes nothing", "[workflows][run]") {
  ScratchFolder scratch;
  Database db(scratch.file("anytown.db"), Database::Mode::read_write);
  auto program = shipped_rules(kAnytown, "2026-11-24");
  import_file(db, *program, "examples/anytown/cases.jsonl");
  auto first = run_as_of(db, kAnytown, "2026-11-24");
  CHECK(first.cases == 300);
  CHECK(first.counts.opened > 200);
  const auto tasks_after_first = task_states(db);
  const auto history_after_first = count(db, "SELECT count(*) FROM task_history");
  const auto alerts_after_first = count(db, "SELECT count(*) FROM alerts");

  auto second = run_as_of(db, kAnytown, "2026-11-24");
  CHECK(second.run_id == first.run_id + 1);
  CHECK(second.counts.opened == 0);
  CHECK(second.counts.moved == 0);
  CHECK(second.counts.closed == 0);
  CHECK(second.counts.alerts_raised == 0);
  CHECK(second.counts.alerts_cleared == 0);
  CHECK(second.counts.passages_judged == 0);
  CHECK(task_states(db) == tasks_after_first);
  CHECK(count(db, "SELECT count(*) FROM task_history") == history_after_first);
  CHECK(count(db, "SELECT count(*) FROM alerts") == alerts_after_first);
  // Never two open instances of one task.
  CHECK(count(db, "SELECT count(*) FROM (SELECT 1 FROM tasks WHERE closed_on IS NULL GROUP BY case_id, name, subject "
                  "HAVING count(*) > 1)") == 0);
  // The run recorded every case, with the rules it used.
  CHECK(count(db, "SELECT count(*) FROM run_cases WHERE run_id = 2") == 300);
  CHECK(count(db, "SELECT count(*) FROM run_sources WHERE run_id = 2 AND kind = 'calendar'") == 1);
  CHECK(verify_audit(db).intact());
}

TEST_CASE("new events move exactly the tasks they are about", "[workflows][run]") {
  ScratchFolder scratch;
  auto program = shipped_rules(kAnytown, "2026-12-07");
  // Two stores, alike but for the five new events of December.
  Database without(scratch.file("without.db"), Database::Mode::read_write);
  Database with(scratch.file("with.db"), Database::Mode::read_write);
  for (Database* db : {&without, &with}) {
    import_file(*db, *program, "examples/anytown/cases.jsonl");
    run_as_of(*db, kAnytown, "2026-11-24");
  }
  import_file(with, *program, "examples/anytown/updates-2026-12.jsonl");
  run_as_of(without, kAnytown, "2026-12-07");
  run_as_of(with, kAnytown, "2026-12-07");
  const auto a = task_states(without), b = task_states(with);
  std::set<std::string> changed;
  for (const std::string& t : b)
    if (!a.count(t)) changed.insert(t);
  CHECK(changed == std::set<std::string>{
                       "AT-0006 advice_and_information AT-0006-e4 sent 1",
                       "AT-0011 annual_review AT-0011-e8 closed 1",
                       "AT-0017 written_determination AT-0017-e9 sent 1",
                       "AT-0023 arrange_advocate  referred 0",
                       "AT-0024 light_touch_review AT-0024-e9 closed 1",
                   });
  CHECK(a.size() == b.size());
  CHECK(verify_audit(with).intact());
}

TEST_CASE("a run as of an earlier date than the latest run's is refused and records nothing", "[workflows][run]") {
  ScratchFolder scratch;
  Database db(scratch.file("c.db"), Database::Mode::read_write);
  auto program = shipped_rules(kAnytown, "2026-11-24");
  import_file(db, *program, "examples/anytown/cases.jsonl");
  run_as_of(db, kAnytown, "2026-11-24");
  CHECK_THROWS_WITH(run_as_of(db, kAnytown, "2026-11-23"), Catch::Contains("back in time"));
  CHECK(count(db, "SELECT count(*) FROM runs") == 1);
  CHECK(count(db, "SELECT count(*) FROM audit WHERE kind = 'run'") == 1);
}

TEST_CASE("a run records decisions byte for byte as eval prints them", "[workflows][run]") {
  ScratchFolder scratch;
  Database db(scratch.file("c.db"), Database::Mode::read_write);
  auto program = shipped_rules(kAnytown, "2026-11-24");
  import_file(db, *program, "examples/anytown/cases.jsonl");
  run_as_of(db, kAnytown, "2026-11-24");
  // AT-0003: eligible, plan agreed 2024-09-12, last reviewed 2025-12-18.
  const std::string decisions = one_text(db, "SELECT decisions FROM run_cases WHERE case_id = 'AT-0003'");
  CHECK_THAT(decisions, Catch::Contains("\"adult_eligible\":true"));
  CHECK_THAT(decisions, Catch::Contains("\"next_review_due\":\"2026-12-18\""));
  CHECK_THAT(one_text(db, "SELECT traces FROM run_cases WHERE case_id = 'AT-0003'"),
             Catch::Contains("\"adult_eligible\":{\"a\":0"));
}

TEST_CASE("a case unchanged since the run before is stored once and read back whole", "[workflows][run]") {
  ScratchFolder scratch;
  Database db(scratch.file("c.db"), Database::Mode::read_write);
  auto program = shipped_rules(kAnytown, "2026-11-24");
  import_file(db, *program, "examples/anytown/cases.jsonl");
  run_as_of(db, kAnytown, "2026-11-24");
  run_as_of(db, kAnytown, "2026-11-24");
  // Every case of run 2 points to run 1's row, and reads back the same.
  CHECK(count(db, "SELECT count(*) FROM run_cases WHERE run_id = 2 AND same_as IS NOT NULL") == 300);
  CHECK(count(db, "SELECT sum(length(decisions) + length(traces)) FROM run_cases WHERE run_id = 2") == 0);
  auto first = read_run_case(db, 1, "AT-0003"), second = read_run_case(db, 2, "AT-0003");
  REQUIRE(first);
  REQUIRE(second);
  CHECK(second->decisions == first->decisions);
  CHECK(second->traces == first->traces);
  CHECK_FALSE(second->decisions.empty());
  // A week later some decisions change (dates pass): those cases hold their own.
  run_as_of(db, kAnytown, "2026-12-07");
  const auto own = count(db, "SELECT count(*) FROM run_cases WHERE run_id = 3 AND same_as IS NULL");
  CHECK(own > 0);
  CHECK(own < 300);
  // Chains never form: a pointer always names the row that holds the content.
  CHECK(count(db, "SELECT count(*) FROM run_cases r JOIN run_cases o ON o.id = r.same_as WHERE o.same_as IS NOT NULL") == 0);
  CHECK(verify_audit(db).intact());
  // Altering the row that holds the content is seen in every run that reads it.
  db.execute("DROP TRIGGER run_cases_never_change");
  db.execute("UPDATE run_cases SET decisions = replace(decisions, '\"adult_eligible\":true', '\"adult_eligible\":false') "
             "WHERE run_id = 1 AND case_id = 'AT-0003'");
  const AuditReport report = verify_audit(db);
  CHECK_FALSE(report.intact());
  CHECK(report.problem_count >= 2);
}
