#include "repl/auditor/json_words.hpp"

#include <simdjson.h>

namespace carerules::auditor {

namespace {

std::string words(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::BOOL: return bool(e) ? "yes" : "no";
    case simdjson::dom::element_type::NULL_VALUE: return "unknown";
    case simdjson::dom::element_type::STRING: return std::string(std::string_view(e));
    case simdjson::dom::element_type::ARRAY: {
      std::string out;
      for (simdjson::dom::element item : simdjson::dom::array(e)) out += (out.empty() ? "" : ", ") + words(item);
      return out.empty() ? "none" : out;
    }
    default: return simdjson::minify(e);
  }
}

}  // namespace

std::string json_words(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element e;
  if (parser.parse(padded).get(e) != simdjson::SUCCESS) return std::string(json);
  return words(e);
}

}  // namespace carerules::auditor
