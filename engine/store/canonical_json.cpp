#include "engine/store/canonical_json.hpp"

#include <algorithm>

#include "engine/describe.hpp"

namespace carerules {

JsonObject& JsonObject::add(std::string_view key, std::string_view text) {
  members_.emplace_back(std::string(key), json_string(text));
  return *this;
}

JsonObject& JsonObject::add(std::string_view key, std::int64_t number) {
  members_.emplace_back(std::string(key), std::to_string(number));
  return *this;
}

JsonObject& JsonObject::add_null(std::string_view key) {
  members_.emplace_back(std::string(key), "null");
  return *this;
}

JsonObject& JsonObject::add_raw(std::string_view key, std::string json) {
  members_.emplace_back(std::string(key), std::move(json));
  return *this;
}

std::string JsonObject::str() const {
  std::vector<const std::pair<std::string, std::string>*> sorted;
  sorted.reserve(members_.size());
  for (const auto& m : members_) sorted.push_back(&m);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string out = "{";
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i) out += ',';
    out += json_string(sorted[i]->first);
    out += ':';
    out += sorted[i]->second;
  }
  return out + "}";
}

std::string json_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += items[i];
  }
  return out + "]";
}

}  // namespace carerules
