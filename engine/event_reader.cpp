// Two readers share the work (engine/reading/). Nearly every line of a real
// file is plain printable ASCII without escapes; those are read by a small
// hand-written parser that knows the schema (fast_reader.hpp). Anything it is
// not sure of, it hands back untouched, and the general reader walks the line
// with simdjson's on-demand API (general_reader.hpp): every message, and every
// line with escapes, UTF-8, tabs, unknown fields or odd layouts, comes from
// the general reader, so both give the same result. Both hand a good line's
// event to the file's import (event_import.hpp).
#include "engine/event_reader.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <cstring>

#include "engine/event_schema.hpp"
#include "engine/reading/event_import.hpp"
#include "engine/reading/fast_reader.hpp"
#include "engine/reading/general_reader.hpp"
#include "engine/reading/line_scan.hpp"

namespace carerules {

std::string EventError::to_string() const {
  return fmt::format("{}:{}: {}: {}", file, line, warning ? "warning" : "error", message);
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

bool read_events(const Program& program, std::string_view file_name, std::string_view jsonl,
                 CaseBase& base, std::vector<EventError>& errors, ReadOptions options) {
  const EventSchema schema(program);
  base.begin_file(file_name);
  // simdjson (and the fast reader) read up to SIMDJSON_PADDING bytes past a
  // line (whatever they hold). Lines with that much of the file after them
  // are parsed in place; only the last few are copied into a padded buffer.
  // Copying a whole large file (and faulting in its pages) would cost more
  // than parsing it.
  const char* data = jsonl.data();
  const std::size_t size = jsonl.size();
  std::string tail;
  reading::EventImport import(base, file_name, errors);
  reading::GeneralReader general(schema, base, import, options);
  reading::FastReader fast(schema, base, import);
  bool ok = true;
  const std::size_t first_event = base.event_count();
  std::size_t pos = size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;  // UTF-8 BOM
  // A large file's cases and texts, told the base ahead once a part of the
  // file has been read: tables that grow by doubling would touch twice the
  // memory (and copy it).
  std::size_t sample_at = size >= (std::size_t(32) << 20) ? size / 32 : SIZE_MAX;
  const std::size_t cases_before = base.cases.size(), texts_before = base.strings.size();
  for (std::uint32_t line_no = 1; pos < size; ++line_no) {
    if (pos >= sample_at) {
      const double scale = 1.05 * static_cast<double>(size - pos) / static_cast<double>(pos);
      base.reserve(static_cast<std::size_t>(scale * static_cast<double>(base.cases.size() - cases_before)),
                   static_cast<std::size_t>(scale * static_cast<double>(base.strings.size() - texts_before)));
      sample_at = SIZE_MAX;
    }
    bool clean = false;
    const std::size_t end = reading::line_end(data, pos, size, clean);
    std::size_t first = pos, last = end;
    while (first < last && is_space(data[first])) ++first;
    while (last > first && is_space(data[last - 1])) --last;
    pos = end + 1;
    if (first == last) continue;
    ++base.lines_read;
    const std::size_t length = last - first;
    const char* line = data + first;
    std::size_t capacity = size - first;
    if (end == size || capacity < length + simdjson::SIMDJSON_PADDING) {
      // A newline after the copy stops the fast reader's scans.
      tail.assign(line, length);
      tail.push_back('\n');
      tail.resize(length + simdjson::SIMDJSON_PADDING, ' ');
      line = tail.data(), capacity = tail.size();
    }
    if (clean && options.fast_path) {
      const reading::FastReader::Verdict verdict = fast.read(line, length, line_no);
      if (verdict == reading::FastReader::Verdict::read) continue;
      if (verdict == reading::FastReader::Verdict::refused) {
        ok = false;
        continue;
      }
    }
    if (!general.read(line, length, capacity, line_no)) ok = false;
  }
  import.finish(first_event);
  return ok;
}

}  // namespace carerules
