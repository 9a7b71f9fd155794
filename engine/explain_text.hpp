// A decision's trace in plain English: the rule, the law it cites, its pack
// (version and hash), why, what each `given` found, each condition with its
// value, the events read and the settings used. What `carerules explain`
// prints and what the auditors' `why` shows, from the same code.
#pragma once
#include <string>
#include <vector>

#include "dsl/program.hpp"
#include "engine/evaluate.hpp"

namespace carerules {

// "assessment of 2026-03-05 (event AT-0240-e5)".
std::string describe_event(const Program& program, const StringPool& strings, const Event* event);

// The block for one decision, from "NAME: VALUE" to "Settings used:", each
// line ending in a newline. `settings` are the evaluator's setting values.
std::string explain_decision(const Program& program, const StringPool& strings, const std::vector<Value>& settings,
                             int decision, const DecisionTrace& trace);

// "Tasks open:" ... "Alerts raised:" ... (or "No task is open." / "No alert
// is raised.") for the case last evaluated.
std::string explain_prompts(const Program& program, const StringPool& strings, const std::vector<OpenTask>& tasks,
                            const std::vector<RaisedAlert>& alerts);

}  // namespace carerules
