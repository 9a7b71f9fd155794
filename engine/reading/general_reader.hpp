// The general reader: any line, walked with simdjson's on-demand API and
// checked against the schema. Every message about a line's JSON and its
// fields comes from here, and every line the fast reader (fast_reader.hpp)
// is not sure of comes here.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include "engine/case_base.hpp"
#include "engine/event_reader.hpp"
#include "engine/event_schema.hpp"
#include "engine/reading/event_import.hpp"

namespace carerules::reading {

class GeneralReader {
 public:
  GeneralReader(const EventSchema& schema, CaseBase& base, EventImport& import, ReadOptions options);
  ~GeneralReader();
  GeneralReader(const GeneralReader&) = delete;
  GeneralReader& operator=(const GeneralReader&) = delete;

  // Reads the line of `length` bytes at `line`, which has `capacity` readable
  // bytes (at least SIMDJSON_PADDING more than its length).
  bool read(const char* line, std::size_t length, std::size_t capacity, std::uint32_t line_no);

 private:
  // A class of general_reader.cpp's unnamed namespace, as the fast reader's
  // parser is (see fast_reader.hpp).
  class Walker;
  std::unique_ptr<Walker> walker_;
};

}  // namespace carerules::reading
