#include "repl/auditor/scratch_cases.hpp"

#include <fmt/format.h>

#include "engine/case_fold.hpp"
#include "engine/event_reader.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/run_json.hpp"

namespace carerules::auditor {

ScratchCases::ScratchCases(Database& db, const RunRow& run, const Program& program,
                           const std::optional<std::string>& case_id, const std::vector<std::string>& extra_lines,
                           std::optional<Timestamp> known_at)
    : program_(program), base_(std::make_unique<CaseBase>()) {
  std::vector<EventError> errors;
  if (!case_id) {
    std::vector<std::string> problems = load_events(db, program, *base_, run.last_event_seq);
    if (!problems.empty()) throw CommandError(problems.front());
  } else {
    Statement s(db, "SELECT event_id, line FROM events WHERE case_id = ?1 AND seq <= ?2 ORDER BY seq");
    s.bind(1, *case_id).bind(2, run.last_event_seq);
    std::string text;
    std::vector<std::string> ids;
    while (s.step()) {
      ids.emplace_back(s.text(0));
      text.append(s.text(1));
      text.push_back('\n');
    }
    if (!read_events(program, "stored events", text, *base_, errors)) {
      const EventError& e = errors.front();
      const std::string id = e.line >= 1 && e.line <= ids.size() ? ids[e.line - 1] : std::string("?");
      throw CommandError(
          fmt::format("the stored event `{}` does not fit the event types of these rules: {}", id, e.message));
    }
  }
  if (!extra_lines.empty()) {
    std::string text;
    for (const std::string& line : extra_lines) text += line + "\n";
    if (!read_events(program, "what if", text, *base_, errors))
      throw CommandError(fmt::format("the change does not fit the event: {}", errors.front().message));
  }
  fold_all(*base_, known_at);
  evaluator_ = std::make_unique<Evaluator>(program_, base_->strings);
}

const CaseEvents* ScratchCases::find(std::string_view case_id) const { return base_->find_case(case_id); }

CaseEvaluation ScratchCases::evaluate(const CaseEvents& c, Date as_of, std::vector<OpenTask>* tasks,
                                      std::vector<RaisedAlert>* alerts) {
  CaseEvaluation out;
  evaluator_->evaluate(c, as_of, out.results, &out.traces);
  out.record = record_case(program_, base_->strings, out.results, out.traces);
  if (tasks && alerts) evaluator_->prompts(*tasks, *alerts);
  return out;
}

}  // namespace carerules::auditor
