// The evaluator's workflow API: the facts about each task (its conditions and
// its workflow's transition conditions, with the task's givens), the passages
// through a checkpoint and their judging, and durations for escalations.
#include <catch2/catch.hpp>

#include "dsl/load_program.hpp"
#include "engine/case_fold.hpp"
#include "engine/evaluate.hpp"
#include "engine/event_reader.hpp"

using namespace carerules;

namespace {

// Beside the national packs, so that the calendar path (relative to the file) is the real one.
const std::string kPath = CARERULES_SOURCE_DIR "/rules/national/unit-test-workflow-facts.care";  // never written

const std::string kRules = R"care(pack t.flow_facts "Workflow facts"
  version 1
  in force from 2015-04-01

calendar england_and_wales "Bank holidays" from "../calendars/england-and-wales.txt"

enum plan_status "Status"
  draft "draft"
  agreed "agreed"
  ended "ended"

enum letter_kind "Kind"
  plan_copy "plan copy"
  other "other"

enum review_status "Review status"
  planned "planned"
  completed "completed"

event care_plan "A plan"
  status: plan_status
  views_recorded: optional yes/no
  coordinator: optional text

event letter "A letter"
  kind: letter_kind

event review "A review"
  status: review_status

setting booking_wait = 10 working days

decision plan_agreed_on "The plan's date"
  cites "x"
  given p = latest care_plan where status is agreed
  value p.date

workflow review_booking "Booking a review"
  states open -> booked -> closed
  from open to booked when booked
  from open to closed when done
  from booked to closed when done
  escalate to team_manager when in open longer than booking_wait
  escalate to team_manager when in booked longer than 3 weeks

when plan_agreed_on is known
open task review_plan "Review the plan"
  given p = latest care_plan where status is agreed
  given booked = any review where status is planned since p
  given done = any review where status is completed since p
  for team reviews
  due plan_agreed_on + 8 weeks
  about p
  done when done
  cites "x"
  using workflow review_booking

when plan_agreed_on is known
open task no_workflow "No workflow"
  for team reviews
  cites "x"

when views_missing raise alert record_incomplete "Incomplete"
  given p = latest care_plan where status is agreed
  given views_missing = p is known and not p.views_recorded
  severity low
  to team
  cites "x"

checkpoint sign_off "On record at sign-off"
  before care_plan becomes agreed
  given copy_sent = any letter where kind is plan_copy since date
  require views_recorded "the person's views"
  require coordinator is known "a named coordinator"
  require copy_sent "a copy of the plan"
  cites "x"
  opens task review_plan
  raises alert record_incomplete
)care";

// Lines of one case, C-1.
const std::string kEvents =
    R"({"id":"e1","case":"C-1","type":"care_plan","date":"2025-03-03","status":"draft"})" "\n"
    R"({"id":"e2","case":"C-1","type":"care_plan","date":"2025-03-10","status":"agreed","views_recorded":true,"coordinator":"W-1"})" "\n"
    R"({"id":"e3","case":"C-1","type":"letter","date":"2025-03-10","kind":"plan_copy"})" "\n"
    R"({"id":"e4","case":"C-1","type":"review","date":"2025-04-01","status":"planned"})" "\n"
    R"({"id":"e5","case":"C-1","type":"care_plan","date":"2025-04-20","status":"agreed","views_recorded":false})" "\n"
    R"({"id":"e6","case":"C-1","type":"review","date":"2025-05-02","status":"planned"})" "\n"
    R"({"id":"e7","case":"C-1","type":"review","date":"2025-05-20","status":"completed"})" "\n"
    R"({"id":"e8","case":"C-1","type":"care_plan","date":"2025-06-01","status":"agreed"})" "\n";

struct Fixture {
  Diagnostics diagnostics;
  std::unique_ptr<Program> program;
  CaseBase base;
  std::unique_ptr<Evaluator> evaluator;
  std::vector<Value> results;

  Fixture() {
    program = load_program_from_texts({{kPath, kRules}}, {}, diagnostics);
    INFO(diagnostics.render(false));
    REQUIRE(program);
    std::vector<EventError> errors;
    REQUIRE(read_events(*program, "case.jsonl", kEvents, base, errors));
    REQUIRE(errors.empty());
    fold_all(base, std::nullopt);
    evaluator = std::make_unique<Evaluator>(*program, base.strings);
  }
  void as_of(const char* date) { evaluator->evaluate(base.cases.at(0), *parse_date(date), results); }
  int task(const std::string& name) const {
    for (std::size_t i = 0; i < program->tasks.size(); ++i)
      if (program->tasks[i].name == name) return static_cast<int>(i);
    FAIL("no task " << name);
    return -1;
  }
  std::string id(const Event* e) const { return std::string(base.strings.text(e->id)); }
};

// yes / no / unknown, for comparisons that read well.
std::string show(const Value& v) {
  if (v.is_unknown()) return "unknown";
  if (v.kind == ValueKind::boolean) return v.b ? "yes" : "no";
  if (v.kind == ValueKind::date) return format_date(v.as_date());
  return "?";
}

std::vector<std::string> shown(const std::vector<Value>& values) {
  std::vector<std::string> out;
  for (const Value& v : values) out.push_back(show(v));
  return out;
}

}  // namespace

TEST_CASE("task facts: transitions read the task's givens as of the date", "[evaluate][workflow]") {
  Fixture f;
  std::vector<TaskFacts> facts;
  const auto review = static_cast<std::size_t>(f.task("review_plan"));

  f.as_of("2025-03-05");  // only a draft: not needed yet, nothing to move
  f.evaluator->task_facts(facts);
  REQUIRE(facts.size() == f.program->tasks.size());
  CHECK(facts[review].task == static_cast<int>(review));
  CHECK(show(facts[review].needed) == "no");
  CHECK_FALSE(facts[review].open);
  CHECK(shown(facts[review].transitions) == std::vector<std::string>{"unknown", "unknown", "unknown"});

  f.as_of("2025-03-20");  // agreed on 10 March, no review booked
  f.evaluator->task_facts(facts);
  CHECK(show(facts[review].needed) == "yes");
  CHECK(show(facts[review].done) == "no");
  CHECK(facts[review].open);
  CHECK(show(facts[review].due) == "2025-05-05");
  REQUIRE(facts[review].about.kind == ValueKind::event);
  CHECK(f.id(facts[review].about.event) == "e2");
  CHECK(shown(facts[review].transitions) == std::vector<std::string>{"no", "no", "no"});

  f.as_of("2025-04-02");  // a review planned since the plan: open -> booked
  f.evaluator->task_facts(facts);
  CHECK(shown(facts[review].transitions) == std::vector<std::string>{"yes", "no", "no"});

  f.as_of("2025-04-25");  // re-agreed on 20 April: the booking was for the old plan
  f.evaluator->task_facts(facts);
  CHECK(f.id(facts[review].about.event) == "e5");
  CHECK(shown(facts[review].transitions) == std::vector<std::string>{"no", "no", "no"});

  f.as_of("2025-05-21");  // booked on 2 May, completed on 20 May: done, and every move applies
  f.evaluator->task_facts(facts);
  CHECK(show(facts[review].done) == "yes");
  CHECK_FALSE(facts[review].open);
  CHECK(shown(facts[review].transitions) == std::vector<std::string>{"yes", "yes", "yes"});

  // A task without a workflow has no transitions; one without `done when` is never done.
  const auto plain = static_cast<std::size_t>(f.task("no_workflow"));
  CHECK(facts[plain].transitions.empty());
  CHECK(facts[plain].done.is_unknown());
  CHECK(facts[plain].open);
}

TEST_CASE("task facts agree with prompts() on which tasks are open", "[evaluate][workflow]") {
  Fixture f;
  std::vector<TaskFacts> facts;
  std::vector<OpenTask> tasks;
  std::vector<RaisedAlert> alerts;
  for (const char* date : {"2025-03-01", "2025-03-10", "2025-04-02", "2025-05-20", "2025-06-02"}) {
    INFO(date);
    f.as_of(date);
    f.evaluator->prompts(tasks, alerts);
    f.evaluator->task_facts(facts);
    std::vector<int> open_by_prompts, open_by_facts;
    for (const OpenTask& t : tasks) open_by_prompts.push_back(t.task);
    for (const TaskFacts& t : facts)
      if (t.open) open_by_facts.push_back(t.task);
    CHECK(open_by_facts == open_by_prompts);
    for (const OpenTask& t : tasks) CHECK(show(facts[static_cast<std::size_t>(t.task)].due) == show(t.due));
  }
}

TEST_CASE("passages: events that reach the checkpoint's value, on or before the date", "[evaluate][workflow]") {
  Fixture f;
  std::vector<const Event*> passages;
  f.as_of("2025-05-01");
  f.evaluator->passages(0, passages);
  REQUIRE(passages.size() == 2);  // the draft is not a passage; the 1 June agreement is later
  CHECK(f.id(passages[0]) == "e2");
  CHECK(f.id(passages[1]) == "e5");
  f.as_of("2025-06-01");
  f.evaluator->passages(0, passages);
  REQUIRE(passages.size() == 3);
  CHECK(f.id(passages[2]) == "e8");
  f.as_of("2025-03-09");
  f.evaluator->passages(0, passages);
  CHECK(passages.empty());
}

TEST_CASE("judging a passage: missing requirements are no or unknown", "[evaluate][workflow]") {
  Fixture f;
  std::vector<const Event*> passages;
  std::vector<Value> requirements;
  f.as_of("2025-06-30");
  f.evaluator->passages(0, passages);
  REQUIRE(passages.size() == 3);

  // Each passage is judged as of its own date, with its own fields in scope.
  f.as_of("2025-03-10");
  f.evaluator->judge_checkpoint(0, passages[0], requirements);
  // Views, a coordinator, and the copy sent the same day: nothing missing.
  CHECK(shown(requirements) == std::vector<std::string>{"yes", "yes", "yes"});

  f.as_of("2025-04-20");
  f.evaluator->judge_checkpoint(0, passages[1], requirements);
  // Views recorded as not; no coordinator; the copy was sent for the earlier plan.
  CHECK(shown(requirements) == std::vector<std::string>{"no", "no", "no"});

  f.as_of("2025-06-01");
  f.evaluator->judge_checkpoint(0, passages[2], requirements);
  // Views not recorded at all: unknown, which counts as missing.
  CHECK(shown(requirements) == std::vector<std::string>{"unknown", "no", "no"});

  // Judging leaves the evaluator as it was: the task facts still read the case.
  std::vector<TaskFacts> facts;
  f.evaluator->task_facts(facts);
  CHECK(f.id(facts[static_cast<std::size_t>(f.task("review_plan"))].about.event) == "e8");
}

TEST_CASE("durations for escalations: literals and settings, on the working-day calendar", "[evaluate][workflow]") {
  Fixture f;
  const WorkflowDef& w = f.program->workflows.at(0);
  REQUIRE(w.escalations.size() == 2);
  Value wait = f.evaluator->duration_of(w.escalations[0].after);  // the setting: 10 working days
  REQUIRE(wait.kind == ValueKind::duration);
  CHECK(wait.small == 10);
  CHECK(wait.working);
  // From Friday 19 December 2025: Christmas, Boxing Day and New Year's Day are skipped.
  CHECK(show(f.evaluator->add_duration_to(*parse_date("2025-12-19"), wait)) == "2026-01-07");
  Value weeks = f.evaluator->duration_of(w.escalations[1].after);  // 3 weeks, calendar days
  CHECK(show(f.evaluator->add_duration_to(*parse_date("2025-12-19"), weeks)) == "2026-01-09");
  CHECK(f.evaluator->add_duration_to(*parse_date("2025-12-19"), Value::unknown()).is_unknown());

  // A council's setting changes the escalation.
  Diagnostics diagnostics;
  auto other = load_program_from_texts({{kPath, kRules + "\nsetting five = 5 working days\n"}}, {}, diagnostics);
  REQUIRE(other);
  CaseBase base;
  Evaluator evaluator(*other, base.strings);
  evaluator.set_setting(other->setting_by_name.at("booking_wait"),
                        other->settings[static_cast<std::size_t>(other->setting_by_name.at("five"))].value);
  Value changed = evaluator.duration_of(other->workflows.at(0).escalations[0].after);
  CHECK(changed.small == 5);
  CHECK(show(evaluator.add_duration_to(*parse_date("2025-12-19"), changed)) == "2025-12-30");
}
