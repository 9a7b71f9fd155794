// Deterministic fuzzing of the REPL's command grammar in the ordinary test
// run: every command's example, mutated thousands of ways, must parse or be
// refused with a message that has a column inside the line (or just after
// it) — never a crash, a hang or an empty message. CARERULES_FUZZ_ROUNDS=N
// runs N rounds instead of the default, for a longer soak.
#include <catch2/catch.hpp>
#include <algorithm>
#include <string>

#include "repl/auditor/command.hpp"
#include "repl/auditor/command_list.hpp"
#include "tests/unit/fuzz_random.hpp"

using namespace carerules::auditor;

namespace {

struct Mutator : carerules::testing::SplitMix64 {
  std::string mutate(std::string s) {
    static const char* pieces[] = {" ", "\t", "\"", "=", " and ", "not ", "all", "over all cases", "2026-02-30",
                                   "2026-03-05T25:61:00Z", "run", ".", "{", "[", "#", "\xC3\xA9", "\xFF", "\r", "-",
                                   "99999999999999999999999", "why", "what if", "as of"};
    int edits = 1 + static_cast<int>(below(4));
    for (int i = 0; i < edits; ++i) {
      std::size_t at = below(s.size() + 1);
      switch (below(5)) {
        case 0:
          if (!s.empty()) s[std::min(at, s.size() - 1)] = static_cast<char>(next() & 0xFF);
          break;
        case 1: s.erase(std::min(at, s.size()), 1 + below(8)); break;
        case 2: s.insert(at, pieces[below(sizeof pieces / sizeof *pieces)]); break;
        case 3:
          if (!s.empty()) s.insert(at, s.substr(below(s.size()), below(12)));
          break;
        default: s.resize(std::min(at, s.size())); break;
      }
    }
    return s;
  }
};

}  // namespace

TEST_CASE("mutated commands parse or are refused with a column, never a crash", "[fuzz]") {
  Mutator m{20261207};
  const int n = carerules::testing::fuzz_rounds(3000);
  int refused = 0, accepted = 0;
  const auto& commands = command_list();
  for (int i = 0; i < n; ++i) {
    const std::string line = m.mutate(commands[m.below(commands.size())].example);
    ParsedLine parsed = parse_command(line);
    INFO(line);
    if (parsed.error) {
      ++refused;
      REQUIRE(!parsed.command);
      REQUIRE(!parsed.error->message.empty());
      REQUIRE(parsed.error->column >= 1);
      REQUIRE(static_cast<std::size_t>(parsed.error->column) <= line.size() + 1);
      REQUIRE(parsed.error->length >= 1);
      const std::string shown = render_parse_error(line, *parsed.error);
      REQUIRE(shown.rfind("error at column ", 0) == 0);
      REQUIRE(shown.find('^') != std::string::npos);
      // Never the parser's own words.
      REQUIRE(shown.find("boost") == std::string::npos);
      REQUIRE(shown.find("lexeme") == std::string::npos);
      REQUIRE(shown.find("N5boost") == std::string::npos);
    } else if (parsed.command) {
      ++accepted;
    }
  }
  CHECK(refused > 0);
  CHECK(accepted > 0);
}
