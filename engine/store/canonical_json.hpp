// Canonical JSON for audit entries and run records: objects with their keys
// sorted, no spaces, integers as integers, texts escaped as in `eval`. The
// same content always gives the same bytes, so hashes over it are stable.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace carerules {

class JsonObject {
 public:
  JsonObject& add(std::string_view key, std::string_view text);
  JsonObject& add(std::string_view key, const char* text) { return add(key, std::string_view(text)); }
  JsonObject& add(std::string_view key, const std::string& text) { return add(key, std::string_view(text)); }
  JsonObject& add(std::string_view key, std::int64_t number);
  JsonObject& add(std::string_view key, int number) { return add(key, static_cast<std::int64_t>(number)); }
  JsonObject& add_null(std::string_view key);
  // `json` must already be canonical JSON (a nested object or array).
  JsonObject& add_raw(std::string_view key, std::string json);
  // The object, keys sorted (byte order).
  std::string str() const;

 private:
  std::vector<std::pair<std::string, std::string>> members_;  // key, JSON value
};

// A JSON array of the given JSON values, in the order given.
std::string json_array(const std::vector<std::string>& items);

}  // namespace carerules
