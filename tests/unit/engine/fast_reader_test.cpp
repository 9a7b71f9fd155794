// The event reader has a fast path for plain lines and a general one for
// everything else (engine/reading/fast_reader.cpp, general_reader.cpp). Both
// must give exactly the same result: these tests read the same text both
// ways, valid and mutated many thousand ways, and compare everything the
// reader produces — the messages, the string pool (ids in order), the cases,
// every event and every value.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "dsl/load_program.hpp"
#include "engine/event_reader.hpp"
#include "engine/read_file.hpp"
#include "tests/unit/fuzz_random.hpp"

using namespace carerules;

namespace {

using Random = testing::SplitMix64;

std::string mutate(Random& r, std::string s, int max_edits = 4) {
  static const char* pieces[] = {
      " ",      "  ",       "\t",        "\r",         "\n",     "\r\n",     "\"",       "\\",       "\\\"",
      "\\n",    "\\u0041",  "\\u00e9",   "\xC3\xA9",   "\xFF",   "\x01",     "{",        "}",        "[",
      "]",      ",",        ":",         "null",       "true",   "false",    "0",        "-0",       "01",
      "1e5",    "1E+2",     "-1.5e-3",   "1.",         ".5",     "1e400",    "123456789012345678901234",
      "2.5",    "-",        "+1",        "9007199254740993",     "\"id\":\"x\",",       "\"amends\":\"e1\",",
      "\"recorded\":null,", "\"recorded\":\"2026-01-01T10:00:00Z\",", "\"date\":\"2026-02-30\",",
      "\"colour\":\"red\",", "2025-02-30", "achieved", "\"type\":\"visit\",", "{}", "[]", "\"\"",
  };
  const int edits = 1 + static_cast<int>(r.below(static_cast<std::size_t>(max_edits)));
  for (int i = 0; i < edits && !s.empty(); ++i) {
    const std::size_t at = r.below(s.size());
    switch (r.below(6)) {
      case 0: s[at] = static_cast<char>(r.next() & 0xFF); break;
      case 1: s.erase(at, 1 + r.below(16)); break;
      case 2:
      case 3: s.insert(at, pieces[r.below(sizeof pieces / sizeof *pieces)]); break;
      case 4: s.insert(at, s.substr(r.below(s.size()), r.below(40))); break;
      default: s.resize(at); break;
    }
  }
  return s;
}

std::string hex(std::uint64_t x) {
  char buffer[20];
  std::snprintf(buffer, sizeof buffer, "%llx", static_cast<unsigned long long>(x));
  return buffer;
}

// A value as text, walking maps and records by their types.
void dump_value(const Program& p, const Value& v, const Type& type, std::string& out) {
  out += std::to_string(static_cast<int>(v.kind));
  out += ':';
  switch (v.kind) {
    case ValueKind::unknown: out += hex(static_cast<std::uint64_t>(v.big)); break;
    case ValueKind::boolean: out += v.b ? "T" : "F"; break;
    case ValueKind::number: {
      std::uint64_t bits;
      std::memcpy(&bits, &v.number, 8);
      out += hex(bits);
      break;
    }
    case ValueKind::text:
    case ValueKind::date:
    case ValueKind::enumeration: out += std::to_string(v.small); break;
    case ValueKind::timestamp: out += std::to_string(v.big); break;
    case ValueKind::enum_set: out += hex(v.mask); break;
    case ValueKind::text_set:
      for (std::uint32_t id : *v.texts) out += std::to_string(id) + "/";
      break;
    case ValueKind::map: {
      out += '{';
      const Type value_type{type.ref2 >= 0 ? TypeKind::enumeration : TypeKind::unknown, type.ref2};
      for (std::size_t i = 0; i < p.enums[type.ref].values.size(); ++i) {
        dump_value(p, v.items[i], value_type, out);
        out += ',';
      }
      out += '}';
      break;
    }
    case ValueKind::record: {
      out += '(';
      for (const FieldDef& f : p.records[type.ref].fields) {
        dump_value(p, v.items[&f - p.records[type.ref].fields.data()], f.type, out);
        out += ',';
      }
      out += ')';
      break;
    }
    default: out += "?"; break;
  }
  // The bytes the evaluator never reads must still be as the general reader leaves them.
  out += "|" + std::to_string(v.unit) + std::to_string(v.working) + std::to_string(v.b) + "," +
         std::to_string(v.small);
  if (v.kind != ValueKind::map && v.kind != ValueKind::record && v.kind != ValueKind::text_set) {
    out += "," + hex(static_cast<std::uint64_t>(v.big));
  }
}

// Everything a read leaves behind.
std::string dump(const Program& p, const CaseBase& base, const std::vector<EventError>& errors, bool ok) {
  std::string out = ok ? "ok\n" : "refused\n";
  for (const EventError& e : errors) out += e.to_string() + "\n";
  out += "lines " + std::to_string(base.lines_read) + " events " + std::to_string(base.event_count()) + "\n";
  out += "strings";
  for (std::size_t i = 0; i < base.strings.size(); ++i) {
    out += " [";
    out += base.strings.text(static_cast<std::uint32_t>(i));
    out += "]";
  }
  out += "\n";
  for (const CaseEvents& c : base.cases) {
    out += "case " + std::to_string(c.case_id) + "\n";
    for (const Event* e : c.events) {
      out += " event type " + std::to_string(e->type) + " date " + std::to_string(e->date.days) + " rec " +
             std::to_string(e->recorded.seconds) + " order " + std::to_string(e->order) + " id " +
             std::to_string(e->id) + " amends " + std::to_string(e->amends) + " line " +
             std::to_string(e->source_line) + " hash " + hex(e->content_hash) + " file " +
             std::string(base.file_of(*e)) + "\n  ";
      const RecordDef& record = p.records[p.events[e->type].record];
      for (std::size_t i = 0; i < record.fields.size(); ++i) {
        dump_value(p, e->fields[i], record.fields[i].type, out);
        out += "\n  ";
      }
      out += "\n";
    }
  }
  return out;
}

// Reads `files` both ways (with the same options otherwise) and returns the
// two dumps.
std::pair<std::string, std::string> both_ways(const Program& p, const std::vector<std::string>& files,
                                              ReadOptions options = {}) {
  std::string result[2];
  for (int fast = 0; fast < 2; ++fast) {
    CaseBase base;
    std::vector<EventError> errors;
    bool ok = true;
    options.fast_path = fast == 1;
    for (std::size_t i = 0; i < files.size(); ++i) {
      ok = read_events(p, "f" + std::to_string(i) + ".jsonl", files[i], base, errors, options) && ok;
    }
    result[fast] = dump(p, base, errors, ok);
  }
  return {result[0], result[1]};
}

const Program& national() {
  static const Program program = [] {
    Diagnostics diagnostics;
    auto p = load_program({CARERULES_SOURCE_DIR "/rules/national"}, {}, diagnostics);
    REQUIRE(p);
    return std::move(*p);
  }();
  return program;
}

std::vector<std::string> example_lines() {
  auto text = read_whole_file(CARERULES_SOURCE_DIR "/examples/cases.jsonl");
  REQUIRE(text);
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text->size()) {
    std::size_t end = text->find('\n', pos);
    if (end == std::string::npos) end = text->size();
    if (end > pos) lines.push_back(text->substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

// A schema with the kinds the national one lacks: sets, numbers, money,
// timestamps, text conditions, nested records two deep.
const Program& wide_program() {
  static const Program program = [] {
    Program p;
    auto add_enum = [&](std::string name, std::vector<std::string> values) {
      EnumDef def;
      def.name = std::move(name);
      def.values = def.labels = std::move(values);
      p.enums.push_back(std::move(def));
    };
    add_enum("kind", {"needs", "carer"});
    add_enum("outcome", {"nutrition", "personal_hygiene", "toilet_needs"});
    add_enum("ability", {"achieved", "needs_assistance", "takes_significantly_longer"});
    DataValue urgent;
    urgent.kind = TypeKind::text;
    urgent.text = "urgent";
    p.constants = {urgent};
    auto field = [](std::string name, Type type, bool optional = true) {
      FieldDef f;
      f.name = std::move(name);
      f.type = type;
      f.optional = optional;
      return f;
    };
    // note: required when priority = "urgent"
    auto when_urgent = std::make_shared<Expr>();
    when_urgent->op = Op::compare;
    when_urgent->a = static_cast<int>(ast::CompareOp::eq);
    when_urgent->type = Type{TypeKind::boolean};
    Expr priority, constant;
    priority.op = Op::field, priority.a = 0, priority.type = Type{TypeKind::text};
    constant.op = Op::constant, constant.a = 0, constant.type = Type{TypeKind::text};
    when_urgent->args = {priority, constant};

    RecordDef thing{"thing", {}};
    thing.fields = {field("priority", {TypeKind::text}),      field("note", {TypeKind::text}),
                    field("kind", {TypeKind::enumeration, 0}), field("tags", {TypeKind::set, -1}),
                    field("kinds", {TypeKind::set, 0}),        field("score", {TypeKind::number}),
                    field("cost", {TypeKind::money}),          field("at", {TypeKind::timestamp}),
                    field("on", {TypeKind::date}),             field("flag", {TypeKind::boolean}),
                    field("outcomes", {TypeKind::map, 1, 2}),  field("inner", {TypeKind::record, 1}),
                    field("later", {TypeKind::duration})};
    thing.fields[1].required_when = when_urgent;
    RecordDef inner{"thing.inner", {}};
    inner.fields = {field("priority", {TypeKind::text}), field("note", {TypeKind::text}),
                    field("deep", {TypeKind::record, 2}), field("n", {TypeKind::number, -1}, false)};
    inner.fields[1].required_when = when_urgent;
    RecordDef deep{"thing.inner.deep", {}};
    deep.fields = {field("x", {TypeKind::boolean}, false), field("label", {TypeKind::text})};
    RecordDef empty{"empty", {}};
    p.records = {thing, inner, deep, empty};
    EventTypeDef thing_event, empty_event;
    thing_event.name = "thing", thing_event.record = 0;
    empty_event.name = "empty", empty_event.record = 3;
    p.events = {thing_event, empty_event};
    return p;
  }();
  return program;
}

const char* const kWideLines[] = {
    R"({"id":"t1","case":"C1","type":"thing","date":"2026-01-02","priority":"urgent","note":"n1","kind":"carer","tags":["b","a","b","c"],"kinds":["needs","carer"],"score":-12.5,"cost":1e3,"at":"2026-01-02T10:11:12Z","on":"2025-12-31","flag":false,"outcomes":{"nutrition":"achieved","toilet_needs":null},"inner":{"priority":"low","deep":{"x":true,"label":"L"},"n":0}})",
    R"({"id":"t2","case":"C1","type":"thing","date":"2026-01-03","recorded":"2026-01-04T00:00:00Z","tags":[],"kinds":[],"score":0.1,"cost":-0,"inner":{"n":3.25e-2,"note":"x","priority":"urgent"},"outcomes":{}})",
    R"({ "id" : "t3" , "case" : "C2" , "type" : "thing" , "date" : "2026-01-05" , "score" : 1.7976931348623157e308 , "tags" : [ "z" , "y" ] , "inner" : { "n" : 12345678901234567 } })",
    R"({"id":"t4","case":"C2","type":"empty","date":"2026-01-06","amends":"t3"})",
    R"({"id":"t1","case":"C1","type":"thing","date":"2026-01-02","priority":"urgent","note":"n1","kind":"carer","tags":["b","a","b","c"],"kinds":["needs","carer"],"score":-12.5,"cost":1e3,"at":"2026-01-02T10:11:12Z","on":"2025-12-31","flag":false,"outcomes":{"nutrition":"achieved","toilet_needs":null},"inner":{"priority":"low","deep":{"x":true,"label":"L"},"n":0}})",
    R"({"id":"t5","case":"C3","type":"thing","date":"2026-01-07","note":"before","priority":"urgent","inner":{"n":1,"deep":{"x":false}},"later":null})",
    R"({"id":"t6","case":"C3","type":"thing","date":"2026-01-08","inner":{"n":2,"note":"urgent","priority":"urgent"},"score":4503599627370497.5})",
    R"({"priority":"urgent","id":"t7","case":"C3","type":"thing","date":"2026-01-09","note":"deferred"})",
    R"({"id":"t8","case":"C4","type":"thing","date":"2026-01-10","recorded":null,"recorded":"2026-01-10T08:00:00Z","amends":null,"flag":true})",
    R"({"id":"t9","case":"C4","type":"thing","date":"2026-01-11","later":"P1D"})",
    R"({"id":"t10","case":"C4","type":"thing","date":"2026-01-11","priority":"urgent","inner":{"n":1,"priority":"urgent"}})",
    R"({"id":"t1","case":"C1","type":"thing","date":"2026-01-02","note":"changed"})",
};

}  // namespace

TEST_CASE("the fast and general readers agree on the example file", "[event_reader][fast]") {
  const std::vector<std::string> lines = example_lines();
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  auto [general, fast] = both_ways(national(), {text});
  REQUIRE(general.rfind("ok\n", 0) == 0);
  CHECK(fast == general);
  // CRLF line ends, a BOM, no newline at the end, blank and space-padded lines.
  std::string crlf = "\xEF\xBB\xBF";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    crlf += (i % 7 == 3 ? "  " : "") + lines[i] + (i % 5 == 1 ? "   " : "") + (i + 1 < lines.size() ? "\r\n" : "");
    if (i % 11 == 0) crlf += "\n \n";
  }
  auto [general2, fast2] = both_ways(national(), {crlf});
  REQUIRE(general2.rfind("ok\n", 0) == 0);
  CHECK(fast2 == general2);
}

TEST_CASE("the fast and general readers agree on mutated event files", "[event_reader][fast][fuzz]") {
  const std::vector<std::string> lines = example_lines();
  Random r{20261124};
  const int rounds = testing::fuzz_rounds(3000);
  int differing = 0;
  for (int round = 0; round < rounds; ++round) {
    // A few lines, some mutated, some repeated (duplicate ids), in one or two files.
    std::vector<std::string> files(1 + r.below(2));
    for (std::string& file : files) {
      const std::size_t count = 1 + r.below(8);
      for (std::size_t i = 0; i < count; ++i) {
        std::string line = lines[r.below(lines.size())];
        if (r.below(3) != 0) line = mutate(r, line);
        file += line;
        if (i + 1 < count || r.below(2)) file += "\n";
      }
    }
    ReadOptions options;
    options.unknown_fields_are_warnings = r.below(4) == 0;
    auto [general, fast] = both_ways(national(), files, options);
    if (fast != general) {
      if (++differing <= 3) {
        std::string input;
        for (const std::string& f : files) input += "---- file\n" + f + "\n";
        FAIL_CHECK("input:\n" << input << "\ngeneral:\n" << general << "\nfast:\n" << fast);
      }
    }
  }
  CHECK(differing == 0);
}

TEST_CASE("the fast and general readers agree on sets, numbers, timestamps and nested records",
          "[event_reader][fast][fuzz]") {
  const Program& p = wide_program();
  std::string all;
  for (const char* line : kWideLines) all += std::string(line) + "\n";
  auto [general, fast] = both_ways(p, {all});
  CHECK(general.find("f0.jsonl:10: error: later: this field's type cannot be read") != std::string::npos);
  INFO(general);
  CHECK(general.find("f0.jsonl:11: error: missing required field `inner.note`") != std::string::npos);
  CHECK(general.find("f0.jsonl:12: error: event id `t1` was already used on line 1") != std::string::npos);
  CHECK(fast == general);

  Random r{7};
  const int rounds = testing::fuzz_rounds(4000);
  int differing = 0;
  const std::size_t count = sizeof kWideLines / sizeof *kWideLines;
  for (int round = 0; round < rounds; ++round) {
    std::string file;
    const std::size_t lines = 1 + r.below(4);
    for (std::size_t i = 0; i < lines; ++i) {
      std::string line = kWideLines[r.below(count)];
      if (r.below(4) != 0) line = mutate(r, line, 3);
      file += line + "\n";
    }
    auto [g, f] = both_ways(p, {file});
    if (f != g && ++differing <= 3) FAIL_CHECK("input:\n" << file << "\ngeneral:\n" << g << "\nfast:\n" << f);
  }
  CHECK(differing == 0);
}

TEST_CASE("the fast reader's numbers are the general reader's, bit for bit", "[event_reader][fast]") {
  const Program& p = wide_program();
  Random r{99};
  std::vector<std::string> numbers = {"0",      "-0",      "0.0",    "-0.0",  "1",        "-1",     "0.1",
                                      "0.3",    "1e22",    "1e23",   "1e-22", "1e-23",    "9007199254740991",
                                      "9007199254740992",  "9007199254740993", "123456789012345678",
                                      "1234567890123456789", "0.000000000000000001", "4.35", "7095.78",
                                      "1E2",    "1e+2",    "1e-2",   "2.5E-0", "00",      "-",      "1.e5",
                                      "1e",     "--1",     "0x10",   "1_000", "Infinity", "NaN",    "1e99999"};
  for (int i = 0; i < 3000; ++i) {
    std::string n;
    if (r.below(4) == 0) n += '-';
    const std::size_t int_digits = 1 + r.below(12);
    for (std::size_t d = 0; d < int_digits; ++d) n += static_cast<char>('0' + (d == 0 ? 1 + r.below(9) : r.below(10)));
    if (r.below(2)) {
      n += '.';
      const std::size_t frac = 1 + r.below(10);
      for (std::size_t d = 0; d < frac; ++d) n += static_cast<char>('0' + r.below(10));
    }
    if (r.below(3) == 0) n += "e" + std::string(r.below(2) ? "-" : "") + std::to_string(r.below(30));
    numbers.push_back(n);
  }
  std::string file;
  int line = 0;
  for (const std::string& n : numbers) {
    file += R"({"id":"n)" + std::to_string(++line) + R"(","case":"C","type":"thing","date":"2026-01-01","score":)" + n +
            R"(,"inner":{"n":)" + n + "}}\n";
  }
  auto [general, fast] = both_ways(p, {file});
  CHECK(fast == general);
}

TEST_CASE("the fast reader's dates and timestamps are the general reader's", "[event_reader][fast]") {
  const Program& p = wide_program();
  std::vector<int> years;
  for (int y = 1795; y <= 2205; y += 7) years.push_back(y);
  for (int y : {1798, 1799, 1800, 1801, 1899, 1900, 1901, 1969, 1970, 1971, 1999, 2000, 2001, 2024, 2100, 2199, 2200,
                2201, 2202}) {
    years.push_back(y);
  }
  Random r{3};
  std::string file;
  int line = 0;
  char text[64];
  for (int year : years) {
    for (int month = 0; month <= 13; ++month) {
      for (int day = 0; day <= 32; ++day) {
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
        const int hour = static_cast<int>(r.below(26)), minute = static_cast<int>(r.below(62)),
                  second = static_cast<int>(r.below(62));
        char at[128];
        std::snprintf(at, sizeof at, "%sT%02d:%02d:%02dZ", text, hour, minute, second);
        file += R"({"id":"d)" + std::to_string(++line) + R"(","case":"C","type":"thing","date":")" + text +
                R"(","on":")" + text + R"(","recorded":")" + at + R"(","at":")" + at + "\"}\n";
      }
    }
  }
  for (const char* odd : {"2026-1-01", "2026-01-1", "2026/01/01", "02026-01-01", "2026-01-01 ", "+026-01-01",
                          "2026-0a-01", "2026-01-01T00:00:00", "2026-01-01T00:00:00z", "2026-01-01t00:00:00Z"}) {
    file += R"({"id":"x)" + std::to_string(++line) + R"(","case":"C","type":"thing","date":"2026-01-01","on":")" +
            odd + R"(","at":")" + odd + "\"}\n";
  }
  auto [general, fast] = both_ways(p, {file});
  CHECK(fast == general);
}
