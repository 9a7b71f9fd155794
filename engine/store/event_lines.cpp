#include "engine/store/event_lines.hpp"

#include <cstring>
#include <simdjson.h>

namespace carerules {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The slow way, for lines the scan below does not handle (escapes).
std::optional<std::string> case_by_parser(std::string_view line) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(line);
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return std::nullopt;
  simdjson::ondemand::object object;
  if (doc.get_object().get(object)) return std::nullopt;
  for (auto field : object) {
    std::string_view key, value;
    if (field.unescaped_key().get(key)) return std::nullopt;
    if (key != "case") continue;
    if (field.value().get_string().get(value)) return std::nullopt;
    return std::string(value);
  }
  return std::nullopt;
}

}  // namespace

EventLines::EventLines(std::string_view text) : text_(text) {
  if (text_.size() >= 3 && std::memcmp(text_.data(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
}

std::string_view EventLines::take() {
  const std::size_t end = std::min(text_.find('\n', pos_), text_.size());
  std::size_t first = pos_, last = end;
  while (first < last && is_blank(text_[first])) ++first;
  while (last > first && is_blank(text_[last - 1])) --last;
  pos_ = end + 1;
  ++number_;
  return text_.substr(first, last - first);
}

bool EventLines::next(std::string_view& line, std::uint32_t& number) {
  while (pos_ < text_.size()) {
    line = take();
    number = number_;
    if (!line.empty()) return true;
  }
  return false;
}

std::string_view EventLines::line(std::uint32_t number) {
  std::string_view line;
  while (number_ < number && pos_ < text_.size()) line = take();
  return number_ == number ? line : std::string_view();
}

std::optional<std::string> case_named_in(std::string_view line) {
  // A plain scan of the top-level members: keys and the "case" value without
  // escapes (nearly every line); anything else goes to the parser.
  const char* p = line.data();
  const char* end = p + line.size();
  auto skip_space = [&] {
    while (p < end && is_json_space(*p)) ++p;
  };
  // Past a string starting at p (on its opening quote); false when unclosed.
  auto skip_string = [&](bool& escaped) {
    escaped = false;
    for (++p; p < end; ++p) {
      if (*p == '\\') {
        escaped = true;
        ++p;
      } else if (*p == '"') {
        ++p;
        return true;
      }
    }
    return false;
  };
  skip_space();
  if (p == end || *p != '{') return std::nullopt;
  ++p;
  for (;;) {
    skip_space();
    if (p == end || *p != '"') return std::nullopt;
    const char* key = p + 1;
    bool escaped = false;
    if (!skip_string(escaped)) return std::nullopt;
    if (escaped) return case_by_parser(line);
    const std::string_view name(key, static_cast<std::size_t>(p - 1 - key));
    skip_space();
    if (p == end || *p != ':') return std::nullopt;
    ++p;
    skip_space();
    if (p == end) return std::nullopt;
    if (name == "case") {
      if (*p != '"') return std::nullopt;
      const char* value = p + 1;
      if (!skip_string(escaped)) return std::nullopt;
      if (escaped) return case_by_parser(line);
      return std::string(value, static_cast<std::size_t>(p - 1 - value));
    }
    // Skip the value: a string, or anything up to the next top-level , or }.
    int depth = 0;
    while (p < end) {
      const char c = *p;
      if (c == '"') {
        if (!skip_string(escaped)) return std::nullopt;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      else if (c == '}' || c == ']') {
        if (depth == 0) break;
        --depth;
      } else if (c == ',' && depth == 0) {
        break;
      }
      ++p;
    }
    if (p == end || *p == '}') return std::nullopt;
    ++p;  // the comma
  }
}

std::optional<Envelope> envelope_of(std::string_view line) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(line);
  simdjson::ondemand::document doc;
  simdjson::ondemand::object object;
  if (parser.iterate(padded).get(doc) || doc.get_object().get(object)) return std::nullopt;
  Envelope e;
  for (auto field : object) {
    std::string_view key, value;
    if (field.unescaped_key().get(key)) return std::nullopt;
    std::string* out = key == "id"         ? &e.id
                       : key == "case"     ? &e.case_id
                       : key == "type"     ? &e.type
                       : key == "date"     ? &e.date
                       : key == "recorded" ? &e.recorded
                       : key == "amends"   ? &e.amends
                                           : nullptr;
    if (!out) continue;
    simdjson::ondemand::value v;
    if (field.value().get(v)) return std::nullopt;
    bool null = false;
    if (!v.is_null().get(null) && null) continue;
    if (v.get_string().get(value)) return std::nullopt;
    out->assign(value);
  }
  return e;
}

}  // namespace carerules
