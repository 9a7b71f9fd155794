// The national workflows and the co-production checkpoint, on the example
// caseloads: every task uses a workflow; a workflow never closes a task that
// the task's own rules would open again at once; and the checkpoint finds
// exactly the plan and assessment gaps that coproduction_gaps finds on the
// day a plan is agreed.
#include <catch2/catch.hpp>
#include <algorithm>
#include <map>
#include <set>

#include "dsl/load_program.hpp"
#include "engine/case_fold.hpp"
#include "engine/evaluate.hpp"
#include "engine/event_reader.hpp"
#include "engine/read_file.hpp"

using namespace carerules;

namespace {

struct Loaded {
  std::unique_ptr<Program> program;
  CaseBase base;
};

std::unique_ptr<Loaded> load_national(const std::vector<std::string>& case_files) {
  auto out = std::make_unique<Loaded>();
  Diagnostics diagnostics;
  out->program = load_program({CARERULES_SOURCE_DIR "/rules/national"}, {}, diagnostics);
  INFO(diagnostics.render(false));
  REQUIRE(out->program);
  for (const std::string& file : case_files) {
    auto text = read_whole_file(CARERULES_SOURCE_DIR "/" + file);
    REQUIRE(text);
    std::vector<EventError> errors;
    REQUIRE(read_events(*out->program, file, *text, out->base, errors));
  }
  fold_all(out->base, std::nullopt);
  return out;
}

const std::vector<std::string> kCaseFiles{
    "examples/cases.jsonl",           "examples/anytown/cases.jsonl",   "examples/worked-cases/V01.jsonl",
    "examples/worked-cases/V03.jsonl", "examples/worked-cases/V07.jsonl", "examples/worked-cases/V11.jsonl",
    "examples/worked-cases/V16.jsonl", "examples/worked-cases/V24.jsonl"};

bool yes(const Value& v) { return v.kind == ValueKind::boolean && v.b; }

int checkpoint_index(const Program& p, const std::string& name) {
  for (std::size_t i = 0; i < p.checkpoints.size(); ++i)
    if (p.checkpoints[i].name == name) return static_cast<int>(i);
  FAIL("no checkpoint " << name);
  return -1;
}

}  // namespace

TEST_CASE("national: every task runs a workflow of care_act.workflows", "[rules][workflow]") {
  auto loaded = load_national({});
  const Program& p = *loaded->program;
  REQUIRE(p.tasks.size() == 9);
  for (const TaskDef& t : p.tasks) {
    INFO(t.name);
    REQUIRE(t.workflow_index >= 0);
    const WorkflowDef& w = p.workflows[static_cast<std::size_t>(t.workflow_index)];
    CHECK(p.packs[static_cast<std::size_t>(w.pack)].name == "care_act.workflows");
    CHECK(t.transition_conditions.size() == w.transitions.size());
    CHECK_FALSE(w.escalations.empty());
  }
}

TEST_CASE("national: a workflow closes a task only when its own rules would not open it again", "[rules][workflow]") {
  auto loaded = load_national(kCaseFiles);
  const Program& p = *loaded->program;
  Evaluator evaluator(p, loaded->base.strings);
  std::vector<Value> results;
  std::vector<TaskFacts> facts;
  std::map<std::string, int> closings;  // by task: how often a move into the last state applied
  for (const char* date : {"2015-06-01", "2024-03-01", "2025-01-15", "2025-03-10", "2025-06-30", "2025-11-24",
                           "2026-04-23", "2026-11-24"}) {
    for (const CaseEvents& c : loaded->base.cases) {
      evaluator.evaluate(c, *parse_date(date), results);
      evaluator.task_facts(facts);
      for (const TaskFacts& f : facts) {
        const TaskDef& t = p.tasks[static_cast<std::size_t>(f.task)];
        const WorkflowDef& w = p.workflows[static_cast<std::size_t>(t.workflow_index)];
        const int last = static_cast<int>(w.states.size()) - 1;
        for (std::size_t i = 0; i < w.transitions.size(); ++i) {
          if (w.transitions[i].to != last || !yes(f.transitions[i])) continue;
          INFO(t.name << " for case " << loaded->base.strings.text(c.case_id) << " as of " << date);
          CHECK_FALSE(f.open);
          ++closings[t.name];
        }
      }
    }
  }
  // The property is not vacuous: on these caseloads, tasks of every area are closed by their workflows.
  for (const char* task : {"written_determination", "arrange_advocate", "light_touch_review", "annual_review",
                           "complete_coproduction_record"}) {
    INFO(task);
    CHECK(closings[task] > 0);
  }
}

TEST_CASE("national: the co-production checkpoint finds what coproduction_gaps finds on the day", "[rules][workflow]") {
  auto loaded = load_national(kCaseFiles);
  const Program& p = *loaded->program;
  const int checkpoint = checkpoint_index(p, "coproduction");
  const CheckpointDef& def = p.checkpoints[static_cast<std::size_t>(checkpoint)];
  REQUIRE(def.requirements.size() == 13);
  CHECK(p.tasks[static_cast<std::size_t>(def.task)].name == "complete_coproduction_record");
  CHECK(p.alerts[static_cast<std::size_t>(def.alert)].name == "coproduction_incomplete");
  // The gap each requirement stands for, in the checkpoint's order.
  const std::vector<std::string> gap_of{"views_not_recorded",
                                        "strengths_not_used",
                                        "no_named_coordinator",
                                        "involvement_wishes_not_recorded",
                                        "carer_not_involved",
                                        "plan_copy_not_given",
                                        "budget_options_not_explained",
                                        "budget_preference_not_recorded",
                                        "budget_not_as_preferred",
                                        "strengths_not_discussed",
                                        "preferences_not_recorded",
                                        "aspirations_not_recorded",
                                        "person_not_involved"};
  const EnumDef& gaps = p.enums[static_cast<std::size_t>(p.enum_by_name.at("coproduction_gap"))];
  const int gaps_decision = p.find_decision("coproduction_gaps");
  const int agreed_on = p.find_decision("plan_agreed_on");
  Evaluator evaluator(p, loaded->base.strings);
  std::vector<Value> results, requirements;
  std::vector<const Event*> passages;
  std::size_t judged = 0, with_missing = 0;
  std::set<std::string> missing_seen;
  for (const CaseEvents& c : loaded->base.cases) {
    evaluator.evaluate(c, *parse_date("2030-12-31"), results);
    evaluator.passages(checkpoint, passages);
    for (const Event* passage : std::vector<const Event*>(passages)) {
      evaluator.evaluate(c, passage->date, results);
      evaluator.judge_checkpoint(checkpoint, passage, requirements);
      REQUIRE(requirements.size() == gap_of.size());
      // Compare only where the decision reads this very plan, and can tell.
      const Value& gap_set = results[static_cast<std::size_t>(gaps_decision)];
      const Value& agreed = results[static_cast<std::size_t>(agreed_on)];
      if (gap_set.kind != ValueKind::enum_set || agreed.kind != ValueKind::date || agreed.small != passage->date.days) continue;
      evaluator.passages(checkpoint, passages);
      if (passages.back() != passage) continue;  // another plan agreed later the same day
      INFO("case " << loaded->base.strings.text(c.case_id) << ", plan agreed on " << format_date(passage->date));
      bool any_missing = false;
      for (std::size_t r = 0; r < gap_of.size(); ++r) {
        auto it = std::find(gaps.values.begin(), gaps.values.end(), gap_of[r]);
        REQUIRE(it != gaps.values.end());
        bool gap = (gap_set.mask >> (it - gaps.values.begin())) & 1u;
        INFO(def.requirements[r].label);
        CHECK(!yes(requirements[r]) == gap);
        if (!yes(requirements[r])) {
          any_missing = true;
          missing_seen.insert(gap_of[r]);
        }
      }
      ++judged;
      with_missing += any_missing;
    }
  }
  // Not vacuous: many plans judged, some with gaps, of several kinds.
  CHECK(judged >= 20);
  CHECK(with_missing >= 5);
  CHECK(missing_seen.size() >= 4);
}

TEST_CASE("national: Margaret's plan is agreed before the copy is sent", "[rules][workflow]") {
  auto loaded = load_national({"examples/worked-cases/V01.jsonl"});
  const Program& p = *loaded->program;
  const int checkpoint = checkpoint_index(p, "coproduction");
  Evaluator evaluator(p, loaded->base.strings);
  std::vector<Value> results, requirements;
  std::vector<const Event*> passages;
  const CaseEvents& c = loaded->base.cases.at(0);
  evaluator.evaluate(c, *parse_date("2025-05-01"), results);
  evaluator.passages(checkpoint, passages);
  REQUIRE(passages.size() == 1);
  evaluator.evaluate(c, passages[0]->date, results);
  evaluator.judge_checkpoint(checkpoint, passages[0], requirements);
  std::vector<std::string> missing;
  for (std::size_t r = 0; r < requirements.size(); ++r)
    if (!yes(requirements[r])) missing.push_back(p.checkpoints[static_cast<std::size_t>(checkpoint)].requirements[r].label);
  CHECK(missing == std::vector<std::string>{"the person has been given a copy of the plan"});
}
