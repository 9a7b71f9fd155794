#include "tests/unit/dsl/check_support.hpp"

TEST_CASE("check: names resolve to the right slots and types", "[check]") {
  TempDir dir;
  auto loaded = load_ok({dir.write("rules/basic.care", kBasic)});
  const Program& p = *loaded->program;

  REQUIRE(p.packs.size() == 1);
  CHECK(p.packs[0].name == "t.basic");
  CHECK(p.packs[0].version == "1");
  CHECK(p.packs[0].in_force_from == from_ymd(2020, 1, 1));

  // enums, in declaration order, with values and labels
  REQUIRE(p.enums.size() == 4);
  const int impact = enum_id(p, "impact"), level = enum_id(p, "level");
  const int ability = enum_id(p, "ability"), outcome = enum_id(p, "outcome");
  CHECK(impact == 0);
  CHECK(outcome == 3);
  CHECK(p.enums[static_cast<std::size_t>(impact)].values == std::vector<std::string>{"none", "some", "significant"});
  CHECK(p.enums[static_cast<std::size_t>(impact)].labels.at(2) == "a significant impact");

  // the event's record: every field typed
  int assessment = p.find_event("assessment");
  REQUIRE(assessment == 0);
  const RecordDef& record = p.records.at(static_cast<std::size_t>(p.events[0].record));
  REQUIRE(record.fields.size() == 7);
  CHECK(record.field_index("impairment") == 2);
  CHECK(record.fields[0].type == Type{TypeKind::enumeration, impact});
  CHECK(record.fields[1].type == Type{TypeKind::enumeration, level});
  CHECK(record.fields[2].type == Type{TypeKind::boolean});
  CHECK(record.fields[3].type == Type{TypeKind::map, outcome, ability});  // key, value
  CHECK(record.fields[4].type == Type{TypeKind::number});
  CHECK(record.fields[4].optional);
  CHECK_FALSE(record.fields[2].optional);
  REQUIRE(record.fields[5].type.kind == TypeKind::record);
  const RecordDef& carer = p.records.at(static_cast<std::size_t>(record.fields[5].type.ref));
  CHECK(carer.name == "assessment.carer");
  REQUIRE(carer.fields.size() == 2);
  CHECK(carer.fields[0].type == Type{TypeKind::text});
  CHECK(carer.fields[1].type == Type{TypeKind::boolean});
  CHECK(record.fields[6].type == Type{TypeKind::set, outcome});

  // the setting
  const int threshold = setting_id(p, "threshold");
  CHECK(p.settings[static_cast<std::size_t>(threshold)].type == Type{TypeKind::number});
  CHECK(constant_of(p, p.settings[static_cast<std::size_t>(threshold)].value).number == 2);

  // decision types: declared, or inferred from the values
  CHECK(decision(p, "unable").type == Type{TypeKind::set, outcome});
  CHECK(decision(p, "eligible").type == Type{TypeKind::boolean});
  CHECK(decision(p, "no_level").type == Type{TypeKind::boolean});  // no `type` line

  // `given a = latest assessment where impact is known`
  const DecisionDef& unable = decision(p, "unable");
  REQUIRE(unable.givens.size() == 1);
  CHECK(unable.givens[0].name == "a");
  const Expr& given = unable.givens[0].value;
  CHECK(given.op == Op::pick);
  CHECK(given.latest);
  CHECK(given.type == Type{TypeKind::event, assessment});
  REQUIRE(given.query);
  CHECK(given.query->event_type == assessment);
  REQUIRE(given.query->where);
  // inside `where`, `impact` is a field of the event in scope
  const Expr& where = *given.query->where;
  CHECK(where.op == Op::is_known);
  CHECK_FALSE(where.negated);
  REQUIRE(where.args.size() == 1);
  CHECK(where.args[0].op == Op::field);
  CHECK(where.args[0].a == 0);
  CHECK(where.args[0].args.at(0).op == Op::scope_event);
  CHECK(where.args[0].args.at(0).b == 0);

  // `value a.outcomes that are not achieved`
  REQUIRE(unable.cases.size() == 1);
  CHECK(unable.cases[0].kind == DecisionCase::Kind::otherwise);
  const Expr& that = unable.cases[0].value;
  CHECK(that.op == Op::that_are);
  CHECK(that.negated);
  CHECK(that.type == Type{TypeKind::set, outcome});
  REQUIRE(that.args.size() == 2);
  CHECK(that.args[0].op == Op::field);
  CHECK(that.args[0].a == 3);  // outcomes
  CHECK(that.args[0].args.at(0).op == Op::local);
  CHECK(that.args[0].args.at(0).a == 0);  // given slot 0
  CHECK(constant_of(p, that.args[1]).enum_value == 0);  // achieved
  CHECK(that.args[1].type == Type{TypeKind::enumeration, ability});

  // the `eligible` condition reads the setting by slot
  const DecisionDef& eligible = decision(p, "eligible");
  REQUIRE(eligible.cases.size() == 2);
  const Expr& cond = *eligible.cases[0].condition;
  REQUIRE(cond.op == Op::and_);
  REQUIRE(cond.args.size() == 2);
  const Expr& at_least = cond.args[1];
  CHECK(at_least.op == Op::compare);
  CHECK(at_least.a == static_cast<int>(ast::CompareOp::ge));
  CHECK(at_least.args.at(0).op == Op::count_value);
  CHECK(at_least.args.at(1).op == Op::setting);
  CHECK(at_least.args.at(1).a == threshold);
  CHECK(eligible.settings_used == std::vector<int>{threshold});
  CHECK(unable.settings_used.empty());
}

TEST_CASE("check: enum values are read in the context of what they are compared with", "[check]") {
  TempDir dir;
  auto loaded = load_ok({dir.write("rules/basic.care", kBasic)});
  const Program& p = *loaded->program;
  const int impact = enum_id(p, "impact"), level = enum_id(p, "level");

  // `a.impact is significant`: the third value of `impact`
  const Expr& cond = *decision(p, "eligible").cases.at(0).condition;
  const Expr& is = cond.args.at(0);
  CHECK(is.op == Op::compare);
  CHECK(is.a == static_cast<int>(ast::CompareOp::eq));
  CHECK(is.args.at(0).op == Op::field);
  CHECK(is.args.at(0).a == 0);
  const DataValue& significant = constant_of(p, is.args.at(1));
  CHECK(significant.kind == TypeKind::enumeration);
  CHECK(significant.enum_value == 2);
  CHECK(is.args.at(1).type == Type{TypeKind::enumeration, impact});

  // `a.level is none`: `none` is value 0 of `impact` but value 1 of `level`
  const Expr& level_is = decision(p, "no_level").cases.at(0).value;
  CHECK(level_is.op == Op::compare);
  const DataValue& none = constant_of(p, level_is.args.at(1));
  CHECK(none.enum_value == 1);
  CHECK(level_is.args.at(1).type == Type{TypeKind::enumeration, level});
}

TEST_CASE("check: givens are numbered slots; `is not`, `is one of` and explanations", "[check]") {
  TempDir dir;
  auto loaded = load_ok({dir.write("rules/basic.care", kBasic)});
  const Program& p = *loaded->program;
  const int impact = enum_id(p, "impact"), level = enum_id(p, "level"), outcome = enum_id(p, "outcome");
  const DecisionDef& more = decision(p, "extra");
  REQUIRE(more.givens.size() == 2);
  CHECK(more.givens[1].name == "n");
  // the unbracketed `count of a.outcomes that are not achieved` counts the outcomes
  const Expr& n = more.givens[1].value;
  CHECK(n.op == Op::count_value);
  CHECK(n.type == Type{TypeKind::number});
  REQUIRE(n.args.size() == 1);
  CHECK(n.args[0].op == Op::that_are);
  CHECK(n.args[0].type == Type{TypeKind::set, outcome});

  const Expr& cond = *more.cases.at(0).condition;
  REQUIRE(cond.op == Op::and_);
  REQUIRE(cond.args.size() == 3);
  // `a.level is not low`
  CHECK(cond.args[0].op == Op::compare);
  CHECK(cond.args[0].a == static_cast<int>(ast::CompareOp::ne));
  CHECK(constant_of(p, cond.args[0].args.at(1)).enum_value == 0);
  CHECK(cond.args[0].args.at(1).type == Type{TypeKind::enumeration, level});
  // `a.impact is one of (some, significant)`: values of `impact`
  const Expr& one_of = cond.args[1];
  CHECK(one_of.op == Op::one_of);
  CHECK_FALSE(one_of.negated);
  REQUIRE(one_of.args.size() == 3);
  CHECK(constant_of(p, one_of.args[1]).enum_value == 1);
  CHECK(constant_of(p, one_of.args[2]).enum_value == 2);
  CHECK(one_of.args[2].type == Type{TypeKind::enumeration, impact});
  // `n` is given slot 1
  const Expr& n_read = cond.args[2].args.at(0);
  CHECK(n_read.op == Op::local);
  CHECK(n_read.a == 1);
  CHECK(n_read.type == Type{TypeKind::number});

  // the explanation: text and {expressions}, in order
  REQUIRE(more.explain.size() == 5);
  CHECK(more.explain[0].text == "Unable to achieve ");
  CHECK_FALSE(more.explain[0].value.has_value());
  REQUIRE(more.explain[1].value.has_value());
  CHECK(more.explain[1].value->op == Op::local);
  CHECK(more.explain[1].value->a == 1);
  CHECK(more.explain[2].text == " outcomes: ");
  REQUIRE(more.explain[3].value.has_value());
  CHECK(more.explain[3].value->op == Op::that_are);
  CHECK(more.explain[4].text == ".");
}

TEST_CASE("check: queries over the case history", "[check]") {
  TempDir dir;
  auto loaded = load_ok({dir.write("rules/p.care", header("t.p") + R"care(
event visit "A visit"
  worker: text
  kind: visit_kind
enum visit_kind "Kind of visit"
  routine "routine"
  review "review"
decision recent "Visits in the last 12 weeks"
  cites "x"
  value count of visits in the last 12 weeks
decision workers "Workers at reviews"
  cites "x"
  value distinct worker of visits where kind is review
decision bare "All visits"
  cites "x"
  value count of visits
decision last_review "The last review since 2024"
  cites "x"
  given v = latest visit where kind is review since 2024-01-01
  value v.date + 5 working days
)care")});
  const Program& p = *loaded->program;
  const int visit = p.find_event("visit");
  REQUIRE(visit == 0);

  const Expr& recent = decision(p, "recent").cases.at(0).value;
  CHECK(recent.op == Op::count_events);
  CHECK(recent.type == Type{TypeKind::number});
  REQUIRE(recent.query);
  CHECK(recent.query->event_type == visit);  // `visits` is the plural of `visit`
  CHECK(recent.query->where == nullptr);
  REQUIRE(recent.query->windows.size() == 1);
  CHECK(recent.query->windows[0].kind == WindowKind::last);
  const DataValue& weeks = constant_of(p, *recent.query->windows[0].value);
  CHECK(weeks.kind == TypeKind::duration);
  CHECK(weeks.amount == 12);
  CHECK(weeks.unit == static_cast<std::uint8_t>(ast::DurationUnit::weeks));
  CHECK_FALSE(weeks.working);

  const Expr& workers = decision(p, "workers").cases.at(0).value;
  CHECK(workers.op == Op::distinct);
  CHECK(workers.type == Type{TypeKind::set, -1});  // a set of texts
  CHECK(workers.a == 0);                           // the `worker` field
  REQUIRE(workers.query);
  REQUIRE(workers.query->where);
  CHECK(constant_of(p, workers.query->where->args.at(1)).enum_value == 1);  // review

  const Expr& bare = decision(p, "bare").cases.at(0).value;
  CHECK(bare.op == Op::count_events);
  REQUIRE(bare.query);
  CHECK(bare.query->event_type == visit);

  const DecisionDef& last = decision(p, "last_review");
  CHECK(last.type == Type{TypeKind::date});
  const Expr& v = last.givens.at(0).value;
  CHECK(v.op == Op::pick);
  REQUIRE(v.query->windows.size() == 1);
  CHECK(v.query->windows[0].kind == WindowKind::since);
  CHECK(constant_of(p, *v.query->windows[0].value).date == from_ymd(2024, 1, 1));
  const Expr& plus = last.cases.at(0).value;
  CHECK(plus.op == Op::date_plus);
  CHECK(plus.args.at(0).op == Op::envelope);
  CHECK(plus.args.at(0).a == 0);  // the event's date
  const DataValue& working = constant_of(p, plus.args.at(1));
  CHECK(working.amount == 5);
  CHECK(working.working);
}

TEST_CASE("check: an enum value that does not exist is reported with a suggestion", "[check][errors]") {
  TempDir dir;
  auto loaded = load({dir.write("rules/p.care", header("t.p") + R"care(
enum impact "Impact"
  none "no"
  significant "yes"
event assessment "A"
  impact: impact
decision d "D"
  cites "x"
  given a = latest assessment
  value a.impact is signficant
)care")});
  CHECK(loaded->program == nullptr);
  INFO(loaded->report());
  std::vector<Diagnostic> all = loaded->diagnostics.sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].message == "`signficant` is not one of the values of `impact`");
  CHECK(all[0].help == "did you mean `significant`? the values are: none, significant");
  CHECK(all[0].span.line == 14);
  CHECK(all[0].span.column == 21);
}

TEST_CASE("check: `is unknown` means `is not known`", "[check]") {
  TempDir dir;
  auto loaded = load_ok({dir.write("rules/p.care", header("t.p") + R"care(
event visit "A visit"
  worker: optional text
decision d "D"
  cites "x"
  given v = latest visit
  yes when v.worker is unknown
  otherwise no
)care")});
  const Expr& cond = *decision(*loaded->program, "d").cases.at(0).condition;
  CHECK(cond.op == Op::is_known);
  CHECK(cond.negated);
  CHECK(cond.args.at(0).op == Op::field);
}

TEST_CASE("check: an unknown name is reported with a close suggestion", "[check][errors]") {
  TempDir dir;
  auto loaded = load({dir.write("rules/p.care", header("t.p") + R"care(
setting threshold = 2
decision d "D"
  cites "x"
  value thershold + 1
)care")});
  CHECK(loaded->program == nullptr);
  std::vector<Diagnostic> all = loaded->diagnostics.sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].message == "there is no decision, setting or field called `thershold` here");
  CHECK(all[0].help == "did you mean `threshold`?");
}

// ================================================================ evaluation order

TEST_CASE("check: each decision is evaluated after the decisions it reads", "[check][order]") {
  TempDir dir;
  // declared in the reverse of their dependency order
  auto loaded = load_ok({dir.write("rules/p.care", header("t.p") + R"care(
decision top "Top"
  cites "x"
  value middle and bottom
decision middle "Middle"
  cites "x"
  value bottom
decision alone "Alone"
  cites "x"
  value 3
decision bottom "Bottom"
  cites "x"
  value yes
)care")});
  const Program& p = *loaded->program;
  int top = p.find_decision("top"), middle = p.find_decision("middle");
  int bottom = p.find_decision("bottom"), alone = p.find_decision("alone");
  CHECK(top == 0);
  CHECK(bottom == 3);
  REQUIRE(p.evaluation_order.size() == 4);
  std::vector<int> sorted = p.evaluation_order;
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == std::vector<int>{0, 1, 2, 3});  // each decision exactly once
  CHECK(position(p.evaluation_order, bottom) < position(p.evaluation_order, middle));
  CHECK(position(p.evaluation_order, middle) < position(p.evaluation_order, top));
  CHECK(decision(p, "top").decisions_used == std::vector<int>{middle, bottom});
  CHECK(decision(p, "middle").decisions_used == std::vector<int>{bottom});
  CHECK(decision(p, "alone").decisions_used.empty());
  CHECK(decision(p, "top").type == Type{TypeKind::boolean});
  CHECK(decision(p, "alone").type == Type{TypeKind::number});
  CHECK(alone == 2);
}

TEST_CASE("check: decisions that read each other in a circle are reported", "[check][order][errors]") {
  TempDir dir;
  auto loaded = load({dir.write("rules/p.care", header("t.p") + R"care(
decision ping "Ping"
  cites "x"
  type yes/no
  value not pong
decision pong "Pong"
  cites "x"
  type yes/no
  value pang
decision pang "Pang"
  cites "x"
  type yes/no
  value ping
)care")});
  CHECK(loaded->program == nullptr);
  INFO(loaded->report());
  std::vector<Diagnostic> all = loaded->diagnostics.sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].message == "these decisions read each other in a circle: `ping` reads `pong` reads `pang` reads `ping`");
  CHECK(all[0].help == "a decision cannot depend, directly or through others, on itself");
  CHECK(all[0].span.line == 6);
}

TEST_CASE("check: a decision that reads itself is a circle too", "[check][order][errors]") {
  TempDir dir;
  auto loaded = load({dir.write("rules/p.care", header("t.p") + R"care(
decision self "Self"
  cites "x"
  type number
  value self + 1
)care")});
  CHECK(loaded->program == nullptr);
  CHECK(messages(loaded->diagnostics).find("in a circle: `self` reads `self`") != std::string::npos);
}

TEST_CASE("check: settings_used includes settings read through other decisions", "[check][order]") {
  TempDir dir;
  auto loaded = load_ok({dir.write("rules/p.care", header("t.p") + R"care(
setting unused = 7
setting s_low = 1
setting s_mid = 2
setting s_top = 3

decision top "Top: reads mid and its own setting"
  type number
  cites "x"
  value mid + s_top
decision mid "Mid: reads low and low2"
  type number
  cites "x"
  value low + low2 + s_mid
decision low "Low"
  type number
  cites "x"
  value s_low
decision low2 "Low without settings"
  type number
  cites "x"
  value 5
)care")});
  const Program& p = *loaded->program;
  const int s_low = setting_id(p, "s_low"), s_mid = setting_id(p, "s_mid"), s_top = setting_id(p, "s_top");
  CHECK(decision(p, "low").settings_used == std::vector<int>{s_low});
  CHECK(decision(p, "low2").settings_used.empty());
  CHECK(decision(p, "mid").settings_used == std::vector<int>{s_low, s_mid});
  CHECK(decision(p, "top").settings_used == std::vector<int>{s_low, s_mid, s_top});  // two levels down
  // only direct reads are in decisions_used
  CHECK(decision(p, "top").decisions_used == std::vector<int>{p.find_decision("mid")});
}

TEST_CASE("check: a decision's inferred type is known to decisions declared before it", "[check][order][bug]") {
  // BUG (dsl/check_decisions.cpp): decisions are checked in declaration order, and
  // a decision without a `type` line only gets its type while it is checked. A
  // decision that reads a later-declared, untyped decision sees the type
  // `unknown`, so `value base_value + 1` is rejected with "cannot add a number to
  // unknown" although `base_value` is plainly a number. Declared the other way round,
  // the same pack loads. Expected: the order of declarations does not matter.
  TempDir dir;
  auto loaded = load({dir.write("rules/p.care", header("t.p") + R"care(
decision reader "Reads a decision declared after it"
  cites "x"
  value base_value + 1
decision base_value "Declared last, with no type line"
  cites "x"
  value 2
)care")});
  INFO(loaded->report());
  CHECK_FALSE(loaded->diagnostics.has_errors());
  REQUIRE(loaded->program != nullptr);
  CHECK(decision(*loaded->program, "reader").type == Type{TypeKind::number});
  CHECK(decision(*loaded->program, "base_value").type == Type{TypeKind::number});
}

TEST_CASE("check: the same decisions declared in dependency order load", "[check][order]") {
  TempDir dir;
  auto loaded = load_ok({dir.write("rules/p.care", header("t.p") + R"care(
decision base_value "Declared first, with no type line"
  cites "x"
  value 2
decision reader "Reads a decision declared before it"
  cites "x"
  value base_value + 1
)care")});
  CHECK(decision(*loaded->program, "reader").type == Type{TypeKind::number});
  CHECK(decision(*loaded->program, "reader").cases.at(0).value.op == Op::add);
}

// ================================================================ packs


TEST_CASE("check: a pack cannot read a decision of a pack it does not use", "[check][packs][errors]") {
  TempDir dir;
  std::string base = dir.write("rules/base.care", kBase);
  std::string other = dir.write("rules/other.care", header("t.other") + R"care(
decision other_d "Other"
  cites "x"
  value base_d + 1
)care");
  auto loaded = load({base, other});
  CHECK(loaded->program == nullptr);
  INFO(loaded->report());
  std::vector<Diagnostic> all = loaded->diagnostics.sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].message == "the decision `base_d` belongs to the pack `t.base`, which `t.other` does not use");
  CHECK(all[0].help == "add `uses t.base` to the pack's header");
  CHECK(all[0].file == other);
  CHECK(all[0].span.line == 8);
  CHECK(all[0].span.column == 9);
}

TEST_CASE("check: settings, enums and events of an unused pack are not visible either", "[check][packs][errors]") {
  TempDir dir;
  std::string base = dir.write("rules/base.care", kBase);
  std::string other = dir.write("rules/other.care", header("t.other") + R"care(
event note "A note"
  shade: colour
decision other_d "Other"
  cites "x"
  value base_limit + count of visits where colour is red
)care");
  auto loaded = load({base, other});
  CHECK(loaded->program == nullptr);
  std::string all = messages(loaded->diagnostics);
  INFO(all);
  CHECK(all.find("the list of values `colour` belongs to the pack `t.base`, which `t.other` does not use") != std::string::npos);
  CHECK(all.find("the setting `base_limit` belongs to the pack `t.base`") != std::string::npos);
  CHECK(all.find("the event type `visit` belongs to the pack `t.base`") != std::string::npos);
  CHECK(all.find("add `uses t.base` to the pack's header") != std::string::npos);
}

TEST_CASE("check: `uses` makes another pack's names visible, and is followed transitively", "[check][packs]") {
  TempDir dir;
  std::string base = dir.write("rules/base.care", kBase);
  // names chosen so that alphabetical order is not dependency order
  std::string mid = dir.write("rules/mid.care", header("t.b_mid", "  uses t.base") + R"care(
decision mid_d "Mid"
  cites "x"
  value base_d + base_limit
)care");
  std::string top = dir.write("rules/top.care", header("t.a_top", "  uses t.b_mid") + R"care(
decision top_d "Top"
  cites "x"
  value mid_d + base_d
)care");
  auto loaded = load_ok({top, mid, base});
  const Program& p = *loaded->program;
  REQUIRE(p.packs.size() == 3);
  // packs come after the packs they use
  CHECK(p.packs[0].name == "t.base");
  CHECK(p.packs[1].name == "t.b_mid");
  CHECK(p.packs[2].name == "t.a_top");
  CHECK(p.packs[2].uses == std::vector<std::string>{"t.b_mid"});
  CHECK(decision(p, "top_d").pack == 2);
  CHECK(decision(p, "base_d").pack == 0);
  CHECK(decision(p, "top_d").settings_used == std::vector<int>{setting_id(p, "base_limit")});
}
