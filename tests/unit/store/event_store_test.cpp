#include "engine/case_fold.hpp"
#include "engine/evaluate.hpp"
#include "engine/store/audit_log.hpp"
#include "engine/store/event_lines.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/run_json.hpp"
#include "store_support.hpp"

using namespace carerules;
using namespace carerules::test;

namespace {

std::int64_t count_of(Database& db, const char* sql) {
  Statement s(db, sql);
  REQUIRE(s.step());
  return s.integer(0);
}

std::string lines(std::initializer_list<const char*> list) {
  std::string out;
  for (const char* l : list) out += std::string(l) + "\n";
  return out;
}

// Every case's decisions, in case order, as `eval` would give them.
std::string decide_all(const Program& program, CaseBase& base, Date as_of) {
  fold_all(base, std::nullopt);
  Evaluator evaluator(program, base.strings);
  std::vector<Value> results;
  std::string out;
  for (const CaseEvents& c : base.cases) {
    evaluator.evaluate(c, as_of, results);
    out += std::string(base.strings.text(c.case_id)) + " " + decisions_json(program, base.strings, results) + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("import stores each new event with its line, hash, type, dates and import") {
  ScratchFolder dir;
  Database db(dir.file("cases.db"), Database::Mode::read_write);
  ImportOptions options;
  options.now = Timestamp{0};
  const std::string file = "\xEF\xBB\xBF" + std::string(kPersonLine) + "\r\n\n  " + kOtherCaseLine + "  \n";
  ImportResult r = import_events(db, test_rules(), "first.jsonl", file, options);
  REQUIRE(r.ok());
  CHECK(r.added == 2);
  CHECK(r.already_present == 0);
  CHECK(r.first_seq == 1);
  CHECK(r.last_seq == 2);
  Statement s(db, "SELECT seq, case_id, event_id, type, date, recorded, amends, line, line_sha256, import_id FROM events ORDER BY seq");
  REQUIRE(s.step());
  CHECK(s.integer(0) == 1);
  CHECK(s.text(1) == "E1");
  CHECK(s.text(2) == "E1-1");
  CHECK(s.text(3) == "person");
  CHECK(s.text(4) == "2025-01-06");
  CHECK(s.text(5) == "2025-01-06T00:00:00Z");
  CHECK(s.is_null(6));
  CHECK(s.text(7) == kPersonLine);  // the bytes as read: no BOM, no \r
  CHECK(s.text(8) == sha256_hex(kPersonLine));
  CHECK(s.integer(9) == r.import_id);
  REQUIRE(s.step());
  CHECK(s.text(5) == "2025-02-03T09:30:00Z");
  CHECK(s.text(7) == kOtherCaseLine);  // blanks around it trimmed
  CHECK_FALSE(s.step());

  Statement imp(db, "SELECT file, sha256, events_added, events_present, first_seq, last_seq, imported_at FROM imports");
  REQUIRE(imp.step());
  CHECK(imp.text(0) == "first.jsonl");
  CHECK(imp.text(1) == sha256_hex(file));
  CHECK(imp.integer(2) == 2);
  CHECK(imp.text(6) == "1970-01-01T00:00:00Z");
  AuditLog audit(db);
  auto entry = audit.last();
  REQUIRE(entry);
  CHECK(entry->kind == "import");
  CHECK(entry->subject == "1");
  Sha256 added;
  added.update(std::string(kPersonLine) + "\n" + kOtherCaseLine + "\n");
  CHECK(entry->body == "{\"events_added\":2,\"events_present\":0,\"file\":\"first.jsonl\",\"first_seq\":1,\"import\":1,"
                       "\"last_seq\":2,\"lines_sha256\":\"" + added.hex() + "\",\"sha256\":\"" + sha256_hex(file) + "\"}");
}

TEST_CASE("importing the same file twice changes nothing the second time, byte for byte") {
  ScratchFolder dir;
  const std::string path = dir.file("cases.db");
  const std::string file = file_text(source_path("tests/golden/eval/cases.jsonl"));
  {
    Database db(path, Database::Mode::read_write);
    ImportResult r = import_events(db, test_rules(), "cases.jsonl", file);
    REQUIRE(r.ok());
    CHECK(r.added == 7);
  }
  const std::string before = file_sha256(path);
  {
    Database db(path, Database::Mode::read_write);
    ImportResult r = import_events(db, test_rules(), "cases.jsonl", file);
    REQUIRE(r.ok());
    CHECK(r.added == 0);
    CHECK(r.already_present == 7);
    CHECK(r.import_id == 0);
    CHECK(count_of(db, "SELECT count(*) FROM imports") == 1);
    CHECK(count_of(db, "SELECT count(*) FROM audit") == 1);
  }
  CHECK(file_sha256(path) == before);
}

TEST_CASE("a file with one bad line writes nothing, and every bad line is named") {
  ScratchFolder dir;
  const std::string path = dir.file("cases.db");
  { Database db(path, Database::Mode::read_write); }
  const std::string before = file_sha256(path);
  {
    Database db(path, Database::Mode::read_write);
    const std::string file = lines({kPersonLine, R"({"id":"E1-2","case":"E1","type":"request","date":"2025-01-07","route":"by_post"})",
                                    kOtherCaseLine, R"({"id":"E1-3","case":"E1","type":"request","date":"2025-02-30","route":"other"})"});
    ImportResult r = import_events(db, test_rules(), "bad.jsonl", file);
    CHECK_FALSE(r.ok());
    REQUIRE(r.errors.size() == 2);
    CHECK(r.errors[0].to_string().rfind("bad.jsonl:2: error: route: expected one of", 0) == 0);
    CHECK(r.errors[1].to_string() == "bad.jsonl:4: error: date: \"2025-02-30\" is not a real date");
    CHECK(r.added == 0);
    CHECK(count_of(db, "SELECT count(*) FROM events") == 0);
    CHECK(count_of(db, "SELECT count(*) FROM audit") == 0);
  }
  CHECK(file_sha256(path) == before);
}

TEST_CASE("an id already stored with other content is refused, saying it was imported and how to correct it") {
  ScratchFolder dir;
  Database db(dir.file("cases.db"), Database::Mode::read_write);
  REQUIRE(import_events(db, test_rules(), "january.jsonl", lines({kPersonLine, kRequestLine})).ok());
  const std::string changed = R"({"id":"E1-2","case":"E1","type":"request","date":"2025-01-07","route":"other"})";
  ImportResult r = import_events(db, test_rules(), "february.jsonl", lines({kOtherCaseLine, changed.c_str()}));
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].to_string() ==
        "february.jsonl:2: error: event id `E1-2` was already imported (from `january.jsonl`) with different content; "
        "to correct it, import a new event with its own id and `\"amends\": \"E1-2\"`");
  CHECK(count_of(db, "SELECT count(*) FROM events") == 2);

  SECTION("a correction with amends names the stored event and goes in") {
    const std::string amendment =
        R"({"id":"E1-2b","case":"E1","type":"request","date":"2025-01-07","recorded":"2025-01-09T12:00:00Z","amends":"E1-2","route":"other"})";
    ImportResult ok = import_events(db, test_rules(), "correction.jsonl", lines({amendment.c_str()}));
    REQUIRE(ok.ok());
    CHECK(ok.added == 1);
    Statement s(db, "SELECT seq, amends FROM events WHERE event_id = 'E1-2b'");
    REQUIRE(s.step());
    CHECK(s.integer(0) == 3);
    CHECK(s.text(1) == "E1-2");
  }
  SECTION("an amendment of an event stored in no case is refused") {
    const std::string stray = R"({"id":"X-1","case":"E2","type":"request","date":"2025-01-07","amends":"E1-2","route":"other"})";
    ImportResult bad = import_events(db, test_rules(), "stray.jsonl", lines({stray.c_str()}));
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].message == "amends: no earlier event `E1-2` in case `E2`");
  }
}

TEST_CASE("a file partly imported before adds only its new lines, in line order") {
  ScratchFolder dir;
  Database db(dir.file("cases.db"), Database::Mode::read_write);
  REQUIRE(import_events(db, test_rules(), "a.jsonl", lines({kRequestLine})).ok());
  ImportResult r = import_events(db, test_rules(), "b.jsonl", lines({kPersonLine, kRequestLine, kOtherCaseLine, kOtherCaseLine}));
  REQUIRE(r.ok());
  CHECK(r.added == 2);
  CHECK(r.already_present == 2);  // one stored before, one repeated in the file
  CHECK(r.first_seq == 2);
  Statement s(db, "SELECT event_id FROM events ORDER BY seq");
  std::vector<std::string> ids;
  while (s.step()) ids.emplace_back(s.text(0));
  CHECK(ids == std::vector<std::string>{"E1-2", "E1-1", "E2-1"});
}

TEST_CASE("load_events gives the cases the files give, and can stop at a seq") {
  ScratchFolder dir;
  Database db(dir.file("cases.db"), Database::Mode::read_write);
  const std::string file = file_text(source_path("tests/golden/eval/cases.jsonl"));
  // Imported in two parts, the second repeating some of the first.
  const std::size_t half = file.find('\n', file.size() / 2) + 1;
  REQUIRE(import_events(db, test_rules(), "part1.jsonl", file.substr(0, half)).ok());
  REQUIRE(import_events(db, test_rules(), "all.jsonl", file).ok());

  CaseBase direct;
  std::vector<EventError> errors;
  REQUIRE(read_events(test_rules(), "cases.jsonl", file, direct, errors));
  CaseBase stored;
  REQUIRE(load_events(db, test_rules(), stored).empty());
  CHECK(stored.event_count() == direct.event_count());
  const Date as_of = *parse_date("2025-05-01");
  CHECK(decide_all(test_rules(), stored, as_of) == decide_all(test_rules(), direct, as_of));

  CaseBase first_two;
  REQUIRE(load_events(db, test_rules(), first_two, 2).empty());
  CHECK(first_two.event_count() == 2);
}

TEST_CASE("the case a line names is found without reading the line fully") {
  CHECK(case_named_in(kPersonLine) == "E1");
  CHECK(case_named_in(R"({"id":"x","outcomes":{"case":"no"},"note":"a \"case\": here","case":"P-7"})") == "P-7");
  CHECK(case_named_in(R"( { "case" : "P-8" } )") == "P-8");
  CHECK(case_named_in(R"({"case":"P-\u0039"})") == "P-9");   // escapes: the parser decides
  CHECK(case_named_in(R"({"c\u0061se":"P-10"})") == "P-10");
  CHECK(case_named_in(R"({"id":"x"})") == std::nullopt);
  CHECK(case_named_in(R"({"case":17})") == std::nullopt);
  CHECK(case_named_in("not json") == std::nullopt);
  CHECK(case_named_in(R"({"list":[1,{"case":"no"}],"case")") == std::nullopt);
}

TEST_CASE("event lines are numbered and trimmed as the reader numbers and trims them") {
  EventLines walk("\xEF\xBB\xBF{\"a\":1}\r\n\n \t\n  {\"b\":2}  \n{\"c\":3}");
  std::string_view line;
  std::uint32_t number = 0;
  REQUIRE(walk.next(line, number));
  CHECK((line == "{\"a\":1}" && number == 1));
  REQUIRE(walk.next(line, number));
  CHECK((line == "{\"b\":2}" && number == 4));
  REQUIRE(walk.next(line, number));
  CHECK((line == "{\"c\":3}" && number == 5));
  CHECK_FALSE(walk.next(line, number));
  EventLines by_number("x\n\ny\nz");
  CHECK(by_number.line(3) == "y");
  CHECK(by_number.line(4) == "z");
}
