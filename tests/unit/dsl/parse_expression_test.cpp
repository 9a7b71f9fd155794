#include "tests/unit/dsl/parse_support.hpp"

TEST_CASE("parse: arithmetic binds tighter than comparison, and is left-associative", "[parse][expr]") {
  CHECK(shape("x + 1 is at least y - 2") == "(>= (+ x #1) (- y #2))");
  CHECK(shape("a - b - c") == "(- (- a b) c)");
  CHECK(shape("a - b + c") == "(+ (- a b) c)");
  CHECK(shape("-x + 1") == "(+ (neg x) #1)");
  CHECK(shape("- - x") == "(neg (neg x))");
  CHECK(shape("a.b.c") == "(. (. a b) c)");
  CHECK(shape("a.b.c is not x") == "(is-not (. (. a b) c) x)");
}

TEST_CASE("parse: dates and durations", "[parse][expr]") {
  CHECK(shape("plan_agreed_on + 12 months") == "(+ plan_agreed_on (12 months))");
  CHECK(shape("today - 6 weeks") == "(- today (6 weeks))");
  CHECK(shape("1 day") == "(1 days)");
  CHECK(shape("2 years") == "(2 years)");
  auto d = parse_expr("5 working days");
  CHECK(d.expr().kind == ast::ExprKind::duration);
  CHECK(d.expr().number == 5);
  CHECK(d.expr().working);
  CHECK(d.expr().unit == ast::DurationUnit::days);
  auto w = parse_expr("3 weeks");
  CHECK_FALSE(w.expr().working);
  CHECK(w.expr().unit == ast::DurationUnit::weeks);
  CHECK(shape("d is on or before referred + 28 days") == "(<= d (+ referred (28 days)))");
}

TEST_CASE("parse: queries with `where` and windows", "[parse][expr]") {
  CHECK(shape("latest visit where kind is review in the last 12 weeks since d") ==
        "(latest {visit where (is kind review); last (12 weeks); since d})");
  CHECK(shape("first visit") == "(first {visit})");
  CHECK(shape("all visits where worker is known after d before e until f") ==
        "(all {visits where (known worker); after d; before e; until f})");
  CHECK(shape("any review where status is completed") == "(any {review where (is status completed)})");
  CHECK(shape("no review in the last 5 working days") == "(no {review; last (5 working days)})");
  CHECK(shape("latest visit since start + 1 week") == "(latest {visit; since (+ start (1 weeks))})");
  CHECK(shape("latest visit.date is after d") == "(> (. (latest {visit}) date) d)");
}

TEST_CASE("parse: counts, distinct, at least N of, the earlier/later of, if", "[parse][expr]") {
  CHECK(shape("count of visits where kind is review") == "(count {visits where (is kind review)})");
  CHECK(shape("count of visits in the last 12 weeks") == "(count {visits; last (12 weeks)})");
  CHECK(shape("count of (a.outcomes that are not achieved)") == "(count (that-are-not (. a outcomes) achieved))");
  CHECK(shape("count of a.outcomes") == "(count (. a outcomes))");
  // a bare event name: either form is fine for the checker, which turns a name
  // that is not a decision, setting or given into a query
  std::string bare = shape("count of visits");
  CHECK((bare == "(count {visits})" || bare == "(count visits)"));
  CHECK(shape("distinct worker of visits") == "(distinct worker {visits})");
  CHECK(shape("distinct worker of visits where kind is review in the last 4 weeks") ==
        "(distinct worker {visits where (is kind review); last (4 weeks)})");
  CHECK(shape("at least 2 of (a, b, c is yes)") == "(at-least 2 a b (is c yes))");
  CHECK(shape("the earlier of (d1, d2 + 1 month)") == "(earlier d1 (+ d2 (1 months)))");
  CHECK(shape("the later of (d1, d2)") == "(later d1 d2)");
  CHECK(shape("if a then 1 else 2") == "(if a #1 #2)");
  CHECK(shape("if a is known and b then x + 1 else unknown") == "(if (and (known a) b) (+ x #1) unknown)");
  CHECK(shape("a.outcomes that are one of (needs_assistance, endangers_safety)") ==
        "(that-are (. a outcomes) needs_assistance endangers_safety)");
  CHECK(shape("a.outcomes that are achieved") == "(that-are (. a outcomes) achieved)");
}

TEST_CASE("parse: `count of X that are not V` without brackets counts the that-are", "[parse][expr]") {
  // docs/language-sketch.md writes `count of a.outcomes that are not achieved is at least 2`,
  // and it must mean the same as the bracketed form. (A comment in
  // rules/national/eligibility.care says it parses as `(count of a).outcomes ...`;
  // this test pins down that it does not.)
  CHECK(shape("count of a.outcomes that are not achieved") == "(count (that-are-not (. a outcomes) achieved))");
  CHECK(shape("count of a.outcomes that are not achieved is at least 2") ==
        "(>= (count (that-are-not (. a outcomes) achieved)) #2)");
}

TEST_CASE("parse: unbracketed `count of X that are not V` inside a longer condition", "[parse][expr]") {
  // The language sketch's own example of adult_eligible, without brackets.
  auto p = parse_ok(kHeader +
                    "decision adult_eligible \"Eligible\"\n"
                    "  given a = latest assessment where kind is needs and status is completed\n"
                    "  yes when a.impairment\n"
                    "       and count of a.outcomes that are not achieved is at least 2\n"
                    "       and a.wellbeing_impact is significant\n"
                    "  otherwise no\n");
  const ast::DecisionDecl& d = p->file->decisions.at(0);
  REQUIRE(d.cases.at(0).condition.has_value());
  CHECK(show(*d.cases[0].condition) ==
        "(and (. a impairment) (>= (count (that-are-not (. a outcomes) achieved)) #2) (is (. a wellbeing_impact) significant))");
}

TEST_CASE("parse: an explanation's {...} expression", "[parse][expr]") {
  SourceFile file{"t.care", "explain \"...\""};
  Span at{&file, 1, 9, 5};
  Diagnostics diagnostics;
  auto e = parse_care_expression(file, "count of a.outcomes that are not achieved", at, diagnostics);
  REQUIRE(e.has_value());
  CHECK_FALSE(diagnostics.has_errors());
  CHECK(show(*e) == "(count (that-are-not (. a outcomes) achieved))");
  // positions inside a template point at the template
  CHECK(e->span.line == 1);
  CHECK(e->span.column == 9);
  CHECK(e->args.at(0).span.column == 9);

  auto bad = parse_care_expression(file, "a +", at, diagnostics);
  CHECK_FALSE(bad.has_value());
  REQUIRE(diagnostics.error_count() == 1);
  CHECK(diagnostics.all()[0].message.find("in this explanation's {...}: ") == 0);
  CHECK(diagnostics.all()[0].span.column == 9);
  check_plain(diagnostics.all()[0].message);
}

TEST_CASE("parse: expression spans cover the source text", "[parse][span]") {
  //                 col: 9 ......
  auto e = parse_expr("(a or b) and c.d is at least 2");
  const ast::Expr& x = e.expr();
  REQUIRE(x.kind == ast::ExprKind::and_);
  CHECK(x.span.line == 5);
  CHECK(x.span.column == 9);
  CHECK(x.end_span.line == 5);
  CHECK(x.end_span.column == 38);
  CHECK(span_text(x.span, x.end_span) == "(a or b) and c.d is at least 2");
  // the parenthesised part keeps its brackets
  CHECK(span_text(x.args[0].span, x.args[0].end_span) == "(a or b)");
  const ast::Expr& cmp = x.args[1];
  CHECK(cmp.span.column == 22);
  CHECK(span_text(cmp.span, cmp.end_span) == "c.d is at least 2");
  // the member node ends at the member name
  CHECK(span_text(cmp.args[0].span, cmp.args[0].end_span) == "c.d");
  CHECK(cmp.args[0].end_span.column == 24);
}

TEST_CASE("parse: a multi-line condition's span text is joined with single spaces", "[parse][span]") {
  auto p = parse_ok(kHeader +
                    "decision d \"D\"\n"
                    "  yes when a\n"
                    "       and count of visits where kind is review is at least 2\n"
                    "  otherwise no\n");
  const ast::Expr& c = *p->file->decisions.at(0).cases.at(0).condition;
  CHECK(c.span.line == 5);
  CHECK(c.span.column == 12);
  CHECK(c.end_span.line == 6);
  CHECK(span_text(c.span, c.end_span) == "a and count of visits where kind is review is at least 2");
  INFO(show(c));
  REQUIRE(c.args.at(1).args.at(0).kind == ast::ExprKind::count);
  REQUIRE(c.args.at(1).args.at(0).source != nullptr);
  const ast::Source& s = *c.args.at(1).args.at(0).source;
  CHECK(s.name == "visits");
  CHECK(s.name_span.line == 6);
  CHECK(s.name_span.column == 21);
  CHECK(s.name_span.length == 6);
}

// ================================================================ tests

TEST_CASE("parse: a test block", "[parse][tests]") {
  auto p = parse_ok(
      "tests for care_act.eligibility\n"                                                            // 1
      "\n"                                                                                          // 2
      "test \"V07 Gwen: two outcomes\"\n"                                                           // 3
      "  as of 2025-06-01\n"                                                                        // 4
      "  known at 2025-06-02T09:30:00Z\n"                                                           // 5
      "  with setting threshold = 3\n"                                                              // 6
      "  given assessment on 2025-05-01 recorded 2025-05-02T10:00:00Z id \"e2\" amends \"e1\"\n"   // 7
      "        with kind needs, impairment, score -3, ratio 1.5, note \"hi\", seen 2025-04-30,\n"   // 8
      "             outcomes {nutrition pain_distress_anxiety, others achieved},\n"                 // 9
      "             individual {relationship \"sister\", paid no, address {town \"Leeds\"}}\n"      // 10
      "  given visit on 2025-05-03\n"                                                               // 11
      "  expect adult_eligible is not no\n"                                                         // 12
      "  expect adult_unable_outcomes is {nutrition, personal_hygiene}\n"                           // 13
      "  expect carer_eligible is unknown\n"                                                        // 14
      "  expect visits is 2\n"                                                                      // 15
      "  expect nothing is {}\n");                                                                  // 16
  REQUIRE(p->file->tests.size() == 1);
  const ast::TestDecl& t = p->file->tests[0];
  CHECK(t.name == "V07 Gwen: two outcomes");
  CHECK(t.span.line == 3);
  CHECK(t.as_of == "2025-06-01");
  CHECK(t.as_of_span.line == 4);
  CHECK(t.as_of_span.column == 9);
  CHECK(t.known_at == "2025-06-02T09:30:00Z");
  CHECK(t.known_at_span.line == 5);
  REQUIRE(t.settings.size() == 1);
  CHECK(t.settings[0].name.name == "threshold");
  CHECK(show(t.settings[0].value) == "#3");

  REQUIRE(t.events.size() == 2);
  const ast::EventLiteral& a = t.events[0];
  CHECK(a.type.name == "assessment");
  CHECK(a.date == "2025-05-01");
  CHECK(a.date_span.line == 7);
  CHECK(a.date_span.column == 23);
  CHECK(a.recorded == "2025-05-02T10:00:00Z");
  CHECK(a.id == "e2");
  CHECK(a.amends == "e1");
  using LK = ast::LiteralValue::Kind;
  REQUIRE(a.fields.size() == 8);
  CHECK(a.fields[0].name == "kind");
  REQUIRE(a.fields[0].value);
  CHECK(a.fields[0].value->kind == LK::name);
  CHECK(a.fields[0].value->text == "needs");
  CHECK(a.fields[1].name == "impairment");
  CHECK(a.fields[1].value == nullptr);  // a bare name means yes
  CHECK(a.fields[1].span.line == 8);
  CHECK(a.fields[1].span.column == 26);
  CHECK(a.fields[2].name == "score");
  REQUIRE(a.fields[2].value);
  CHECK(a.fields[2].value->kind == LK::number);
  CHECK(a.fields[2].value->number == -3);
  CHECK(a.fields[3].value->kind == LK::number);
  CHECK(a.fields[3].value->number == Approx(1.5));
  CHECK(a.fields[4].value->kind == LK::text);
  CHECK(a.fields[4].value->text == "hi");
  CHECK(a.fields[5].value->kind == LK::date);
  CHECK(a.fields[5].value->text == "2025-04-30");

  const ast::FieldValue& outcomes = a.fields[6];
  CHECK(outcomes.name == "outcomes");
  REQUIRE(outcomes.value);
  CHECK(outcomes.value->kind == LK::object);
  REQUIRE(outcomes.value->entries.size() == 2);
  CHECK(outcomes.value->entries[0].name == "nutrition");
  CHECK(outcomes.value->entries[0].value->kind == LK::name);
  CHECK(outcomes.value->entries[0].value->text == "pain_distress_anxiety");
  CHECK(outcomes.value->entries[1].name == "others");
  CHECK(outcomes.value->entries[1].value->text == "achieved");

  const ast::FieldValue& individual = a.fields[7];
  CHECK(individual.name == "individual");
  REQUIRE(individual.value);
  CHECK(individual.value->kind == LK::object);
  REQUIRE(individual.value->entries.size() == 3);
  CHECK(individual.value->entries[0].name == "relationship");
  CHECK(individual.value->entries[0].value->kind == LK::text);
  CHECK(individual.value->entries[0].value->text == "sister");
  CHECK(individual.value->entries[1].name == "paid");
  CHECK(individual.value->entries[1].value->kind == LK::no);
  const ast::FieldValue& address = individual.value->entries[2];
  CHECK(address.name == "address");
  REQUIRE(address.value);
  CHECK(address.value->kind == LK::object);
  REQUIRE(address.value->entries.size() == 1);
  CHECK(address.value->entries[0].name == "town");
  CHECK(address.value->entries[0].value->text == "Leeds");
  CHECK(a.fields[3].name == "ratio");  // fields keep the order they were written in

  const ast::EventLiteral& v = t.events[1];
  CHECK(v.type.name == "visit");
  CHECK(v.date == "2025-05-03");
  CHECK(v.recorded.empty());
  CHECK(v.id.empty());
  CHECK(v.amends.empty());
  CHECK(v.fields.empty());

  REQUIRE(t.expects.size() == 5);
  CHECK(t.expects[0].decision.name == "adult_eligible");
  CHECK(t.expects[0].decision.span.line == 12);
  CHECK(t.expects[0].negated);
  CHECK(t.expects[0].value.kind == LK::no);
  CHECK(t.expects[1].decision.name == "adult_unable_outcomes");
  CHECK_FALSE(t.expects[1].negated);
  CHECK(t.expects[1].value.kind == LK::object);
  REQUIRE(t.expects[1].value.entries.size() == 2);
  CHECK(t.expects[1].value.entries[0].name == "nutrition");
  CHECK(t.expects[1].value.entries[0].value == nullptr);
  CHECK(t.expects[1].value.entries[1].name == "personal_hygiene");
  CHECK(t.expects[2].value.kind == LK::unknown);
  CHECK(t.expects[3].value.kind == LK::number);
  CHECK(t.expects[3].value.number == 2);
  CHECK(t.expects[4].value.kind == LK::object);
  CHECK(t.expects[4].value.entries.empty());
}

// ================================================================ syntax errors


TEST_CASE("syntax error: a condition that stops half way", "[parse][errors]") {
  auto p = parse(kHeader +
                 "decision d \"D\"\n"    // 4
                 "  yes when a is\n"     // 5
                 "  otherwise no\n");    // 6
  CHECK_FALSE(p->file.has_value());
  REQUIRE(p->diagnostics.error_count() >= 1);
  const std::vector<Diagnostic> all = p->diagnostics.sorted();
  const Diagnostic& d = all.front();
  INFO(p->diagnostics.render(false));
  check_plain(d.message);
  CHECK(d.file == "test.care");
  CHECK(d.span.line == 6);
  CHECK(d.span.column == 3);
  CHECK(d.span.length == 9);  // `otherwise`
  CHECK(d.message == "after `is`, say what it is, or what it is compared with; found `otherwise`");
  CHECK(d.line_text == "  otherwise no");
}

TEST_CASE("syntax error: a title not in quotes gets the quoting hint", "[parse][errors]") {
  auto p = parse("pack t.p A pack\n  version 1\n");
  CHECK_FALSE(p->file.has_value());
  REQUIRE(p->diagnostics.error_count() >= 1);
  const std::vector<Diagnostic> all = p->diagnostics.sorted();
  const Diagnostic& d = all.front();
  INFO(p->diagnostics.render(false));
  check_plain(d.message);
  CHECK(d.span.line == 1);
  CHECK(d.span.column == 10);
  CHECK(d.message.find("unexpected `A`") == 0);
  CHECK(d.message.find("a quoted text") != std::string::npos);
  CHECK(d.help.find("double quotes") != std::string::npos);
}

TEST_CASE("syntax error: a text with no closing quote", "[parse][errors]") {
  auto p = parse(kHeader + "decision d \"Unclosed title\n  value 1\n");
  CHECK_FALSE(p->file.has_value());
  REQUIRE(p->diagnostics.error_count() >= 1);
  const std::vector<Diagnostic> all = p->diagnostics.sorted();
  const Diagnostic& d = all.front();
  INFO(p->diagnostics.render(false));
  check_plain(d.message);
  CHECK(d.span.line == 4);
  CHECK(d.span.column == 12);
  CHECK(d.message.find("no closing") != std::string::npos);
  CHECK(d.help == "close it with `\"` on the same line");
  CHECK(p->diagnostics.error_count() == 1);  // the rest of the file is read as if it were closed
}

TEST_CASE("syntax error: a stray character", "[parse][errors]") {
  auto p = parse(kHeader + "decision d \"D\"\n  value a & b\n");
  CHECK_FALSE(p->file.has_value());
  REQUIRE(p->diagnostics.error_count() >= 1);
  const std::vector<Diagnostic> all = p->diagnostics.sorted();
  const Diagnostic& d = all.front();
  INFO(p->diagnostics.render(false));
  check_plain(d.message);
  CHECK(d.span.line == 5);
  CHECK(d.span.column == 11);
  CHECK(d.message == "`&` has no meaning in a rule");
  CHECK(p->diagnostics.error_count() == 1);  // no knock-on errors after it
}

TEST_CASE("syntax error: the end of the file is described in words", "[parse][errors]") {
  auto p = parse(kHeader + "decision d \"D\"\n  yes when\n");
  CHECK_FALSE(p->file.has_value());
  REQUIRE(p->diagnostics.error_count() >= 1);
  const std::vector<Diagnostic> all = p->diagnostics.sorted();
  const Diagnostic& d = all.front();
  INFO(p->diagnostics.render(false));
  check_plain(d.message);
  // either "unexpected the end of the file; ..." or "the file ends too early; ..."
  CHECK((d.message.find("the end of the file") != std::string::npos ||
         d.message.find("the file ends too early") != std::string::npos));
  CHECK(d.message.find("expected a value or a condition") != std::string::npos);
  CHECK(d.span.line == 6);
}

TEST_CASE("syntax error: several errors in one file are all reported", "[parse][errors]") {
  auto p = parse(kHeader +
                 "decision alpha \"First\"\n"      // 4
                 "  yes when a is\n"               // 5
                 "  otherwise no\n"                // 6
                 "\n"                              // 7
                 "enum colour \"Colour\"\n"        // 8
                 "  red \"red\"\n"                 // 9
                 "\n"                              // 10
                 "decision beta \"Second\"\n"      // 11
                 "  value a + * b\n"               // 12
                 "\n"                              // 13
                 "event visit \"A visit\"\n"       // 14
                 "  worker text\n");               // 15
  CHECK_FALSE(p->file.has_value());
  std::vector<Diagnostic> all = p->diagnostics.sorted();
  std::vector<int> lines;
  for (const Diagnostic& d : all) {
    check_plain(d.message);
    lines.push_back(d.span.line);
  }
  INFO(p->diagnostics.render(false));
  // one error for each broken item, each at the token where reading stopped
  CHECK(lines == std::vector<int>{6, 12, 15});
  REQUIRE(all.size() == 3);
  CHECK(all[0].span.column == 3);
  CHECK(all[1].span.column == 13);
  CHECK(all[1].message == "`*` has no meaning in a rule");
  CHECK(all[0].message.find("after `is`") != std::string::npos);
  CHECK(all[2].span.column == 10);
  CHECK(all[2].message == "`:` is missing before `text`");
}
