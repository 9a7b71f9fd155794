// An event file's lines as the event reader sees them (a UTF-8 byte-order
// mark skipped, lines split at "\n", blanks and "\r" trimmed from both ends),
// and a quick look at the case each line names: enough for an import to know
// which stored cases to check the file against, without reading it fully.
// Also the envelope of a stored line, which `audit verify` compares with the
// columns taken from it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace carerules {

// Walks the lines of a file in order, by their 1-based physical line number
// (the number the reader puts in its messages).
class EventLines {
 public:
  explicit EventLines(std::string_view text);
  // The next line that is not blank; false at the end.
  bool next(std::string_view& line, std::uint32_t& number);
  // The line numbered `number` (trimmed; empty when blank). Numbers must not
  // go down from one call to the next.
  std::string_view line(std::uint32_t number);

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::uint32_t number_ = 0;  // of the line before pos_
  std::string_view take();
};

// The value of the top-level "case" member of a JSON line, or nullopt when the
// line has none that can be found (the reader will say what is wrong).
std::optional<std::string> case_named_in(std::string_view line);

// The envelope of an event line as written: what the `events` columns are
// taken from. `recorded` is empty when the line has none.
struct Envelope {
  std::string id, case_id, type, date, recorded, amends;
};
std::optional<Envelope> envelope_of(std::string_view line);

}  // namespace carerules
