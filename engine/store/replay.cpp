#include "engine/store/replay.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <map>
#include <simdjson.h>

#include "engine/case_fold.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/rule_sources.hpp"

namespace carerules {

RunReplay::RunReplay(Database& db, std::int64_t run_id) {
  auto run = read_run(db, run_id);
  if (!run) throw StoreError(fmt::format("the database `{}` has no run {}", db.path(), run_id));
  run_ = *run;
  as_of_ = parse_date(run_.as_of).value_or(Date{});
  if (run_.known_at) known_at_ = parse_timestamp(*run_.known_at);
  Diagnostics diagnostics;
  program_ = load_run_program(db, run_id, diagnostics);
  if (!program_)
    throw StoreError(fmt::format("the rules stored with run {} in `{}` do not load:\n{}", run_id, db.path(),
                                 diagnostics.render(false)));
  cases_ = std::make_unique<CaseBase>();
  std::vector<std::string> problems = load_events(db, *program_, *cases_, run_.last_event_seq);
  if (!problems.empty())
    throw StoreError(fmt::format("the events run {} saw no longer load with its rules: {}", run_id, problems.front()));
  fold_all(*cases_, known_at_);
  evaluator_ = std::make_unique<Evaluator>(*program_, cases_->strings);
}

const CaseEvents* RunReplay::find_case(std::string_view case_id) const { return cases_->find_case(case_id); }

void RunReplay::set_as_of(Date as_of) { as_of_ = as_of; }

void RunReplay::set_known_at(std::optional<Timestamp> known_at) {
  known_at_ = known_at;
  fold_all(*cases_, known_at_);
}

std::optional<CaseRecord> RunReplay::recompute(std::string_view case_id, std::vector<Value>* results,
                                               std::vector<DecisionTrace>* traces) {
  const CaseEvents* c = find_case(case_id);
  if (!c) return std::nullopt;
  std::vector<Value> own_results;
  std::vector<DecisionTrace> own_traces;
  if (!results) results = &own_results;
  if (!traces) traces = &own_traces;
  evaluator_->evaluate(*c, as_of_, *results, traces);
  return record_case(*program_, cases_->strings, *results, *traces);
}

std::map<std::string, std::string> json_object_members(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::object object;
  if (parser.parse(padded).get_object().get(object) != simdjson::SUCCESS)
    throw StoreError("a recorded value that is not a JSON object: the record is damaged");
  std::map<std::string, std::string> out;
  for (auto field : object) out.emplace(std::string(field.key), simdjson::minify(field.value));
  return out;
}

std::vector<std::string> differing_decisions(std::string_view stored, std::string_view recomputed) {
  const auto a = json_object_members(stored), b = json_object_members(recomputed);
  std::vector<std::string> names;
  for (const auto& [name, value] : a) {
    auto it = b.find(name);
    if (it == b.end() || it->second != value) names.push_back(name);
  }
  for (const auto& [name, value] : b)
    if (!a.count(name)) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace carerules
