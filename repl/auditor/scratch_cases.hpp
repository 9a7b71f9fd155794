// Cases of a run read again into a base of their own and decided in memory:
// with other rules (`diff pack`), or with hypothetical events added after
// everything else (`what if`). Nothing is ever written.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/program.hpp"
#include "engine/case_base.hpp"
#include "engine/evaluate.hpp"
#include "engine/store/database.hpp"
#include "engine/store/runs.hpp"
#include "repl/auditor/session.hpp"

namespace carerules::auditor {

class ScratchCases {
 public:
  // Reads the stored events the run saw (of `case_id` only, when given) with
  // `program`, then `extra_lines` (JSON Lines), folded as known at
  // `known_at`. Throws CommandError with the reader's message when a line
  // does not fit the program's event types.
  ScratchCases(Database& db, const RunRow& run, const Program& program, const std::optional<std::string>& case_id,
               const std::vector<std::string>& extra_lines, std::optional<Timestamp> known_at);

  CaseBase& base() { return *base_; }
  const CaseEvents* find(std::string_view case_id) const;
  // Decides one case as of `as_of`, with the tasks and alerts open then.
  CaseEvaluation evaluate(const CaseEvents& c, Date as_of, std::vector<OpenTask>* tasks = nullptr,
                          std::vector<RaisedAlert>* alerts = nullptr);
  const Program& program() const { return program_; }

 private:
  const Program& program_;
  std::unique_ptr<CaseBase> base_;
  std::unique_ptr<Evaluator> evaluator_;
};

}  // namespace carerules::auditor
