// Recorded JSON values in words, for auditors: true/false/null as yes, no
// and unknown, texts without quotes, lists joined with commas.
#pragma once
#include <string>
#include <string_view>

namespace carerules::auditor {

// `true` -> "yes", `null` -> "unknown", `"x"` -> "x", `["a","b"]` -> "a, b"
// (`[]` -> "none"); anything else as it stands.
std::string json_words(std::string_view json);

}  // namespace carerules::auditor
