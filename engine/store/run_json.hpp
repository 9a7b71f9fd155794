// The JSON a run records: the packs and settings it used, and for each case
// its decisions (byte for byte the `decisions` object of `carerules eval`)
// and traces (docs/design-store-and-workflows.md, "Traces"). Deterministic:
// the same evaluation gives the same bytes.
#pragma once
#include <string>
#include <vector>

#include "dsl/program.hpp"
#include "engine/evaluate.hpp"

namespace carerules {

// [{"name":..,"version":..,"hash":..}, ...] in Program order, as in `eval`.
std::string packs_json(const Program& program);

// {"setting":value, ...}, keys sorted: the settings in force (with overrides).
std::string settings_json(const Evaluator& evaluator);

// {"decision":value, ...}, keys sorted by name; values as in `eval`.
std::string decisions_json(const Program& program, const StringPool& strings, const std::vector<Value>& results);

// {"decision":{"a":APPLIED,"c":[[v,...],...],"e":["event id",...]}, ...},
// keys sorted: the case that applied (-1: unknown), the value of each
// condition tried in the order tried, and the ids of the events read.
std::string traces_json(const Program& program, const StringPool& strings, const std::vector<DecisionTrace>& traces);

struct CaseRecord {
  std::string decisions, traces;
};

// Both, for one case just evaluated with traces.
CaseRecord record_case(const Program& program, const StringPool& strings, const std::vector<Value>& results,
                       const std::vector<DecisionTrace>& traces);

}  // namespace carerules
