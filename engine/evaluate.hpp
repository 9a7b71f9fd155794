// Deterministic evaluation of a checked Program over one case's folded
// history, as of a date. Pure: no clock, no hash-map order, no I/O.
#pragma once
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

#include "dsl/program.hpp"
#include "engine/case_base.hpp"

namespace carerules {

// An evaluation that cannot go on honestly (e.g. a working-day count past the
// end of the bank-holiday calendar). Never a silent guess.
struct EvaluationError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ConditionTrace {
  const Expr* condition = nullptr;
  Value value;
};

struct CaseTried {
  int index = -1;  // into DecisionDef::cases
  std::vector<ConditionTrace> conditions;
};

struct DecisionTrace {
  Value value;
  int applied = -1;  // the case that gave the value; -1 when an unknown condition made it unknown
  std::vector<CaseTried> tried;
  std::vector<Value> givens;
  std::vector<const Event*> events_read;
  std::string explanation;
};

struct OpenTask {
  int task = -1;  // into Program::tasks
  Value due;      // a date, or unknown
  Value about;    // the event it is about, or unknown
};

struct RaisedAlert {
  int alert = -1;  // into Program::alerts
  std::string message;
};

// What the rules say about one task for the case last evaluated, as of the
// same date: what the workflow runtime needs to open, move and close it.
struct TaskFacts {
  int task = -1;       // into Program::tasks
  Value needed, done;  // its `when` and `done when` conditions (done: unknown without a `done when`)
  bool open = false;   // needed is yes and done is not yes: open as prompts() says
  Value due, about;    // its due date and the event it is about, or unknown
  std::vector<Value> transitions;  // each transition condition of its workflow, in the workflow's order
};

class Evaluator {
 public:
  Evaluator(const Program& program, StringPool& strings);

  // Override a setting's value (tests, local what-ifs). Call before evaluating.
  void set_setting(int setting, const Expr& value);

  // Evaluates every decision for the case as of `as_of`; results by decision index.
  // With `trace`, also fills one DecisionTrace per decision.
  void evaluate(const CaseEvents& c, Date as_of, std::vector<Value>& results, std::vector<DecisionTrace>* trace = nullptr);

  // The tasks open and alerts raised for the case last evaluated, as of the
  // same date; in Program order (by name).
  void prompts(std::vector<OpenTask>& tasks, std::vector<RaisedAlert>& alerts);

  // Workflows and checkpoints (evaluate_workflow.cpp): for the workflow
  // runtime, which keeps the state that a stateless evaluation does not.

  // Every task, in Program order, for the case last evaluated, as of the same
  // date: its conditions whether or not it is open.
  void task_facts(std::vector<TaskFacts>& out);
  // The passages through a checkpoint: the events of its type whose field has
  // its value, dated on or before the date last evaluated, in history order.
  void passages(int checkpoint, std::vector<const Event*>& out);
  // Each requirement's value for one passage (in the checkpoint's order): yes,
  // or missing (no or unknown). Call after evaluate(case, passage->date, ...);
  // the passage is in scope as in a `where`, after it the checkpoint's givens.
  void judge_checkpoint(int checkpoint, const Event* passage, std::vector<Value>& requirements);
  // `d` plus a duration (working days on the program's calendar); unknown if
  // the duration is unknown.
  Value add_duration_to(Date d, const Value& duration);
  // A duration that does not depend on a case: a literal or a setting (as the
  // checker requires of an escalation's time). Unknown for anything else.
  Value duration_of(const Expr& e);

  const std::vector<Value>& settings() const { return settings_; }
  const Program& program() const { return program_; }
  const StringPool& strings() const { return strings_; }

 private:
  Value eval(const Expr& e);
  Value eval_query(const Expr& e);
  Value eval_query_uncached(const Expr& e);
  struct Bounds {
    Date from, to;
    const Event* lower = nullptr;  // events after (or, inclusive, from) this one in the history's order
    bool lower_inclusive = false;
    const Event* upper = nullptr;
    bool upper_inclusive = false;
  };
  bool window_bounds(const Query& q, Bounds& bounds, bool& unknown);
  Value add_duration(Date d, const Value& duration, bool subtract);
  bool equal(const Value& a, const Value& b) const;
  int compare(const Value& a, const Value& b) const;
  void evaluate_decision(int index, std::vector<Value>& results, DecisionTrace* trace);

  const Program& program_;
  StringPool& strings_;
  std::vector<Value> constants_;
  std::vector<Value> settings_;
  const WorkingCalendar* calendar_ = nullptr;
  // per case
  const std::vector<const Event*>* history_ = nullptr;
  std::size_t visible_ = 0;  // events [0, visible_) are dated on or before as_of
  Date as_of_;
  const std::vector<Value>* results_ = nullptr;
  std::vector<Value> locals_;
  std::vector<const Event*> scope_;
  std::vector<const Event*>* events_read_ = nullptr;
  std::deque<std::vector<const Event*>> event_lists_;
  std::deque<std::vector<std::uint32_t>> text_sets_;
  std::size_t event_lists_used_ = 0, text_sets_used_ = 0;
  // Shared `latest`/`first` results of this case (Program::query_slots), valid when stamped with stamp_.
  std::vector<Value> query_cache_;
  std::vector<std::uint32_t> query_stamp_;
  std::uint32_t stamp_ = 0;
};

}  // namespace carerules
