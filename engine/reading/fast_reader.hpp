// The fast reader: nearly every line of a real file is plain printable ASCII
// without escapes (a clean line, see line_scan.hpp). A small hand-written
// parser that knows the schema reads those: a field name is matched against
// the one expected next, values go into a scratch array, and nothing touches
// the case base until the whole line has parsed. Anything it is not sure of,
// it hands back untouched to the general reader (general_reader.hpp), which
// gives every message, so both give the same result.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include "engine/case_base.hpp"
#include "engine/event_schema.hpp"
#include "engine/reading/event_import.hpp"

namespace carerules::reading {

class FastReader {
 public:
  FastReader(const EventSchema& schema, CaseBase& base, EventImport& import);
  ~FastReader();
  FastReader(const FastReader&) = delete;
  FastReader& operator=(const FastReader&) = delete;

  // The verdict on a clean line. `general`: the line is left as it was, for
  // the general reader.
  enum class Verdict { read, refused, general };
  Verdict read(const char* line, std::size_t length, std::uint32_t line_no);

 private:
  // The parser is a class of fast_reader.cpp's unnamed namespace: its parts
  // then have internal linkage, and GCC inlines those used once (so that
  // the position in the line stays in a register). Forcing that with
  // always_inline instead would lose the string pool's prefetches in them:
  // GCC 12 drops a call that only prefetches when it sits in an
  // always_inline function.
  class Parser;
  std::unique_ptr<Parser> parser_;
};

}  // namespace carerules::reading
