// Tab completion: the words that could come next where the cursor is —
// command words, the selected run's case ids, decision names, event ids,
// and the fields `what if` can change.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/program.hpp"

namespace carerules::auditor {

struct CompletionSources {
  std::function<std::vector<std::string>()> case_ids, decision_names, event_ids, field_paths;
};

// The words that complete `word` (what is typed of the current word), given
// `before` (the line up to it), sorted.
std::vector<std::string> complete(std::string_view before, std::string_view word, const CompletionSources& sources);

// Every FIELD `what if` can change: event.field, event.record.field, event.map.key.
std::vector<std::string> field_paths(const Program& program);

}  // namespace carerules::auditor
