// The Anytown pack changes exactly what it claims to change: on the Anytown
// caseload, evaluated as of a date when its 2026 version is in force, the only
// decisions that differ from the national baseline are the review clock and
// what follows from it; the only tasks and alerts that differ are the review
// reminders (the six-week reminder setting governs both the annual review and
// the direct-payments review) and the overdue-review alert. And it does change them for some people (a test that could fail).
#include <catch2/catch.hpp>
#include <set>

#include "dsl/load_program.hpp"
#include "engine/case_fold.hpp"
#include "engine/evaluate.hpp"
#include "engine/event_reader.hpp"
#include "engine/read_file.hpp"

using namespace carerules;

namespace {

struct Outcome {
  std::map<std::string, std::string> decisions;  // name -> value as JSON-ish text
  std::set<std::string> tasks, alerts;           // "name due" / "name"
};

std::vector<Outcome> decide(const std::string& rules, Date as_of) {
  Diagnostics diagnostics;
  LoadOptions options;
  options.as_of = as_of;
  auto program = load_program({CARERULES_SOURCE_DIR "/" + rules}, options, diagnostics);
  INFO(diagnostics.render(false));
  REQUIRE(program);
  auto text = read_whole_file(CARERULES_SOURCE_DIR "/examples/anytown/cases.jsonl");
  REQUIRE(text);
  CaseBase base;
  std::vector<EventError> errors;
  REQUIRE(read_events(*program, "cases.jsonl", *text, base, errors));
  fold_all(base, std::nullopt);
  Evaluator evaluator(*program, base.strings);
  std::vector<Outcome> out;
  std::vector<Value> results;
  std::vector<OpenTask> tasks;
  std::vector<RaisedAlert> alerts;
  for (const CaseEvents& c : base.cases) {
    evaluator.evaluate(c, as_of, results);
    evaluator.prompts(tasks, alerts);
    Outcome o;
    for (std::size_t d = 0; d < program->decisions.size(); ++d) {
      const Value& v = results[d];
      o.decisions[program->decisions[d].name] =
          v.is_unknown() ? "null" : std::to_string(static_cast<int>(v.kind)) + ":" + std::to_string(v.small) + ":" +
                                        std::to_string(v.b) + ":" + std::to_string(v.number);
    }
    for (const OpenTask& t : tasks)
      o.tasks.insert(program->tasks[static_cast<std::size_t>(t.task)].name + " " + std::to_string(t.due.small));
    for (const RaisedAlert& a : alerts) o.alerts.insert(program->alerts[static_cast<std::size_t>(a.alert)].name);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

TEST_CASE("Anytown's pack changes the review clock and the review reminders, and nothing else", "[rules][local]") {
  Date as_of = *parse_date("2026-11-24");
  auto national = decide("rules/national", as_of);
  auto anytown = decide("rules/local/anytown", as_of);
  REQUIRE(national.size() == anytown.size());
  const std::set<std::string> may_change{"next_review_due", "review_overdue"};
  std::size_t changed_cases = 0;
  for (std::size_t i = 0; i < national.size(); ++i) {
    bool changed = false;
    for (const auto& [name, value] : national[i].decisions) {
      REQUIRE(anytown[i].decisions.count(name));
      if (anytown[i].decisions.at(name) != value) {
        INFO("case " << i << " decision " << name);
        CHECK(may_change.count(name) == 1);
        changed = true;
      }
    }
    std::set<std::string> task_difference;
    for (const auto& t : national[i].tasks)
      if (!anytown[i].tasks.count(t)) task_difference.insert(t.substr(0, t.find(' ')));
    for (const auto& t : anytown[i].tasks)
      if (!national[i].tasks.count(t)) task_difference.insert(t.substr(0, t.find(' ')));
    for (const auto& name : task_difference) {
      INFO("case " << i << " task " << name);
      CHECK((name == "annual_review" || name == "direct_payment_review"));
      changed = true;
    }
    for (const auto& a : national[i].alerts)
      if (!anytown[i].alerts.count(a)) CHECK(a == "review_overdue");
    for (const auto& a : anytown[i].alerts)
      if (!national[i].alerts.count(a)) CHECK(a == "review_overdue");
    changed_cases += changed;
  }
  CHECK(changed_cases > 0);
}

TEST_CASE("Before its 2026 version, Anytown decides exactly as the national baseline", "[rules][local]") {
  Date as_of = *parse_date("2026-03-31");
  auto national = decide("rules/national", as_of);
  auto anytown = decide("rules/local/anytown", as_of);
  REQUIRE(national.size() == anytown.size());
  for (std::size_t i = 0; i < national.size(); ++i) {
    CHECK(national[i].decisions == anytown[i].decisions);
    CHECK(national[i].tasks == anytown[i].tasks);
    CHECK(national[i].alerts == anytown[i].alerts);
  }
}
