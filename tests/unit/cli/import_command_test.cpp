// `carerules import` chooses the rules that check the events: --rules, else
// the rules of the latest run in the database, else rules/national.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "dsl/load_program.hpp"
#include "engine/store/audit_log.hpp"
#include "engine/store/runs.hpp"
#include "repl/commands.hpp"

using namespace carerules;

namespace {

constexpr const char* kOnlyPeople = R"(pack tiny.people "People and nothing else"
  version 1
  in force from 2015-04-01

enum client_type "Kind of client"
  service_user "a person with needs for care and support"
  carer "a carer"

event person "A person known to the council"
  date_of_birth: date
  client_type: client_type
)";

std::int64_t count_events(const std::string& db_path) {
  Database db(db_path, Database::Mode::read_only);
  Statement s(db, "SELECT count(*) FROM events");
  REQUIRE(s.step());
  return s.integer(0);
}

}  // namespace

TEST_CASE("without --rules, import checks events against the rules of the latest run") {
  namespace fs = std::filesystem;
  std::string pattern = (fs::temp_directory_path() / "carerules-cli-XXXXXX").string();
  const fs::path dir = ::mkdtemp(pattern.data());
  const std::string db_path = (dir / "cases.db").string();
  {
    Diagnostics diagnostics;
    auto program = load_program_from_texts({{"rules/tiny/people.care", kOnlyPeople}}, LoadOptions{}, diagnostics);
    REQUIRE(program);
    Database db(db_path, Database::Mode::read_write);
    Transaction t(db);
    AuditLog log(db);
    RunHeader header;
    header.as_of = *parse_date("2025-05-01");
    header.rules = "rules/tiny";
    RunRecorder run(log, header, *program);
    run.finish();
    t.commit();
  }
  const std::string person = (dir / "person.jsonl").string(), request = (dir / "request.jsonl").string();
  std::ofstream(person) << R"({"id":"P1-1","case":"P1","type":"person","date":"2025-01-06","date_of_birth":"1943-06-12","client_type":"service_user"})"
                        << "\n";
  std::ofstream(request) << R"({"id":"P1-2","case":"P1","type":"request","date":"2025-01-07","route":"community"})" << "\n";
  cli::Output out;
  // The run's rules know no `request` events: refused, though rules/national here knows them.
  CHECK(cli::run_import({db_path, std::nullopt, {request}}, out) == 1);
  CHECK(count_events(db_path) == 0);
  CHECK(cli::run_import({db_path, std::nullopt, {person}}, out) == 0);
  CHECK(count_events(db_path) == 1);
  // --rules wins over the run's.
  CHECK(cli::run_import({db_path, std::string(CARERULES_SOURCE_DIR) + "/tests/golden/rules/national", {request}}, out) == 0);
  CHECK(count_events(db_path) == 2);
  fs::remove_all(dir);
}
