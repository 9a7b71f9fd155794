#include "tests/unit/dsl/check_support.hpp"

TEST_CASE("check: a used pack that does not exist is reported with a suggestion", "[check][packs][errors]") {
  TempDir dir;
  std::string base = dir.write("rules/base.care", kBase);
  std::string other = dir.write("rules/other.care", header("t.other", "  uses t.bsae") + "decision d \"D\"\n  cites \"x\"\n  value 1\n");
  auto loaded = load({base, other});
  CHECK(loaded->program == nullptr);
  std::vector<Diagnostic> all = loaded->diagnostics.sorted();
  INFO(loaded->report());
  REQUIRE(all.size() == 1);
  CHECK(all[0].message == "there is no pack called `t.bsae`");
  CHECK(all[0].help == "did you mean `t.base`?");
  CHECK(all[0].span.line == 4);
  CHECK(all[0].span.column == 8);
}

TEST_CASE("check: syntax errors found by load_program name their file and show the line", "[check][errors][bug]") {
  // BUG (dsl/load_program.cpp): the parse diagnostics of each file are copied
  // into the caller's Diagnostics with `diagnostics.error(d.span, ...)`, but a
  // stored Diagnostic's span.file is already null (diagnostics.cpp clears it), so
  // the copy loses the file name and the source line. `carerules check` then
  // prints ":6:9: error: ..." with an empty source line and no path.
  TempDir dir;
  std::string path = dir.write("rules/p.care", header("t.p") + "\ndecision d \"D\"\n  value 1 +\n  otherwise no\n");
  auto loaded = load({path});
  CHECK(loaded->program == nullptr);
  std::vector<Diagnostic> all = loaded->diagnostics.sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].span.line == 8);
  CHECK(all[0].span.column == 3);
  CHECK(all[0].file == path);
  CHECK(all[0].line_text == "  otherwise no");
  CHECK(loaded->diagnostics.render(false).rfind(path + ":8:3: error: unexpected `otherwise`", 0) == 0);
}

// ================================================================ versions

namespace {

std::string version_of(const std::string& version, const std::string& from, const std::string& until, int value) {
  return "pack t.ver \"Versioned\"\n  version " + version + "\n  in force from " + from +
         (until.empty() ? "" : " until " + until) + "\n\ndecision which \"Which\"\n  cites \"x\"\n  value " +
         std::to_string(value) + "\n";
}

}  // namespace

TEST_CASE("check: LoadOptions::as_of picks the version in force", "[check][versions]") {
  TempDir dir;
  std::string v1 = dir.write("rules/ver-2020.care", version_of("2020.1", "2020-01-01", "2022-12-31", 1));
  std::string v2 = dir.write("rules/ver-2023.care", version_of("2023.1", "2023-01-01", "", 2));
  auto which = [](const Program& p) {
    return constant_of(p, decision(p, "which").cases.at(0).value).number;
  };

  SECTION("without as_of, the newest") {
    auto loaded = load_ok({v1, v2});
    REQUIRE(loaded->program->packs.size() == 1);
    CHECK(loaded->program->packs[0].version == "2023.1");
    CHECK(which(*loaded->program) == 2);
  }
  SECTION("as of a date in the first version's span") {
    LoadOptions options;
    options.as_of = from_ymd(2021, 6, 1);
    auto loaded = load_ok({v1, v2}, options);
    REQUIRE(loaded->program->packs.size() == 1);
    CHECK(loaded->program->packs[0].version == "2020.1");
    CHECK(loaded->program->packs[0].in_force_from == from_ymd(2020, 1, 1));
    REQUIRE(loaded->program->packs[0].in_force_until.has_value());
    CHECK(*loaded->program->packs[0].in_force_until == from_ymd(2022, 12, 31));
    CHECK(which(*loaded->program) == 1);
  }
  SECTION("as of the first version's last day, and the second's first day") {
    LoadOptions options;
    options.as_of = from_ymd(2022, 12, 31);
    CHECK(load_ok({v1, v2}, options)->program->packs.at(0).version == "2020.1");
    options.as_of = from_ymd(2023, 1, 1);
    CHECK(load_ok({v1, v2}, options)->program->packs.at(0).version == "2023.1");
  }
  SECTION("as of a later date") {
    LoadOptions options;
    options.as_of = from_ymd(2025, 3, 1);
    auto loaded = load_ok({v2, v1}, options);
    CHECK(loaded->program->packs.at(0).version == "2023.1");
    CHECK(which(*loaded->program) == 2);
  }
  SECTION("as of a date before both") {
    LoadOptions options;
    options.as_of = from_ymd(2019, 6, 1);
    auto loaded = load({v1, v2}, options);
    CHECK(loaded->program == nullptr);
    INFO(loaded->report());
    std::vector<Diagnostic> all = loaded->diagnostics.sorted();
    REQUIRE(all.size() == 1);
    CHECK(all[0].message == "no version of the pack `t.ver` is in force on 2019-06-01");
    CHECK(all[0].help.find("in force from") != std::string::npos);
  }
}

TEST_CASE("check: a folder given as the path is searched for both versions", "[check][versions]") {
  TempDir dir;
  dir.write("rules/ver/a.care", version_of("2020.1", "2020-01-01", "", 1));
  dir.write("rules/ver/b.care", version_of("2023.1", "2023-01-01", "", 2));
  LoadOptions options;
  options.as_of = from_ymd(2022, 1, 1);
  auto loaded = load_ok({dir.path("rules/ver")}, options);
  CHECK(loaded->program->packs.at(0).version == "2020.1");
}

TEST_CASE("check: two versions in force from the same day are an error", "[check][versions][errors]") {
  TempDir dir;
  std::string v1 = dir.write("rules/a.care", version_of("1", "2020-01-01", "", 1));
  std::string v2 = dir.write("rules/b.care", version_of("2", "2020-01-01", "", 2));
  auto loaded = load({v1, v2});
  CHECK(loaded->program == nullptr);
  CHECK(messages(loaded->diagnostics).find("two versions of the pack `t.ver` come into force on the same day") !=
        std::string::npos);
}

// ================================================================ dependency search

TEST_CASE("check: a used pack is found under the nearest folder named `rules`", "[check][packs]") {
  TempDir dir;
  std::string base_text = kBase;
  // the nearest `rules` folder holds the pack to find ...
  dir.write("outer/rules/inner/rules/national/base.care", base_text);
  // ... an outer `rules` folder holds another pack of the same name that must not be used
  std::string decoy = base_text;
  decoy.replace(decoy.find("\"Pack t.base\""), 13, "\"Decoy base\"");
  decoy.replace(decoy.find("in force from 2020-01-01"), 24, "in force from 2021-01-01");
  dir.write("outer/rules/national/base.care", decoy);
  std::string council = dir.write("outer/rules/inner/rules/council/local.care",
                                  header("t.local", "  uses t.base") + "decision local_d \"L\"\n  cites \"x\"\n  value base_d\n");

  auto loaded = load_ok({council});
  const Program& p = *loaded->program;
  REQUIRE(p.packs.size() == 2);
  CHECK(p.packs[0].name == "t.base");
  CHECK(p.packs[0].title == "Pack t.base");  // not the decoy
  REQUIRE(p.packs[0].files.size() == 1);
  CHECK(fs::path(p.packs[0].files[0]->path).lexically_normal() ==
        fs::path(dir.path("outer/rules/inner/rules/national/base.care")).lexically_normal());
  CHECK(p.packs[1].name == "t.local");
  CHECK(decision(p, "local_d").decisions_used == std::vector<int>{p.find_decision("base_d")});
}

TEST_CASE("check: as_of chooses among the versions of a pack found by dependency search", "[check][packs][versions]") {
  TempDir dir;
  dir.write("rules/national/base-2020.care",
            "pack t.base \"Base 2020\"\n  version 2020.1\n  in force from 2020-01-01\n"
            "decision base_d \"B\"\n  cites \"x\"\n  value 2020\n");
  dir.write("rules/national/base-2024.care",
            "pack t.base \"Base 2024\"\n  version 2024.1\n  in force from 2024-01-01\n"
            "decision base_d \"B\"\n  cites \"x\"\n  value 2024\n");
  std::string council = dir.write("rules/council/local.care", header("t.local", "  uses t.base"));
  LoadOptions options;
  options.as_of = from_ymd(2023, 6, 30);
  auto old = load_ok({council}, options);
  REQUIRE(old->program->packs.size() == 2);
  CHECK(old->program->packs[0].version == "2020.1");
  CHECK(constant_of(*old->program, decision(*old->program, "base_d").cases.at(0).value).number == 2020);
  options.as_of = from_ymd(2024, 1, 1);
  auto current = load_ok({council}, options);
  CHECK(current->program->packs.at(0).version == "2024.1");
  CHECK(load_ok({council})->program->packs.at(0).version == "2024.1");
}

TEST_CASE("check: packs that are not needed are not loaded from the rules folder", "[check][packs]") {
  TempDir dir;
  dir.write("rules/national/base.care", kBase);
  dir.write("rules/national/unrelated.care", header("t.unrelated") + "decision u \"U\"\n  cites \"x\"\n  value 1\n");
  // a broken file nobody uses must not stop the load
  dir.write("rules/national/broken.care", "pack t.broken \"Broken\n");
  std::string council = dir.write("rules/council/local.care", header("t.local", "  uses t.base"));
  auto loaded = load_ok({council});
  REQUIRE(loaded->program->packs.size() == 2);
  CHECK(loaded->program->packs[0].name == "t.base");
  CHECK(loaded->program->packs[1].name == "t.local");
  CHECK(loaded->program->find_decision("u") < 0);
}

TEST_CASE("check: without find_dependencies a used pack is not searched for", "[check][packs][errors]") {
  TempDir dir;
  dir.write("rules/national/base.care", kBase);
  std::string council = dir.write("rules/council/local.care", header("t.local", "  uses t.base"));
  LoadOptions options;
  options.find_dependencies = false;
  auto loaded = load({council}, options);
  CHECK(loaded->program == nullptr);
  CHECK(messages(loaded->diagnostics).find("there is no pack called `t.base`") != std::string::npos);
}

TEST_CASE("check: a tests file finds the pack it tests", "[check][packs]") {
  TempDir dir;
  dir.write("rules/national/base.care", kBase);
  std::string tests = dir.write("rules/national/base-tests.care", R"care(tests for t.base

test "counts"
  as of 2025-01-01
  given visit on 2024-12-01 with colour blue
  expect base_d is 1
)care");
  auto loaded = load_ok({tests});
  const Program& p = *loaded->program;
  REQUIRE(p.packs.size() == 1);
  REQUIRE(p.tests.size() == 1);
  CHECK(p.tests[0].name == "counts");
  CHECK(p.tests[0].pack == 0);
  CHECK(p.tests[0].as_of == from_ymd(2025, 1, 1));
  REQUIRE(p.tests[0].events.size() == 1);
  CHECK(p.tests[0].events[0].event_type == p.find_event("visit"));
  CHECK(p.tests[0].events[0].date == from_ymd(2024, 12, 1));
  CHECK(p.tests[0].events[0].fields.items.at(0).enum_value == 1);  // blue
  REQUIRE(p.tests[0].expects.size() == 1);
  CHECK(p.tests[0].expects[0].decision == p.find_decision("base_d"));
  CHECK(p.tests[0].expects[0].value.number == 1);
}

// ================================================================ hash

TEST_CASE("check: the pack hash is the SHA-256 of its text, stable across loads", "[check][hash]") {
  TempDir dir;
  std::string path = dir.write("rules/base.care", kBase);
  auto first = load_ok({path});
  const std::string hash = first->program->packs.at(0).hash;
  REQUIRE(hash.size() == 64);
  CHECK(std::all_of(hash.begin(), hash.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f'); }));
  CHECK(hash == sha256_hex(kBase));

  CHECK(load_ok({path})->program->packs.at(0).hash == hash);

  dir.write("rules/base.care", kBase + "# one more comment\n");
  const std::string changed = load_ok({path})->program->packs.at(0).hash;
  CHECK(changed.size() == 64);
  CHECK(changed != hash);
}

// ================================================================ the national pack

TEST_CASE("check: the national pack loads with no errors", "[check][national]") {
  auto loaded = load_ok({CARERULES_SOURCE_DIR "/rules/national"});
  const Program& p = *loaded->program;
  CHECK(loaded->diagnostics.all().empty());  // no warnings either

  std::vector<std::string> packs;
  for (const PackDef& pack : p.packs) packs.push_back(pack.name);
  CHECK(std::find(packs.begin(), packs.end(), "care_act.schema") != packs.end());
  CHECK(std::find(packs.begin(), packs.end(), "care_act.eligibility") != packs.end());

  const int adult_outcome = enum_id(p, "adult_outcome");
  const int carer_outcome = enum_id(p, "carer_outcome");
  CHECK(p.enums[static_cast<std::size_t>(adult_outcome)].values.size() == 10);
  CHECK(p.enums[static_cast<std::size_t>(carer_outcome)].values.size() == 8);

  CHECK(decision(p, "adult_eligible").type == Type{TypeKind::boolean});
  CHECK(decision(p, "carer_eligible").type == Type{TypeKind::boolean});
  CHECK(decision(p, "adult_unable_outcomes").type == Type{TypeKind::set, adult_outcome});
  CHECK(decision(p, "carer_unable_outcomes").type == Type{TypeKind::set, carer_outcome});
  for (const char* name : {"adult_eligible", "adult_unable_outcomes", "carer_eligible", "carer_unable_outcomes"}) {
    INFO(name);
    CHECK_FALSE(decision(p, name).cites.empty());
    CHECK_FALSE(decision(p, name).explain.empty());
  }
  CHECK(p.evaluation_order.size() == p.decisions.size());
  CHECK_FALSE(p.tests.empty());  // eligibility-tests.care
}

// ================================================================ closest_name

TEST_CASE("closest_name suggests near names and refuses far ones", "[diagnostics]") {
  const std::vector<std::string> names{"adult_eligible", "carer_eligible", "adult_unable_outcomes", "threshold"};
  CHECK(closest_name("adult_eligble", names) == "adult_eligible");   // a letter missing
  CHECK(closest_name("adult_elgiible", names) == "adult_eligible");  // two letters swapped
  CHECK(closest_name("carer_eligable", names) == "carer_eligible");  // a letter wrong
  CHECK(closest_name("thershold", names) == "threshold");
  CHECK(closest_name("threshold", names) == "threshold");            // exact
  CHECK(closest_name("adult_unable", names).empty());                // 9 edits away
  CHECK(closest_name("visit", names).empty());
  CHECK(closest_name("xyz", names).empty());
  CHECK(closest_name("anything", {}).empty());
  // short names: at most 2 edits
  CHECK(closest_name("ab", {"abcd"}) == "abcd");
  CHECK(closest_name("ab", {"abcde"}).empty());
  // ties go to the alphabetically first name, whatever the order given
  CHECK(closest_name("cat", {"hat", "bat"}) == "bat");
  CHECK(closest_name("cat", {"bat", "hat"}) == "bat");
}

// ================================================================ rendering

TEST_CASE("Diagnostics::render: one error in the exact format", "[diagnostics]") {
  SourceFile file{"rules/x.care", "pack a \"t\"\n  version 1\n  bogus here\n"};
  Diagnostics d;
  d.error(Span{&file, 3, 3, 5}, "there is no such thing", "remove it");
  CHECK(d.render(false) ==
        "rules/x.care:3:3: error: there is no such thing\n"
        "  |\n"
        "3 |   bogus here\n"
        "  |   ^^^^^\n"
        "  = help: remove it\n");
  REQUIRE(d.all().size() == 1);
  CHECK(d.all()[0].file == "rules/x.care");
  CHECK(d.all()[0].line_text == "  bogus here");
  CHECK(d.all()[0].span.file == nullptr);  // diagnostics outlive their sources
}

TEST_CASE("Diagnostics::render: no help line, wide gutters, clamped carets, warnings, whole files", "[diagnostics]") {
  std::string text;
  for (int i = 1; i <= 12; ++i) text += "line " + std::to_string(i) + "\n";
  SourceFile file{"f.care", text};

  Diagnostics no_help;
  no_help.error(Span{&file, 12, 1, 4}, "bad");
  CHECK(no_help.render(false) ==
        "f.care:12:1: error: bad\n"
        "   |\n"
        "12 | line 12\n"
        "   | ^^^^\n");

  Diagnostics clamped;
  clamped.error(Span{&file, 2, 6, 40}, "too long");
  CHECK(clamped.render(false) ==
        "f.care:2:6: error: too long\n"
        "  |\n"
        "2 | line 2\n"
        "  |      ^\n");

  Diagnostics warning;
  warning.warning(Span{&file, 1, 1, 4}, "careful");
  CHECK(warning.render(false) ==
        "f.care:1:1: warning: careful\n"
        "  |\n"
        "1 | line 1\n"
        "  | ^^^^\n");
  CHECK_FALSE(warning.has_errors());
  CHECK(warning.error_count() == 0);

  Diagnostics whole;
  whole.error_in_file("missing.care", "cannot read this file");
  CHECK(whole.render(false) == "missing.care: error: cannot read this file\n");
  CHECK(whole.has_errors());

  Diagnostics coloured;
  coloured.error(Span{&file, 1, 1, 4}, "bad", "fix");
  std::string c = coloured.render(true);
  CHECK(c.find("\x1b[1;31m") != std::string::npos);
  CHECK(c.find("\x1b[0m") != std::string::npos);
}

TEST_CASE("Diagnostics::render: a tab before the column is kept under the caret", "[diagnostics]") {
  SourceFile file{"t.care", "\tvalue x\n"};
  Diagnostics d;
  d.error(Span{&file, 1, 8, 1}, "no x");
  CHECK(d.render(false) ==
        "t.care:1:8: error: no x\n"
        "  |\n"
        "1 | \tvalue x\n"
        "  | \t      ^\n");
}

TEST_CASE("Diagnostics: sorted by file, line and column, duplicates removed", "[diagnostics]") {
  SourceFile a{"a.care", "one\ntwo\nthree\nfour\nfive\n"};
  SourceFile b{"b.care", "uno\ndos\n"};
  Diagnostics d;
  d.error(Span{&a, 5, 1, 1}, "fifth");
  d.error(Span{&b, 1, 1, 1}, "in b");
  d.error(Span{&a, 2, 3, 1}, "second, column 3");
  d.error(Span{&a, 2, 1, 1}, "second, column 1");
  d.error(Span{&a, 5, 1, 1}, "fifth");  // a duplicate
  d.error(Span{&a, 2, 1, 1}, "second, column 1", "another help, still a duplicate");
  CHECK(d.error_count() == 6);

  std::vector<Diagnostic> sorted = d.sorted();
  REQUIRE(sorted.size() == 4);
  CHECK(sorted[0].message == "second, column 1");
  CHECK(sorted[1].message == "second, column 3");
  CHECK(sorted[2].message == "fifth");
  CHECK(sorted[3].message == "in b");

  std::string out = d.render(false);
  auto at = [&](const std::string& s) { return out.find(s); };
  CHECK(at("a.care:2:1:") < at("a.care:2:3:"));
  CHECK(at("a.care:2:3:") < at("a.care:5:1:"));
  CHECK(at("a.care:5:1:") < at("b.care:1:1:"));
  CHECK(out.find("fifth", at("fifth") + 1) == std::string::npos);  // rendered once
}
