#include "workflows/run_rules.hpp"

#include <fmt/format.h>

#include "engine/case_fold.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/run_json.hpp"
#include "engine/store/runs.hpp"

namespace carerules::workflows {

RunSummary run_rules(Database& db, const Program& program, const RunOptions& options) {
  Transaction transaction(db);
  if (auto latest = latest_run_id(db)) {
    auto run = read_run(db, *latest);
    auto last_date = run ? parse_date(run->as_of) : std::nullopt;
    if (last_date && options.as_of < *last_date)
      throw RunRefused(fmt::format(
          "the latest run (run {}) was as of {}; a run as of {} would move tasks back in time. Run as of {} or later, "
          "or look at an earlier date in the auditors' REPL (`as of DATE`)",
          *latest, run->as_of, format_date(options.as_of), run->as_of));
  }
  CaseBase base;
  const std::int64_t last_seq = last_event_seq(db);
  std::vector<std::string> problems = load_events(db, program, base, last_seq);
  if (!problems.empty()) {
    std::string message = "stored events do not fit these rules (their schema has changed since the events were imported):";
    for (const std::string& p : problems) message += "\n  " + p;
    throw RunRefused(message);
  }
  fold_all(base, std::nullopt);

  AuditLog log(db);
  Evaluator evaluator(program, base.strings);
  RunHeader header;
  header.as_of = options.as_of;
  header.rules = options.rules;
  header.settings = settings_json(evaluator);
  header.last_event_seq = last_seq;
  header.started_at = options.now;
  RunRecorder recorder(log, header, program);
  TaskRecords records(db, log);
  auto open = records.open_tasks();
  auto raised = records.raised_alerts();
  const auto judged = records.judged_passages();
  CasePrompts prompts(program, evaluator, records, recorder.id(), options.as_of);

  std::vector<Value> results;
  std::vector<DecisionTrace> traces;
  const std::size_t total = base.cases.size();
  for (std::size_t i = 0; i < total; ++i) {
    const CaseEvents& c = base.cases[i];
    const std::string case_id(base.strings.text(c.case_id));
    try {
      evaluator.evaluate(c, options.as_of, results, &traces);
      CaseRecord record = record_case(program, base.strings, results, traces);
      recorder.add_case(case_id, record.decisions, record.traces);
      auto tasks = open.find(case_id);
      auto alerts = raised.find(case_id);
      prompts.update(c, case_id, tasks == open.end() ? std::vector<StoredTask>{} : std::move(tasks->second),
                     alerts == raised.end() ? std::vector<StoredAlert>{} : std::move(alerts->second), judged);
      if (tasks != open.end()) open.erase(tasks);
      if (alerts != raised.end()) raised.erase(alerts);
    } catch (const EvaluationError& error) {
      throw EvaluationError(fmt::format("case {}: {}", case_id, error.what()));
    }
    if (options.progress && (i % 1024 == 0 || i + 1 == total)) options.progress(i + 1, total);
  }
  // Open tasks of cases with no events left to read cannot happen (events are
  // never deleted); any left here belong to no case the run saw.
  recorder.finish();
  transaction.commit();
  RunSummary summary;
  summary.run_id = recorder.id();
  summary.cases = total;
  summary.events = base.event_count();
  summary.counts = prompts.counts();
  return summary;
}

}  // namespace carerules::workflows
