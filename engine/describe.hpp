// Values in words: enum labels, sets of labels, dates, yes/no, unknown.
// And the machine-readable form used in `eval --format jsonl`.
#pragma once
#include <string>

#include "dsl/program.hpp"
#include "engine/evaluate.hpp"

namespace carerules {

// "yes", "no", "unknown", "significant impact", "nutrition (needs assistance), ...".
std::string describe(const Program& program, const StringPool& strings, const Type& type, const Value& value);

// JSON: true/false/null, "YYYY-MM-DD", numbers, sorted arrays of value names.
std::string to_json(const Program& program, const StringPool& strings, const Type& type, const Value& value);
std::string json_string(std::string_view text);

}  // namespace carerules
