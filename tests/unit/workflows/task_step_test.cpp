#include <catch2/catch.hpp>

#include "workflows/task_step.hpp"

using namespace carerules;
using namespace carerules::workflows;

namespace {

Date day(const char* text) { return *parse_date(text); }

// open -> referred -> allocated, as the national advocacy referral.
WorkflowDef referral() {
  WorkflowDef w;
  w.name = "advocacy_referral";
  w.states = {"open", "referred", "allocated"};
  w.transitions.push_back({0, 1, {}});  // open -> referred
  w.transitions.push_back({0, 2, {}});  // open -> allocated
  w.transitions.push_back({1, 2, {}});  // referred -> allocated
  WorkflowEscalation in_open;
  in_open.state = 0;
  in_open.role = "team_manager";
  w.escalations.push_back(in_open);
  WorkflowEscalation in_referred;
  in_referred.state = 1;
  in_referred.role = "team_manager";
  w.escalations.push_back(in_referred);
  w.due_alerts = {"practitioner"};
  return w;
}

TaskView view(Tri needed, Tri done, std::vector<Tri> transitions, std::optional<Date> due = std::nullopt) {
  TaskView v;
  v.needed = needed;
  v.done = done;
  v.open = needed == Tri::yes && done != Tri::yes;
  v.due = due;
  v.transitions = std::move(transitions);
  return v;
}

InstanceState opened(const char* since, std::optional<Date> due = std::nullopt) {
  InstanceState s;
  s.state = "open";
  s.state_since = day(since);
  s.due = due;
  return s;
}

}  // namespace

TEST_CASE("a referral moves the task to referred, where it stays while the rule calls it done", "[workflows]") {
  const WorkflowDef w = referral();
  InstanceState s = opened("2026-03-02", day("2026-03-09"));
  auto changes = advance(w, view(Tri::yes, Tri::yes, {Tri::yes, Tri::no, Tri::no}), day("2026-03-05"), s);
  REQUIRE(changes.size() == 2);  // moved, and its due date (to refer by) is met
  CHECK(changes[0].kind == TaskChange::Kind::moved);
  CHECK(changes[1].kind == TaskChange::Kind::due_changed);
  CHECK(changes[0].to_state == "referred");
  CHECK(s.state == "referred");
  CHECK(s.state_since == day("2026-03-05"));
  CHECK_FALSE(s.closed);
  // The next run, with nothing new: nothing changes.
  InstanceState again = s;
  CHECK(advance(w, view(Tri::yes, Tri::yes, {Tri::yes, Tri::no, Tri::no}), day("2026-03-06"), again).empty());
  CHECK(again.state == "referred");
  CHECK(again.state_since == day("2026-03-05"));
}

TEST_CASE("a referral and an allocation in one run close the task in the last state", "[workflows]") {
  const WorkflowDef w = referral();
  InstanceState s = opened("2026-03-02");
  // open -> allocated comes before referred -> allocated only when declared first: here
  // open -> referred is first, then referred -> allocated.
  auto changes = advance(w, view(Tri::yes, Tri::yes, {Tri::yes, Tri::yes, Tri::yes}), day("2026-03-05"), s);
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].to_state == "referred");
  CHECK(changes[1].to_state == "allocated");
  CHECK(changes[2].kind == TaskChange::Kind::closed);
  CHECK(changes[2].reason == "moved to allocated");
  CHECK(s.closed);
}

TEST_CASE("done in the first state closes the task in the last state", "[workflows]") {
  const WorkflowDef& w = default_workflow();
  InstanceState s = opened("2026-03-02");
  auto changes = advance(w, view(Tri::yes, Tri::yes, {}), day("2026-03-05"), s);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].reason == "done");
  CHECK(changes[0].to_state == "done");
  CHECK(s.state == "done");
  CHECK(s.closed);
}

TEST_CASE("a task closes when its rule no longer holds, never on an unknown", "[workflows]") {
  const WorkflowDef w = referral();
  InstanceState unknown = opened("2026-03-02");
  CHECK(advance(w, view(Tri::unknown, Tri::unknown, {Tri::unknown, Tri::unknown, Tri::unknown}), day("2026-03-05"), unknown).empty());
  CHECK_FALSE(unknown.closed);
  InstanceState lapsed = unknown;
  lapsed.state = "referred";
  auto changes = advance(w, view(Tri::no, Tri::unknown, {Tri::no, Tri::no, Tri::no}), day("2026-03-05"), lapsed);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].reason == "no longer needed");
  CHECK(changes[0].to_state == "referred");  // it stays where it was
  CHECK(lapsed.closed);
}

TEST_CASE("the due date follows the rule's and is alerted once per due date, after it passes", "[workflows]") {
  const WorkflowDef w = referral();
  InstanceState s = opened("2026-03-02", day("2026-03-09"));
  const TaskView open = view(Tri::yes, Tri::no, {Tri::no, Tri::no, Tri::no}, day("2026-03-09"));
  CHECK(advance(w, open, day("2026-03-09"), s).empty());
  CHECK(check_timers(w, open, {std::nullopt, std::nullopt}, day("2026-03-09"), s).empty());  // due today: not yet
  auto overdue = check_timers(w, open, {std::nullopt, std::nullopt}, day("2026-03-10"), s);
  REQUIRE(overdue.size() == 1);
  CHECK(overdue[0].kind == TaskChange::Kind::overdue);
  CHECK(check_timers(w, open, {std::nullopt, std::nullopt}, day("2026-03-11"), s).empty());
  // Rescheduled: a new due date, alerted again once it passes.
  const TaskView moved = view(Tri::yes, Tri::no, {Tri::no, Tri::no, Tri::no}, day("2026-03-20"));
  auto due = advance(w, moved, day("2026-03-12"), s);
  REQUIRE(due.size() == 1);
  CHECK(due[0].kind == TaskChange::Kind::due_changed);
  CHECK(due[0].old_due == day("2026-03-09"));
  CHECK(s.due == day("2026-03-20"));
  CHECK(check_timers(w, moved, {std::nullopt, std::nullopt}, day("2026-03-20"), s).empty());
  CHECK(check_timers(w, moved, {std::nullopt, std::nullopt}, day("2026-03-21"), s).size() == 1);
}

TEST_CASE("an escalation fires once per entry into its state, after its deadline", "[workflows]") {
  const WorkflowDef w = referral();
  InstanceState s = opened("2026-03-02");
  const TaskView open = view(Tri::yes, Tri::no, {Tri::no, Tri::no, Tri::no});
  const std::vector<std::optional<Date>> deadlines{day("2026-03-09"), day("2026-03-16")};
  CHECK(check_timers(w, open, deadlines, day("2026-03-09"), s).empty());
  auto fired = check_timers(w, open, deadlines, day("2026-03-10"), s);
  REQUIRE(fired.size() == 1);
  CHECK(fired[0].escalation == 0);
  CHECK(check_timers(w, open, deadlines, day("2026-03-30"), s).empty());
  // Into referred: the escalation of that state is its own.
  const TaskView referred = view(Tri::yes, Tri::yes, {Tri::yes, Tri::no, Tri::no});
  advance(w, referred, day("2026-03-31"), s);
  CHECK(s.state == "referred");
  CHECK(s.escalated_mask == 0);
  auto later = check_timers(w, referred, {std::nullopt, day("2026-04-14")}, day("2026-04-15"), s);
  REQUIRE(later.size() == 1);
  CHECK(later[0].escalation == 1);
}

TEST_CASE("once its rule calls it done, a task in a later state has no due-date alert", "[workflows]") {
  const WorkflowDef w = referral();
  InstanceState s = opened("2026-03-02", day("2026-03-09"));
  s.state = "referred";
  const TaskView done = view(Tri::yes, Tri::yes, {Tri::yes, Tri::no, Tri::no}, day("2026-03-09"));
  CHECK(check_timers(w, done, {std::nullopt, std::nullopt}, day("2026-03-20"), s).empty());
}

TEST_CASE("a task done by its rule goes on in a later state without a due date", "[workflows]") {
  const WorkflowDef w = referral();
  InstanceState s = opened("2026-03-02", day("2026-03-09"));
  auto changes = advance(w, view(Tri::yes, Tri::yes, {Tri::yes, Tri::no, Tri::no}, day("2026-03-09")), day("2026-03-05"), s);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].to_state == "referred");
  CHECK(changes[1].kind == TaskChange::Kind::due_changed);
  CHECK_FALSE(changes[1].new_due);
  CHECK_FALSE(s.due);
}

TEST_CASE("a task closed on reaching its last state names the transition that took it there", "[workflows]") {
  const WorkflowDef w = referral();
  InstanceState s = opened("2026-03-02");
  auto changes = advance(w, view(Tri::yes, Tri::yes, {Tri::no, Tri::yes, Tri::no}), day("2026-03-05"), s);
  REQUIRE(changes.size() == 2);
  CHECK(changes[1].kind == TaskChange::Kind::closed);
  CHECK(changes[1].transition == 1);
}
