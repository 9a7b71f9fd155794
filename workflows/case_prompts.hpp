// One case's tasks, alerts and checkpoints moved on by a run: the rules'
// view of the case on the run's date (from the Evaluator) against what the
// store holds (docs/design-store-and-workflows.md, section 3).
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "dsl/program.hpp"
#include "engine/evaluate.hpp"
#include "workflows/stored_tasks.hpp"

namespace carerules::workflows {

// What a run did, counted.
struct RunCounts {
  std::size_t opened = 0, moved = 0, closed = 0, due_changed = 0, escalated = 0, overdue = 0;
  std::size_t alerts_raised = 0, alerts_cleared = 0;
  std::size_t passages_judged = 0, passages_failed = 0;
};

// "a, b, c" (or with another separator).
std::string joined(const std::vector<std::string>& items, std::string_view separator);

class CasePrompts {
 public:
  CasePrompts(const Program& program, Evaluator& evaluator, TaskRecords& records, std::int64_t run_id, Date as_of);

  // Call right after evaluator.evaluate(c, as_of, ...). `open` and `raised`
  // are the case's stored open tasks and raised alerts; `judged` every judged
  // checkpoint passage. Leaves the evaluator at another date when it judges
  // a new checkpoint passage.
  void update(const CaseEvents& c, const std::string& case_id, std::vector<StoredTask> open,
              std::vector<StoredAlert> raised, const std::set<std::tuple<std::string, std::string, std::string>>& judged);

  const RunCounts& counts() const { return counts_; }

 private:
  const WorkflowDef& workflow_of(const TaskDef& task) const;
  void move_task(const TaskDef& def, const TaskFacts& facts, StoredTask& task);
  void apply(const TaskDef& def, StoredTask& task, const std::vector<TaskChange>& changes);
  void close_task(StoredTask& task, const std::string& reason);
  void raise_rule_alerts();
  void raise_alert(const NewAlert& alert);
  void clear_alert(StoredAlert& alert);
  // The workflow's alerts about a task (those called `name`, or all).
  void clear_task_alerts(std::int64_t task_id, std::string_view name);
  void judge_checkpoints(const CaseEvents& c,
                         const std::set<std::tuple<std::string, std::string, std::string>>& judged);
  std::string recipient(const std::string& role, const StoredTask& task) const;
  std::string text(const Value& v, const Type& type) const;
  std::string duration_words(const WorkflowEscalation& e) const;
  StoredTask* find_open(const std::string& name);

  const Program& program_;
  Evaluator& evaluator_;
  TaskRecords& records_;
  std::int64_t run_id_;
  Date as_of_;
  RunCounts counts_;
  // The case being updated.
  std::string case_id_;
  std::vector<StoredTask> open_;
  std::vector<StoredAlert> raised_;
  std::vector<TaskFacts> facts_;
  std::vector<OpenTask> prompt_tasks_;
  std::vector<RaisedAlert> prompt_alerts_;
};

}  // namespace carerules::workflows
