// The auditors' REPL command grammar (repl/auditor/command_grammar.cpp):
// every command parses to its own struct with the words typed and their
// columns; every mistake is a message that says what was expected and where.
#include <catch2/catch.hpp>

#include "repl/auditor/command.hpp"
#include "repl/auditor/command_list.hpp"
#include "repl/auditor/completion.hpp"

using namespace carerules::auditor;

namespace {

template <typename C>
C parsed_as(const std::string& line) {
  ParsedLine p = parse_command(line);
  INFO(line);
  if (p.error) INFO(render_parse_error(line, *p.error));
  REQUIRE(!p.error);
  REQUIRE(p.command);
  REQUIRE(std::holds_alternative<C>(*p.command));
  return std::get<C>(*p.command);
}

ParseError error_of(const std::string& line) {
  ParsedLine p = parse_command(line);
  INFO(line);
  REQUIRE(p.error);
  REQUIRE(!p.command);
  return *p.error;
}

}  // namespace

TEST_CASE("commands without arguments") {
  parsed_as<command::Runs>("runs");
  parsed_as<command::ShowRun>("show run");
  parsed_as<command::Packs>("  packs  ");
  parsed_as<command::Settings>("settings");
  parsed_as<command::History>("history");
  parsed_as<command::Decisions>("decisions");
  parsed_as<command::Tasks>("tasks");
  parsed_as<command::Alerts>("alerts");
  parsed_as<command::Checkpoints>("checkpoints");
  parsed_as<command::Status>("status");
  parsed_as<command::Quit>("quit");
  parsed_as<command::Quit>("exit");
  CHECK(!parsed_as<command::Replay>("replay").all);
  CHECK(parsed_as<command::Replay>("replay all").all);
}

TEST_CASE("command words are whole words, in any case") {
  parsed_as<command::Runs>("RUNS");
  parsed_as<command::WhyNot>("Why Not adult_eligible");
  CHECK(parsed_as<command::SelectRun>("run 12").number.text == "12");
  // `runs` is not `run` followed by `s`; `why nothing` asks why of `nothing`.
  CHECK(parsed_as<command::Why>("why nothing").decision.text == "nothing");
  CHECK(error_of("runsx").message == "`runsx` is not a command; did you mean `runs`?");
}

TEST_CASE("arguments keep the columns they were typed at") {
  auto c = parsed_as<command::SelectCase>("case   AT-0240");
  CHECK(c.id.text == "AT-0240");
  CHECK(c.id.column == 8);
  auto q = parsed_as<command::SelectCase>("case \"A 1\"");
  CHECK(q.id.text == "A 1");
  CHECK(q.id.quoted);
  CHECK(q.id.column == 6);
  CHECK(parsed_as<command::Why>("why adult_eligible").decision.column == 5);
  CHECK(parsed_as<command::WhyNot>("why not adult_eligible").decision.column == 9);
  CHECK(parsed_as<command::ShowEvent>("event AT-0240-e5").id.text == "AT-0240-e5");
  CHECK(parsed_as<command::Cases>("cases AT-02").prefix->text == "AT-02");
  CHECK(!parsed_as<command::Cases>("cases").prefix);
}

TEST_CASE("dates and times") {
  CHECK(parsed_as<command::AsOf>("as of 2026-03-05").date->text == "2026-03-05");
  CHECK(!parsed_as<command::AsOf>("as of run").date);
  CHECK(parsed_as<command::KnownAt>("known at 2026-03-06T17:00:00Z").time->text == "2026-03-06T17:00:00Z");
  CHECK(parsed_as<command::KnownAt>("known at 2026-03-06").time->text == "2026-03-06");
  CHECK(!parsed_as<command::KnownAt>("known at run").time);

  ParseError shape = error_of("as of 2026-3-5");
  CHECK(shape.column == 7);
  CHECK(shape.message == "expected a date written YYYY-MM-DD, or `run` for the run's own date; found `2026-3-5`");
  ParseError unreal = error_of("as of 2026-02-30");
  CHECK(unreal.column == 7);
  CHECK(unreal.length == 10);
  CHECK(unreal.message.find("not a real date") != std::string::npos);
  CHECK(error_of("known at 2026-03-06T25:00:00Z").column == 10);
  CHECK(error_of("as 2026-03-05").message == "expected `of`, as in `as of 2026-03-05`; found `2026-03-05`");
}

TEST_CASE("what if takes one change or several") {
  auto one = parsed_as<command::WhatIf>("what if involvement.difficulty.understanding = true");
  REQUIRE(one.changes.size() == 1);
  CHECK(one.changes[0].field.text == "involvement.difficulty.understanding");
  CHECK(one.changes[0].value.text == "true");
  CHECK(one.changes[0].value.column == 48);
  auto two = parsed_as<command::WhatIf>("what if assessment.wellbeing_impact=significant and placement.expected_days = 30");
  REQUIRE(two.changes.size() == 2);
  CHECK(two.changes[0].value.text == "significant");
  CHECK(two.changes[1].field.text == "placement.expected_days");
  CHECK(two.changes[1].value.text == "30");
  auto quoted = parsed_as<command::WhatIf>("what if visit.worker = \"W 1\"");
  CHECK(quoted.changes[0].value.quoted);
  CHECK(quoted.changes[0].value.text == "W 1");
  auto json = parsed_as<command::WhatIf>("what if involvement.appropriate_individual = {\"relationship\": \"son\"}");
  CHECK(json.changes[0].value.text == "{\"relationship\": \"son\"}");

  CHECK(error_of("what if a.b 1").message == "expected `=`; found `1`");
  CHECK(error_of("what if a.b =").message.find("expected a value") == 0);
  CHECK(error_of("what if a.b = 1 c.d = 2").message == "expected `and` another change, or the end of the command; found `c.d`");
  CHECK(error_of("what if a.b = \"x").message == "expected a closing quote `\"`, but the command ends there");
  CHECK(error_of("what a.b = 1").column == 6);
}

TEST_CASE("diff pack") {
  auto one = parsed_as<command::DiffPack>("diff pack 9fbdac3f draft/anytown-2026.care");
  CHECK(one.from.text == "9fbdac3f");
  CHECK(one.to.text == "draft/anytown-2026.care");
  CHECK(!one.all);
  CHECK(parsed_as<command::DiffPack>("diff pack a b over all cases").all);
  CHECK(error_of("diff pack a b over all").message == "expected `cases`, as in `over all cases`, but the command ends there");
  CHECK(error_of("diff pack a").column == 12);
  CHECK(error_of("diff a b").message.find("expected `pack`") == 0);
}

TEST_CASE("help, blank lines and comments") {
  CHECK(!parsed_as<command::Help>("help").topic);
  CHECK(parsed_as<command::Help>("help why not").topic->text == "why not");
  ParsedLine blank = parse_command("   ");
  CHECK(!blank.command);
  CHECK(!blank.error);
  ParsedLine comment = parse_command("# the complaint of 3 March");
  CHECK(!comment.command);
  CHECK(!comment.error);
}

TEST_CASE("mistakes say what was expected and where, with an example") {
  ParseError e = error_of("why not");
  CHECK(e.column == 8);
  CHECK(e.message == "expected a decision name, such as adult_eligible, but the command ends there");
  CHECK(e.help == "for example: why not adult_eligible");
  CHECK(render_parse_error("why not", e) ==
        "error at column 8: expected a decision name, such as adult_eligible, but the command ends there\n"
        "  why not\n"
        "         ^\n"
        "  for example: why not adult_eligible");
  ParseError extra = error_of("runs now");
  CHECK(extra.column == 6);
  CHECK(extra.length == 3);
  CHECK(error_of("show").help == "for example: show run");
  CHECK(error_of("run x").message == "expected a run number, such as 2; found `x`");
  CHECK(error_of("run 99999999999999999999").message.find("there is no run") == 0);
}

TEST_CASE("a misspelt command gets the nearest one") {
  CHECK(error_of("hisory").message == "`hisory` is not a command; did you mean `history`?");
  CHECK(error_of("decsions").message == "`decsions` is not a command; did you mean `decisions`?");
  CHECK(error_of("replya all").message == "`replya` is not a command; did you mean `replay`?");
  CHECK(error_of("zzzzzzzzzz").message == "`zzzzzzzzzz` is not a command");
  CHECK(error_of("\xff\xfe").message == "`\xff\xfe` is not a command");
}

TEST_CASE("every command in the list parses from its own example") {
  for (const CommandInfo& c : command_list()) {
    ParsedLine p = parse_command(c.example);
    INFO(c.example);
    CHECK(!p.error);
    CHECK(p.command);
    CHECK(find_command(c.words) == &c);
  }
}

TEST_CASE("completion offers what may come next") {
  CompletionSources sources;
  sources.case_ids = [] { return std::vector<std::string>{"AT-0001", "AT-0002", "AT-0240"}; };
  sources.decision_names = [] { return std::vector<std::string>{"adult_eligible", "advocate_required", "carer_eligible"}; };
  sources.field_paths = [] { return std::vector<std::string>{"assessment.kind", "assessment.wellbeing_impact"}; };
  CHECK(complete("", "re", sources) == std::vector<std::string>{"replay"});
  CHECK(complete("", "ru", sources) == std::vector<std::string>{"run", "runs"});
  CHECK(complete("case ", "AT-00", sources) == std::vector<std::string>{"AT-0001", "AT-0002"});
  CHECK(complete("why ", "a", sources) == std::vector<std::string>{"adult_eligible", "advocate_required"});
  CHECK(complete("why ", "n", sources) == std::vector<std::string>{"not"});
  CHECK(complete("why not ", "c", sources) == std::vector<std::string>{"carer_eligible"});
  CHECK(complete("as ", "", sources) == std::vector<std::string>{"of"});
  CHECK(complete("what if ", "assessment.w", sources) == std::vector<std::string>{"assessment.wellbeing_impact"});
  CHECK(complete("what if assessment.kind = needs and ", "assessment.k", sources) ==
        std::vector<std::string>{"assessment.kind"});
  CHECK(complete("runs ", "", sources).empty());
}
