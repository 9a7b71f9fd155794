#include "tests/unit/workflows/workflow_support.hpp"

using namespace carerules;
using namespace carerules::test;

namespace {

const char* kNational = "rules/national";

// A completed needs assessment with everything recorded, and a plan agreed
// on 20 January 2026 without the person's views.
const char* kCase = R"({"id":"C1","case":"X","type":"assessment","date":"2026-01-05","kind":"needs","status":"completed","impairment":true,"outcomes":{"nutrition":"needs_assistance","personal_hygiene":"needs_assistance","toilet_needs":"achieved","clothing":"achieved","home_safety":"achieved","habitable_home":"achieved","relationships":"achieved","work_education_volunteering":"achieved","community_facilities":"achieved","caring_for_child":"achieved"},"wellbeing_impact":"significant","strengths_discussed":true,"preferences_recorded":true,"aspirations_recorded":true,"person_involved":true}
{"id":"C2","case":"X","type":"letter","date":"2026-01-06","kind":"determination"}
{"id":"C3","case":"X","type":"care_plan","date":"2026-01-20","status":"agreed","person_views_recorded":false,"strengths_used":true,"named_coordinator":"W-17","involvement_wishes_recorded":true,"copy_given":true}
)";

// The plan agreed again on 10 February, with the person's views.
const char* kAgreedAgain = R"({"id":"C4","case":"X","type":"care_plan","date":"2026-02-10","status":"agreed","person_views_recorded":true,"strengths_used":true,"named_coordinator":"W-17","involvement_wishes_recorded":true,"copy_given":true}
)";

}  // namespace

TEST_CASE("a checkpoint is judged once on its day; its alert stays while something is missing", "[workflows][checkpoint]") {
  ScratchFolder scratch;
  Database db(scratch.file("x.db"), Database::Mode::read_write);
  auto program = shipped_rules(kNational, "2026-02-01");
  import_text(db, *program, "x.jsonl", kCase);
  auto first = run_as_of(db, kNational, "2026-02-01");
  CHECK(first.counts.passages_judged == 1);
  CHECK(first.counts.passages_failed == 1);
  CHECK(count(db, "SELECT passed FROM checkpoints WHERE event_id = 'C3'") == 0);
  CHECK(one_text(db, "SELECT missing FROM checkpoints WHERE event_id = 'C3'") ==
        "[\"the person's own views are recorded in the plan\"]");
  CHECK(count(db, "SELECT count(*) FROM alerts WHERE source = 'checkpoint' AND subject = 'C3' AND cleared_on IS NULL") == 1);
  CHECK_THAT(one_text(db, "SELECT message FROM alerts WHERE source = 'checkpoint'"),
             Catch::Contains("Missing: the person's own views are recorded in the plan"));
  // The follow-up task carries the list.
  CHECK_THAT(one_text(db, "SELECT detail FROM tasks WHERE name = 'complete_coproduction_record'"),
             Catch::Contains("Missing at the checkpoint `coproduction` on 2026-01-20"));

  // Nothing new: judged once.
  auto again = run_as_of(db, kNational, "2026-02-02");
  CHECK(again.counts.passages_judged == 0);
  CHECK(count(db, "SELECT count(*) FROM checkpoints") == 1);

  // Agreed again, with the views: the new passage passes, the old alert goes.
  import_text(db, *program, "again.jsonl", kAgreedAgain);
  auto later = run_as_of(db, kNational, "2026-02-15");
  CHECK(later.counts.passages_judged == 1);
  CHECK(later.counts.passages_failed == 0);
  CHECK(count(db, "SELECT passed FROM checkpoints WHERE event_id = 'C4'") == 1);
  CHECK(count(db, "SELECT count(*) FROM alerts WHERE source = 'checkpoint' AND cleared_on IS NULL") == 0);
  // The verdict of 20 January stays recorded.
  CHECK(count(db, "SELECT passed FROM checkpoints WHERE event_id = 'C3'") == 0);
  CHECK(verify_audit(db).intact());
}

TEST_CASE("a task waiting longer than its workflow allows is escalated once, counted in working days", "[workflows][escalation]") {
  ScratchFolder scratch;
  Database db(scratch.file("x.db"), Database::Mode::read_write);
  auto program = shipped_rules(kNational, "2026-12-18");
  // Assessed on Friday 18 December 2026; the written record is due 5 working
  // days later (Christmas and Boxing Day, and the 28th, are bank holidays).
  import_text(db, *program, "x.jsonl",
              R"({"id":"A1","case":"Y","type":"assessment","date":"2026-12-18","kind":"needs","status":"completed","impairment":true,"outcomes":{"nutrition":"needs_assistance","personal_hygiene":"needs_assistance","toilet_needs":"achieved","clothing":"achieved","home_safety":"achieved","habitable_home":"achieved","relationships":"achieved","work_education_volunteering":"achieved","community_facilities":"achieved","caring_for_child":"achieved"},"wellbeing_impact":"significant","strengths_discussed":true,"preferences_recorded":true,"aspirations_recorded":true,"person_involved":true})"
              "\n");
  run_as_of(db, kNational, "2026-12-18");
  CHECK(one_text(db, "SELECT state FROM tasks WHERE name = 'written_determination'") == "open");
  // In `open` since Fri 18 Dec: 5 working days are 21, 22, 23, 24 and 29 December.
  CHECK(run_as_of(db, kNational, "2026-12-29").counts.escalated == 0);
  auto escalated = run_as_of(db, kNational, "2026-12-30");
  CHECK(escalated.counts.escalated == 1);
  CHECK(one_text(db, "SELECT escalated_to FROM tasks WHERE name = 'written_determination'") == "team_manager");
  CHECK(count(db, "SELECT count(*) FROM alerts WHERE name = 'task_escalated' AND recipient = 'team_manager' AND cleared_on IS NULL") == 1);
  CHECK(run_as_of(db, kNational, "2027-01-15").counts.escalated == 0);  // once per entry into the state
  // The letter is sent: the task closes and its workflow alerts are cleared.
  import_text(db, *program, "letter.jsonl", R"({"id":"A2","case":"Y","type":"letter","date":"2027-01-18","kind":"determination"})" "\n");
  run_as_of(db, kNational, "2027-01-18");
  CHECK_FALSE(one_text(db, "SELECT closed_on FROM tasks WHERE name = 'written_determination'").empty());
  CHECK(count(db, "SELECT count(*) FROM alerts WHERE task_id IS NOT NULL AND cleared_on IS NULL") == 0);
  CHECK(verify_audit(db).intact());
}

TEST_CASE("a task stays one copy when what it is about moves, and back to nothing", "[workflows][run]") {
  ScratchFolder scratch;
  Database db(scratch.file("x.db"), Database::Mode::read_write);
  auto program = shipped_rules(kNational, "2026-01-10");
  // The assessment did not discuss the person's strengths: a co-production gap, no plan yet.
  std::string assessment = R"({"id":"S1","case":"Z","type":"assessment","date":"2026-01-05","kind":"needs","status":"completed","impairment":true,"outcomes":{"nutrition":"needs_assistance","personal_hygiene":"needs_assistance","toilet_needs":"achieved","clothing":"achieved","home_safety":"achieved","habitable_home":"achieved","relationships":"achieved","work_education_volunteering":"achieved","community_facilities":"achieved","caring_for_child":"achieved"},"wellbeing_impact":"significant","strengths_discussed":false,"preferences_recorded":true,"aspirations_recorded":true,"person_involved":true})";
  import_text(db, *program, "a.jsonl", assessment + "\n");
  run_as_of(db, kNational, "2026-01-10");
  const char* open_copies = "SELECT count(*) FROM tasks WHERE name = 'complete_coproduction_record' AND closed_on IS NULL";
  CHECK(count(db, open_copies) == 1);
  CHECK(one_text(db, "SELECT subject FROM tasks WHERE name = 'complete_coproduction_record'").empty());
  // A plan is agreed: the task is now about the plan (the first copy is superseded).
  import_text(db, *program, "p.jsonl",
              R"({"id":"S2","case":"Z","type":"care_plan","date":"2026-01-20","status":"agreed","person_views_recorded":true,"strengths_used":true,"named_coordinator":"W-1","involvement_wishes_recorded":true,"copy_given":true})" "\n");
  run_as_of(db, kNational, "2026-01-21");
  CHECK(count(db, open_copies) == 1);
  CHECK(one_text(db, "SELECT subject FROM tasks WHERE name = 'complete_coproduction_record' AND closed_on IS NULL") == "S2");
  CHECK_THAT(one_text(db, "SELECT close_reason FROM tasks WHERE name = 'complete_coproduction_record' AND subject = ''"),
             Catch::Contains("superseded"));
  // The plan ends; the assessment's gap remains: still one copy.
  import_text(db, *program, "e.jsonl", R"({"id":"S3","case":"Z","type":"care_plan","date":"2026-02-01","status":"ended"})" "\n");
  run_as_of(db, kNational, "2026-02-02");
  CHECK(count(db, open_copies) == 1);
  CHECK(verify_audit(db).intact());
}
