// Deterministic fuzzing of `import`: the example events, mutated many ways
// (byte flips, cuts, repeated and inserted pieces), imported into a store
// that already holds them. Each import either adds what is new or is refused
// with every bad line named (FILE:LINE), and a refused import leaves the
// store as it was: no event, import row or audit entry. Never a crash.
// CARERULES_FUZZ_ROUNDS=N for a longer soak.
#include "tests/unit/store/store_support.hpp"


#include "engine/store/audit_log.hpp"
#include "engine/store/database.hpp"
#include "engine/store/event_store.hpp"
#include "tests/unit/fuzz_random.hpp"

using namespace carerules;
using namespace carerules::test;

namespace {

struct Mutator : testing::SplitMix64 {
  std::string mutate(std::string s) {
    static const char* pieces[] = {"\"", "{", "}", ",", ":", "\n", "null", "true", "[", "]", "\\", "\"case\":\"Z\"",
                                   "\"amends\":\"e1\",", "\"id\":\"x\",", "2025-02-30", "\xC3\xA9", "\xFF"};
    const int edits = 1 + static_cast<int>(below(3));
    for (int i = 0; i < edits && !s.empty(); ++i) {
      const std::size_t at = below(s.size());
      switch (below(5)) {
        case 0: s[at] = static_cast<char>(next() & 0xFF); break;
        case 1: s.erase(at, 1 + below(16)); break;
        case 2: s.insert(at, pieces[below(sizeof pieces / sizeof *pieces)]); break;
        case 3: s.insert(at, s.substr(below(s.size()), below(60))); break;
        default: s.resize(at); break;
      }
    }
    return s;
  }
};

std::int64_t count(Database& db, const char* sql) {
  Statement s(db, sql);
  s.step();
  return s.integer(0);
}

}  // namespace

TEST_CASE("mutated event files import whole or not at all, bad lines named, never a crash", "[fuzz][store]") {
  const int rounds = testing::fuzz_rounds(150);
  ScratchFolder scratch;
  Database db(scratch.file("fuzz.db"), Database::Mode::read_write);
  const std::string original = file_text(source_path("tests/golden/eval/cases.jsonl"));
  REQUIRE(import_events(db, test_rules(), "cases.jsonl", original).ok());
  Mutator m;
  m.state = 20261207;
  int refused = 0, added = 0;
  for (int round = 0; round < rounds; ++round) {
    // A few lines of the file, mutated, so that most lines are already stored.
    std::string text;
    std::size_t pos = 0;
    while (pos < original.size()) {
      std::size_t end = original.find('\n', pos);
      if (end == std::string::npos) end = original.size();
      std::string line = original.substr(pos, end - pos);
      pos = end + 1;
      text += (m.below(6) == 0 ? m.mutate(line) : line) + "\n";
    }
    const auto events = count(db, "SELECT count(*) FROM events"), imports = count(db, "SELECT count(*) FROM imports"),
               entries = count(db, "SELECT count(*) FROM audit");
    ImportResult result = import_events(db, test_rules(), "mutated.jsonl", text);
    if (!result.ok()) {
      ++refused;
      for (const EventError& e : result.errors) {
        INFO(e.to_string());
        CHECK(e.file == "mutated.jsonl");
        CHECK(e.line > 0);
        CHECK_FALSE(e.message.empty());
      }
      CHECK(count(db, "SELECT count(*) FROM events") == events);
      CHECK(count(db, "SELECT count(*) FROM imports") == imports);
      CHECK(count(db, "SELECT count(*) FROM audit") == entries);
    } else {
      added += result.added > 0;
      CHECK(count(db, "SELECT count(*) FROM events") == events + static_cast<std::int64_t>(result.added));
      CHECK(count(db, "SELECT count(*) FROM imports") == imports + (result.added > 0 ? 1 : 0));
    }
  }
  CHECK(refused > rounds / 4);  // the mutations do reach the checks
  CHECK(count(db, "SELECT count(*) FROM (SELECT 1 FROM events GROUP BY case_id, event_id HAVING count(*) > 1)") == 0);
}
