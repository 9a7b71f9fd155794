#include "repl/auditor/session.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "dsl/diagnostics.hpp"
#include "engine/store/audit_verify.hpp"

namespace carerules::auditor {

std::string count_text(std::int64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", with_thousands(n), n == 1 ? one : many);
}

Session::Session(Database& db, std::FILE* out, bool colour) : db_(db), out_(out), colour_(colour) {
  if (auto latest = latest_run_id(db_)) run_ = read_run(db_, *latest);
}

std::string Session::serious(std::string_view text) const {
  return colour_ ? fmt::format("\x1b[1;31m{}\x1b[0m", text) : std::string(text);
}

const RunRow& Session::run() const {
  if (!run_) throw CommandError("no run is recorded in this database yet; `carerules run` makes one");
  return *run_;
}

void Session::select_run(std::int64_t run_id) {
  auto row = read_run(db_, run_id);
  if (!row) {
    auto latest = latest_run_id(db_);
    throw CommandError(latest ? fmt::format("there is no run {}; the runs are numbered 1 to {} (`runs` lists them)",
                                            run_id, *latest)
                              : std::string("no run is recorded in this database yet; `carerules run` makes one"));
  }
  run_ = std::move(row);
  replay_.reset();
  case_ids_.reset();
  as_of_.reset();
  known_at_.reset();
}

RunReplay& Session::replay() {
  if (!replay_) replay_ = std::make_unique<RunReplay>(db_, run().id);
  return *replay_;
}

const std::vector<std::string>& Session::run_case_ids() {
  if (!case_ids_) {
    case_ids_.emplace();
    Statement s(db_, "SELECT case_id FROM run_cases WHERE run_id = ?1 ORDER BY id");
    s.bind(1, run().id);
    while (s.step()) case_ids_->emplace_back(s.text(0));
  }
  return *case_ids_;
}

const std::string& Session::case_id() const {
  if (!case_id_) throw CommandError("no case is selected; select one with `case ID` (`cases` lists them)");
  return *case_id_;
}

void Session::select_case(const std::string& case_id) {
  const auto& ids = run_case_ids();
  if (std::find(ids.begin(), ids.end(), case_id) == ids.end()) {
    std::string close = closest_name(case_id, ids);
    throw CommandError(fmt::format("run {} has no case `{}`{}", run().id, case_id,
                                   close.empty() ? "; `cases` lists them" : fmt::format("; did you mean `{}`?", close)));
  }
  case_id_ = case_id;
}

Date Session::as_of() const { return as_of_ ? *as_of_ : parse_date(run().as_of).value_or(Date{}); }

std::optional<Timestamp> Session::known_at() const {
  if (known_at_) return known_at_;
  return run().known_at ? parse_timestamp(*run().known_at) : std::nullopt;
}

std::string Session::knowledge_text() const {
  if (known_at_) return fmt::format("known at {}", format_timestamp(*known_at_));
  if (run().known_at) return fmt::format("known at {} (the run's)", *run().known_at);
  return "knowing every event the run saw";
}

std::string Session::when_text() const {
  return fmt::format("as of {}{}, {}", format_date_long(as_of()), as_of_ ? "" : " (the run's date)", knowledge_text());
}

RunReplay& Session::replay_at(Date as_of, std::optional<Timestamp> known_at) {
  RunReplay& r = replay();
  if (r.known_at() != known_at) r.set_known_at(known_at);
  if (r.as_of() != as_of) r.set_as_of(as_of);
  return r;
}

const CaseEvents& Session::folded_case() {
  const CaseEvents* c = replay_at(as_of(), known_at()).find_case(case_id());
  if (!c)
    throw CommandError(fmt::format("the events run {} saw hold no case `{}`; its record cannot be worked out again",
                                   run().id, case_id()));
  return *c;
}

std::optional<CaseEvaluation> Session::evaluate(std::string_view case_id, Date as_of, std::optional<Timestamp> known_at) {
  RunReplay& r = replay_at(as_of, known_at);
  CaseEvaluation evaluation;
  auto record = r.recompute(case_id, &evaluation.results, &evaluation.traces);
  if (!record) return std::nullopt;
  evaluation.record = std::move(*record);
  return evaluation;
}

CaseEvaluation Session::evaluate_case() {
  folded_case();  // says so when the run saw no such case
  return std::move(*evaluate(case_id(), as_of(), known_at()));
}

std::vector<std::string> Session::decision_names() {
  std::vector<std::string> names;
  for (const auto& [name, index] : replay().program().decision_by_name) names.push_back(name);
  return names;
}

int Session::decision_index(const Token& name) {
  int index = replay().program().find_decision(name.text);
  if (index >= 0) return index;
  std::string close = closest_name(name.text, decision_names());
  throw CommandError(fmt::format("the rules of run {} have no decision `{}`{}", run().id, name.text,
                                 close.empty() ? "; `decisions` lists them" : fmt::format("; did you mean `{}`?", close)));
}

}  // namespace carerules::auditor
