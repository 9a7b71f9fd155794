// The facts behind a condition of a decision: each field it reads of an
// event a `given` found (with the event, when it was recorded, and the
// value), each other decision, setting and query it reads. What `why` lists
// under each condition and what `why not` names as the facts that would
// change the answer.
#pragma once
#include <string>
#include <vector>

#include "dsl/program.hpp"
#include "engine/case_base.hpp"
#include "engine/evaluate.hpp"

namespace carerules::auditor {

struct Fact {
  std::string what;   // "wellbeing_impact of the assessment of 2026-03-05 (event AT-0240-e5, recorded 2026-03-05T00:00:00Z)"
  std::string value;  // "some impact", "not recorded", "none found"
  bool missing = false;  // unknown: the field is not recorded, or no event was found
  int decision = -1;     // another decision the condition reads, or -1
  std::string needed;    // when missing: what would have to be recorded
};

struct FactSources {
  const Program& program;
  const StringPool& strings;
  const DecisionDef& decision;
  const DecisionTrace& trace;
  const std::vector<Value>& results;   // every decision's value for the case
  const std::vector<Value>& settings;  // the evaluator's setting values
  const CaseEvents* history = nullptr; // the case as folded, for counting events of a query
  Date as_of;
};

// The facts `e` reads, in the order met, each once.
std::vector<Fact> facts_of(const Expr& e, const FactSources& sources);

// Every fact of every condition tried and of the value that applied.
std::vector<Fact> facts_of_decision(const FactSources& sources);

}  // namespace carerules::auditor
