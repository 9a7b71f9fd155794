// `carerules explain`: one case's decisions in plain English — the rule, the
// law it cites, the pack, each condition with its value, and the events read.
#include <fmt/format.h>

#include "dsl/diagnostics.hpp"
#include "engine/evaluate.hpp"
#include "engine/explain_text.hpp"
#include "repl/case_loading.hpp"

namespace carerules::cli {

int run_explain(const ExplainRequest& request, const Output& out) {
  int exit_code = 0;
  auto loaded = load_cases(request.rules, request.cases, request.as_of, request.known_at, out, exit_code);
  if (!loaded) return exit_code;
  const Program& program = *loaded->program;
  CaseBase& base = *loaded->cases;
  const CaseEvents* found = nullptr;
  for (const CaseEvents& c : base.cases)
    if (base.strings.text(c.case_id) == request.case_id) found = &c;
  if (!found) {
    fmt::print(stderr, "error: there is no case `{}` in the events given\n", request.case_id);
    return 1;
  }
  int only = -1;
  if (request.decision) {
    only = program.find_decision(*request.decision);
    if (only < 0) {
      std::vector<std::string> names;
      for (const auto& [n, _] : program.decision_by_name) names.push_back(n);
      std::string close = closest_name(*request.decision, names);
      fmt::print(stderr, "error: there is no decision `{}`{}\n", *request.decision,
                 close.empty() ? "" : fmt::format("; did you mean `{}`?", close));
      return 1;
    }
  }
  std::string text;
  try {
    Evaluator evaluator(program, base.strings);
    std::vector<Value> results;
    std::vector<DecisionTrace> traces;
    evaluator.evaluate(*found, loaded->as_of, results, &traces);
    text += fmt::format("Case {}, as of {}\n", request.case_id, format_date_long(loaded->as_of));
    for (const auto& [name, index] : program.decision_by_name) {
      if (only >= 0 && index != only) continue;
      text += "\n" + explain_decision(program, base.strings, evaluator.settings(), index,
                                       traces[static_cast<std::size_t>(index)]);
    }
    if (!request.decision) {
      std::vector<OpenTask> tasks;
      std::vector<RaisedAlert> alerts;
      evaluator.prompts(tasks, alerts);
      text += "\n" + explain_prompts(program, base.strings, tasks, alerts);
    }
  } catch (const EvaluationError& error) {
    fmt::print(stderr, "error: {}\n", error.what());
    return 1;
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

}  // namespace carerules::cli
