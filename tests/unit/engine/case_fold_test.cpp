#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/case_fold.hpp"
#include "engine/event_reader.hpp"

using namespace carerules;

namespace {

// One event type is enough to fold: a note with a text.
const Program& note_program() {
  static const Program program = [] {
    Program p;
    FieldDef text;
    text.name = "text";
    text.type = Type{TypeKind::text};
    text.optional = true;
    p.records.push_back(RecordDef{"note", {text}});
    EventTypeDef note;
    note.name = "note";
    note.record = 0;
    p.events.push_back(note);
    return p;
  }();
  return program;
}

// A note line: id, date, recorded ("" for the default) and amends ("" for none).
std::string note(const char* id, const char* date, const char* recorded = "", const char* amends = "") {
  std::string line = std::string(R"({"id":")") + id + R"(","case":"P","type":"note","date":")" + date + "\"";
  if (*recorded) line += std::string(R"(,"recorded":")") + recorded + "\"";
  if (*amends) line += std::string(R"(,"amends":")") + amends + "\"";
  return line + "}\n";
}

struct Folded {
  CaseBase base;

  explicit Folded(const std::string& lines) {
    std::vector<EventError> errors;
    REQUIRE(read_events(note_program(), "fold.jsonl", lines, base, errors));
    REQUIRE(base.cases.size() == 1);
  }
  // The ids of the history as known at `known_at`.
  std::vector<std::string> ids(std::optional<Timestamp> known_at = std::nullopt) {
    fold_all(base, known_at);
    std::vector<std::string> out;
    for (const Event* e : base.cases[0].history) out.emplace_back(base.strings.text(e->id));
    return out;
  }
};

Timestamp at(const char* text) { return *parse_timestamp(text); }

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("history is ordered by date, then recorded, then input line", "[case_fold]") {
  Folded f(note("late", "2026-03-01") +
           note("b2", "2026-02-01", "2026-02-01T12:00:00Z") +
           note("b1", "2026-02-01", "2026-02-01T09:00:00Z") +
           note("c1", "2026-02-01", "2026-02-01T12:00:00Z") +
           note("early", "2026-01-01", "2026-04-01T00:00:00Z"));
  CHECK(f.ids() == Ids{"early", "b1", "b2", "c1", "late"});
  // Known at: events recorded later are not yet known; dates do not matter.
  CHECK(f.ids(at("2026-03-15T00:00:00Z")) == Ids{"b1", "b2", "c1", "late"});
  CHECK(f.ids(at("2026-02-01T09:00:00Z")) == Ids{"b1"});
  CHECK(f.ids(at("2026-01-31T23:59:59Z")).empty());
}

TEST_CASE("an amendment chain is one fact; the latest recorded version wins", "[case_fold]") {
  Folded f(note("x", "2026-01-12", "2026-01-12T00:00:00Z") +
           note("a", "2026-01-10", "2026-01-10T10:00:00Z") +
           note("b", "2026-01-10", "2026-01-20T10:00:00Z", "a") +
           note("c", "2026-01-10", "2026-01-15T10:00:00Z", "b"));  // later line, recorded earlier
  CHECK(f.ids() == Ids{"b", "x"});
  // As known before b was recorded, c is the newest correction; before c, the original.
  CHECK(f.ids(at("2026-01-17T00:00:00Z")) == Ids{"c", "x"});
  CHECK(f.ids(at("2026-01-14T00:00:00Z")) == Ids{"a", "x"});
  CHECK(f.ids(at("2026-01-11T00:00:00Z")) == Ids{"a"});
}

TEST_CASE("recorded ties between versions go to the later line", "[case_fold]") {
  Folded f(note("a", "2026-01-10") + note("b", "2026-01-10", "", "a") + note("c", "2026-01-10", "", "a"));
  CHECK(f.ids() == Ids{"c"});
}

TEST_CASE("the winning amendment takes its own date's place", "[case_fold]") {
  Folded f(note("a", "2026-01-10", "2026-01-10T00:00:00Z") +
           note("x", "2026-01-12", "2026-01-12T00:00:00Z") +
           note("b", "2026-01-15", "2026-01-16T00:00:00Z", "a") +
           note("y", "2026-01-20", "2026-01-20T00:00:00Z"));
  CHECK(f.ids() == Ids{"x", "b", "y"});
  CHECK(f.ids(at("2026-01-15T00:00:00Z")) == Ids{"a", "x"});
}

TEST_CASE("a correction may reuse the id it amends", "[case_fold]") {
  Folded f(note("a", "2026-01-10") + note("z", "2026-01-11") +
           R"({"id":"a","case":"P","type":"note","date":"2026-01-12","recorded":"2026-01-13T00:00:00Z","amends":"a","text":"fixed"})"
           "\n");
  const Ids ids = f.ids();
  REQUIRE(ids == Ids{"z", "a"});
  const Event* fixed = f.base.cases[0].history[1];
  CHECK(fixed->date == *parse_date("2026-01-12"));
  CHECK(f.ids(at("2026-01-12T00:00:00Z")) == Ids{"a", "z"});
}

TEST_CASE("a case is found by its id without a search, and never created by looking") {
  CaseBase base;
  std::vector<EventError> errors;
  const std::string lines = R"({"id":"a1","case":"A","type":"note","date":"2026-01-01"}
{"id":"b1","case":"B","type":"note","date":"2026-01-02"}
{"id":"a2","case":"A","type":"note","date":"2026-01-03"}
)";
  REQUIRE(read_events(note_program(), "notes.jsonl", lines, base, errors));
  REQUIRE(base.cases.size() == 2);
  const CaseEvents* a = base.find_case("A");
  const CaseEvents* b = base.find_case("B");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(base.strings.text(a->case_id) == "A");
  CHECK(a->events.size() == 2);
  CHECK(base.strings.text(b->case_id) == "B");
  CHECK(base.find_case("C") == nullptr);
  CHECK(base.find_case("a1") == nullptr);  // a text the base holds, but no case's id
  CHECK(base.cases.size() == 2);
}
