#include "tests/unit/dsl/parse_support.hpp"

TEST_CASE("parse: pack header fields", "[parse]") {
  auto p = parse_ok(
      "# a comment before the header\n"
      "pack council.reviews \"Anytown reviews\"\n"
      "  version 2026.1.0\n"
      "  in force from 2025-04-01 until 2026-03-31\n"
      "  authority \"Anytown Council\"\n"
      "  uses care_act.schema, care_act.eligibility\n"
      "  extends care_act.reviews\n");
  const ast::File& f = *p->file;
  CHECK_FALSE(f.is_tests);
  CHECK(f.pack.name.name == "council.reviews");
  CHECK(f.pack.name.span.line == 2);
  CHECK(f.pack.name.span.column == 6);
  CHECK(f.pack.name.span.length == 15);  // the whole qualified name
  CHECK(f.pack.title == "Anytown reviews");
  CHECK(f.pack.version == "2026.1.0");
  CHECK(f.pack.version_span.line == 3);
  CHECK(f.pack.version_span.column == 11);
  CHECK(f.pack.in_force_from == "2025-04-01");
  CHECK(f.pack.in_force_until == "2026-03-31");
  CHECK(f.pack.in_force_span.line == 4);
  CHECK(f.pack.in_force_span.column == 17);
  CHECK(f.pack.authority == "Anytown Council");
  REQUIRE(f.pack.uses.size() == 2);
  CHECK(f.pack.uses[0].name == "care_act.schema");
  CHECK(f.pack.uses[1].name == "care_act.eligibility");
  CHECK(f.pack.uses[1].span.line == 6);
  CHECK(f.pack.uses[1].span.column == 25);
  REQUIRE(f.pack.extends.size() == 1);
  CHECK(f.pack.extends[0].name == "care_act.reviews");
}

TEST_CASE("parse: a version written as a plain number, and no `until`", "[parse]") {
  auto p = parse_ok("pack care_act.eligibility \"Eligibility\"\n  version 2015.1\n  in force from 2015-04-01\n");
  CHECK(p->file->pack.version == "2015.1");
  CHECK(p->file->pack.in_force_from == "2015-04-01");
  CHECK(p->file->pack.in_force_until.empty());
  CHECK(p->file->pack.authority.empty());
  CHECK(p->file->pack.uses.empty());
  CHECK(p->file->pack.extends.empty());
}

TEST_CASE("parse: title text keeps escaped quotes and backslashes", "[parse]") {
  auto p = parse_ok("pack t.p \"Say \\\"hello\\\" and \\\\ back\"\n  version 1\n");
  CHECK(p->file->pack.title == "Say \"hello\" and \\ back");
}

TEST_CASE("parse: a `tests for` header", "[parse]") {
  auto p = parse_ok("tests for care_act.eligibility\n");
  CHECK(p->file->is_tests);
  CHECK(p->file->tests_for.name == "care_act.eligibility");
  CHECK(p->file->tests_for.span.line == 1);
  CHECK(p->file->tests_for.span.column == 11);
}

// ================================================================ schema

TEST_CASE("parse: an enum with a title and labelled values", "[parse]") {
  auto p = parse_ok(kHeader +
                    "enum wellbeing_impact \"Impact on wellbeing\"\n"
                    "  none \"no impact\"\n"
                    "  some \"some impact\"\n"
                    "  significant \"a significant impact\"\n");
  REQUIRE(p->file->enums.size() == 1);
  const ast::EnumDecl& e = p->file->enums[0];
  CHECK(e.name.name == "wellbeing_impact");
  CHECK(e.name.span.line == 4);
  CHECK(e.name.span.column == 6);
  CHECK(e.title == "Impact on wellbeing");
  REQUIRE(e.values.size() == 3);
  CHECK(e.values[0].name == "none");
  CHECK(e.values[0].label == "no impact");
  CHECK(e.values[1].name == "some");
  CHECK(e.values[1].label == "some impact");
  CHECK(e.values[2].name == "significant");
  CHECK(e.values[2].label == "a significant impact");
  CHECK(e.values[2].span.line == 7);
  CHECK(e.values[2].span.column == 3);
}

TEST_CASE("parse: event fields of every type form", "[parse]") {
  auto p = parse_ok(kHeader +
                    "event assessment \"An assessment\"\n"
                    "  kind: assessment_kind\n"
                    "  scheduled_for: optional date\n"
                    "  impairment: yes/no required when status is completed and kind is needs\n"
                    "  outcomes: ability for each adult_outcome\n"
                    "  appropriate_individual: optional record (relationship: text, paid: yes/no)\n"
                    "  tags: set of adult_outcome\n"
                    "  type_like: optional set of text\n");
  REQUIRE(p->file->events.size() == 1);
  const ast::EventDecl& ev = p->file->events[0];
  CHECK(ev.name.name == "assessment");
  CHECK(ev.title == "An assessment");
  REQUIRE(ev.fields.size() == 7);
  using TK = ast::TypeRef::Kind;

  const ast::FieldDecl& kind = ev.fields[0];
  CHECK(kind.name == "kind");
  CHECK(kind.span.line == 5);
  CHECK(kind.span.column == 3);
  CHECK_FALSE(kind.optional);
  CHECK(kind.type.kind == TK::named);
  CHECK(kind.type.name == "assessment_kind");
  CHECK_FALSE(kind.required_when.has_value());

  const ast::FieldDecl& scheduled = ev.fields[1];
  CHECK(scheduled.optional);
  CHECK(scheduled.type.kind == TK::named);
  CHECK(scheduled.type.name == "date");

  const ast::FieldDecl& impairment = ev.fields[2];
  CHECK_FALSE(impairment.optional);
  CHECK(impairment.type.kind == TK::boolean);
  REQUIRE(impairment.required_when.has_value());
  CHECK(show(*impairment.required_when) == "(and (is status completed) (is kind needs))");

  const ast::FieldDecl& outcomes = ev.fields[3];
  CHECK(outcomes.type.kind == TK::map);
  CHECK(outcomes.type.name == "ability");        // the value enum
  CHECK(outcomes.type.key == "adult_outcome");   // the key enum
  CHECK(outcomes.type.key_span.line == 8);
  CHECK(outcomes.type.key_span.column == 30);

  const ast::FieldDecl& individual = ev.fields[4];
  CHECK(individual.optional);
  CHECK(individual.type.kind == TK::record);
  REQUIRE(individual.type.fields.size() == 2);
  CHECK(individual.type.fields[0].name == "relationship");
  CHECK(individual.type.fields[0].type.kind == TK::named);
  CHECK(individual.type.fields[0].type.name == "text");
  CHECK(individual.type.fields[1].name == "paid");
  CHECK(individual.type.fields[1].type.kind == TK::boolean);

  const ast::FieldDecl& tags = ev.fields[5];
  CHECK_FALSE(tags.optional);
  CHECK(tags.type.kind == TK::set);
  REQUIRE(tags.type.element.size() == 1);
  CHECK(tags.type.element[0].kind == TK::named);
  CHECK(tags.type.element[0].name == "adult_outcome");

  const ast::FieldDecl& texts = ev.fields[6];
  CHECK(texts.name == "type_like");
  CHECK(texts.optional);
  CHECK(texts.type.kind == TK::set);
  CHECK(texts.type.element.at(0).name == "text");
}

TEST_CASE("parse: keywords that may still name a field", "[parse]") {
  auto p = parse_ok(kHeader + "event note\n  message: text\n  due: optional date\n  team: text\n");
  REQUIRE(p->file->events.size() == 1);
  CHECK(p->file->events[0].title.empty());
  REQUIRE(p->file->events[0].fields.size() == 3);
  CHECK(p->file->events[0].fields[0].name == "message");
  CHECK(p->file->events[0].fields[1].name == "due");
  CHECK(p->file->events[0].fields[1].optional);
  CHECK(p->file->events[0].fields[2].name == "team");
}

TEST_CASE("parse: settings and calendars", "[parse]") {
  auto p = parse_ok(kHeader +
                    "setting review_interval = 12 months \"How often\" instead of care_act.interval cites \"s.27\"\n"
                    "calendar england \"Bank holidays\" from \"../calendars/england.txt\"\n");
  REQUIRE(p->file->settings.size() == 1);
  const ast::SettingDecl& s = p->file->settings[0];
  CHECK(s.name.name == "review_interval");
  CHECK(show(s.value) == "(12 months)");
  CHECK(s.title == "How often");
  REQUIRE(s.replaces.has_value());
  CHECK(s.replaces->name == "care_act.interval");
  CHECK(s.cites == "s.27");
  REQUIRE(p->file->calendars.size() == 1);
  CHECK(p->file->calendars[0].name.name == "england");
  CHECK(p->file->calendars[0].title == "Bank holidays");
  CHECK(p->file->calendars[0].path == "../calendars/england.txt");
}

// ================================================================ decisions

TEST_CASE("parse: a decision's clauses", "[parse]") {
  auto p = parse_ok(kHeader +
                    "decision adult_eligible \"Eligible\"\n"                                   // 4
                    "  type yes/no\n"                                                          // 5
                    "  cites \"SI 2015/313, reg. 2(1)\"\n"                                     // 6
                    "  given a = latest assessment where kind is needs\n"                      // 7
                    "  given n = count of (a.outcomes that are not achieved)\n"                // 8
                    "  yes when a.impairment and n is at least 2\n"                            // 9
                    "  unknown when a is unknown\n"                                            // 10
                    "  otherwise no\n"                                                         // 11
                    "  explain \"{n} outcomes\"\n");                                           // 12
  REQUIRE(p->file->decisions.size() == 1);
  const ast::DecisionDecl& d = p->file->decisions[0];
  CHECK(d.name.name == "adult_eligible");
  CHECK(d.name.span.line == 4);
  CHECK(d.name.span.column == 10);
  CHECK(d.title == "Eligible");
  CHECK_FALSE(d.replaces.has_value());
  REQUIRE(d.type.has_value());
  CHECK(d.type->kind == ast::TypeRef::Kind::boolean);
  CHECK(d.cites == "SI 2015/313, reg. 2(1)");
  CHECK(d.cites_span.line == 6);

  REQUIRE(d.givens.size() == 2);
  CHECK(d.givens[0].name.name == "a");
  CHECK(d.givens[0].name.span.line == 7);
  CHECK(d.givens[0].name.span.column == 9);
  CHECK(show(d.givens[0].value) == "(latest {assessment where (is kind needs)})");
  CHECK(d.givens[1].name.name == "n");
  CHECK(show(d.givens[1].value) == "(count (that-are-not (. a outcomes) achieved))");

  REQUIRE(d.cases.size() == 3);
  CHECK(d.cases[0].kind == ast::DecisionCase::Kind::when);
  CHECK(show(d.cases[0].value) == "yes");
  REQUIRE(d.cases[0].condition.has_value());
  CHECK(show(*d.cases[0].condition) == "(and (. a impairment) (>= n #2))");
  CHECK(d.cases[0].span.line == 9);
  CHECK(d.cases[0].span.column == 3);
  CHECK(d.cases[1].kind == ast::DecisionCase::Kind::when);
  CHECK(show(d.cases[1].value) == "unknown");
  REQUIRE(d.cases[1].condition.has_value());
  CHECK(show(*d.cases[1].condition) == "(is a unknown)");
  CHECK(d.cases[2].kind == ast::DecisionCase::Kind::otherwise);
  CHECK(show(d.cases[2].value) == "no");
  CHECK_FALSE(d.cases[2].condition.has_value());
  CHECK(d.cases[2].span.line == 11);

  CHECK(d.explain == "{n} outcomes");
  CHECK(d.explain_span.line == 12);
  CHECK(d.explain_span.column == 11);
}

TEST_CASE("parse: a decision with `value`, a set type and `instead of`", "[parse]") {
  auto p = parse_ok(kHeader +
                    "decision unable \"Unable\" instead of care_act.unable\n"
                    "  type set of adult_outcome\n"
                    "  cites \"reg. 2(2)\"\n"
                    "  value a.outcomes that are not achieved\n");
  const ast::DecisionDecl& d = p->file->decisions.at(0);
  REQUIRE(d.replaces.has_value());
  CHECK(d.replaces->name == "care_act.unable");
  REQUIRE(d.type.has_value());
  CHECK(d.type->kind == ast::TypeRef::Kind::set);
  CHECK(d.type->element.at(0).name == "adult_outcome");
  REQUIRE(d.cases.size() == 1);
  CHECK(d.cases[0].kind == ast::DecisionCase::Kind::value);
  CHECK_FALSE(d.cases[0].condition.has_value());
  CHECK(show(d.cases[0].value) == "(that-are-not (. a outcomes) achieved)");
}

TEST_CASE("parse: tasks, alerts, workflows, checkpoints and measures are recognised", "[parse]") {
  auto p = parse_ok(kHeader +
                    "when any referral open task triage \"Triage the referral\"\n  for team intake\n  due today + 5 working days\n"
                    "when no review raise alert overdue \"Review overdue\"\n  severity high\n"
                    "workflow review_flow \"Reviews\"\n  states draft -> agreed\n"
                    "checkpoint sign_off before plan becomes agreed\n  require x is known \"needs x\"\n"
                    "measure reviews_done \"Reviews done\" of reviews counting those where outcome is known\n");
  REQUIRE(p->file->tasks.size() == 1);
  CHECK(p->file->tasks[0].name.name == "triage");
  CHECK(p->file->tasks[0].title == "Triage the referral");
  CHECK(p->file->tasks[0].team.name == "intake");
  REQUIRE(p->file->tasks[0].due.has_value());
  CHECK(p->file->tasks[0].due->kind == ast::ExprKind::add);
  CHECK(p->file->tasks[0].when.kind == ast::ExprKind::exists);
  REQUIRE(p->file->alerts.size() == 1);
  CHECK(p->file->alerts[0].name.name == "overdue");
  CHECK(p->file->alerts[0].severity.name == "high");
  CHECK(p->file->alerts[0].when.negated);  // `no review`
  REQUIRE(p->file->workflows.size() == 1);
  CHECK(p->file->workflows[0].name.name == "review_flow");
  CHECK(p->file->workflows[0].title == "Reviews");
  REQUIRE(p->file->checkpoints.size() == 1);
  CHECK(p->file->checkpoints[0].name.name == "sign_off");
  REQUIRE(p->file->prompts.size() == 1);
  CHECK(p->file->prompts[0].kind == "measure");
  CHECK(p->file->prompts[0].name.name == "reviews_done");
}

TEST_CASE("parse: a workflow's states, transitions, escalations, alerts and actions", "[parse][workflow]") {
  auto p = parse_ok(kHeader +
                    "workflow advocacy_referral \"Arranging an advocate\"\n"
                    "  states open -> referred -> allocated\n"
                    "  from open to referred when any advocacy where status is referred\n"
                    "  from referred to allocated when allocated_now\n"
                    "  escalate to team_manager when in open longer than 5 working days\n"
                    "  escalate to team_manager when in referred longer than allocation_days\n"
                    "  alert practitioner when due date passed\n"
                    "  practitioners may acknowledge, note\n"
                    "when x open task t \"T\"\n  for team a\n  using workflow advocacy_referral\n");
  REQUIRE(p->file->workflows.size() == 1);
  const ast::WorkflowDecl& w = p->file->workflows[0];
  REQUIRE(w.states.size() == 1);
  std::vector<std::string> states;
  for (const ast::Named& n : w.states[0]) states.push_back(n.name);
  CHECK(states == std::vector<std::string>{"open", "referred", "allocated"});
  CHECK(w.states[0][1].span.line == 5);
  CHECK(w.states[0][1].span.column == 18);
  REQUIRE(w.transitions.size() == 2);
  CHECK(w.transitions[0].from.name == "open");
  CHECK(w.transitions[0].to.name == "referred");
  CHECK(show(w.transitions[0].when) == "(any {advocacy where (is status referred)})");
  CHECK(w.transitions[1].from.name == "referred");
  CHECK(show(w.transitions[1].when) == "allocated_now");
  REQUIRE(w.escalations.size() == 2);
  CHECK(w.escalations[0].role.name == "team_manager");
  CHECK(w.escalations[0].state.name == "open");
  CHECK(show(w.escalations[0].after) == "(5 working days)");
  CHECK(w.escalations[1].state.name == "referred");
  CHECK(show(w.escalations[1].after) == "allocation_days");
  REQUIRE(w.due_alerts.size() == 1);
  CHECK(w.due_alerts[0].name == "practitioner");
  REQUIRE(w.actions.size() == 2);
  CHECK(w.actions[0].name == "acknowledge");
  CHECK(w.actions[1].name == "note");
  REQUIRE(p->file->tasks.size() == 1);
  CHECK(p->file->tasks[0].workflow.name == "advocacy_referral");
  CHECK(p->file->tasks[0].workflow.span.line == 14);
}

TEST_CASE("parse: a checkpoint's event, value, givens, requirements, citation and prompts", "[parse][workflow]") {
  auto p = parse_ok(kHeader +
                    "checkpoint coproduction \"Co-production on record\"\n"
                    "  before care_plan becomes agreed\n"
                    "  given a = latest assessment where status is completed\n"
                    "  require person_views_recorded \"the person's views\"\n"
                    "  require a.strengths_discussed\n"
                    "  cites \"NICE NG86\"\n"
                    "  opens task complete_record\n"
                    "  raises alert incomplete\n");
  REQUIRE(p->file->checkpoints.size() == 1);
  const ast::CheckpointDecl& c = p->file->checkpoints[0];
  CHECK(c.name.name == "coproduction");
  CHECK(c.title == "Co-production on record");
  CHECK(c.event.name == "care_plan");
  CHECK(c.value.name == "agreed");
  CHECK(c.value.span.line == 5);
  REQUIRE(c.givens.size() == 1);
  CHECK(c.givens[0].name.name == "a");
  REQUIRE(c.requirements.size() == 2);
  CHECK(show(c.requirements[0].condition) == "person_views_recorded");
  CHECK(c.requirements[0].label == "the person's views");
  CHECK(show(c.requirements[1].condition) == "(. a strengths_discussed)");
  CHECK(c.requirements[1].label.empty());
  CHECK(c.cites == "NICE NG86");
  CHECK(c.task.name == "complete_record");
  CHECK(c.alert.name == "incomplete");
}

TEST_CASE("parse: the workflow words may still name fields and values", "[parse][workflow]") {
  auto p = parse_ok(kHeader +
                    "event e \"E\"\n  practitioners: number\n  may: yes/no\n  opens: date\n  raises: text\n"
                    "decision d \"D\"\n  value practitioners\n");
  REQUIRE(p->file->events.size() == 1);
  REQUIRE(p->file->events[0].fields.size() == 4);
  CHECK(p->file->events[0].fields[3].name == "raises");
}

// ================================================================ expressions

TEST_CASE("parse: set of (...) with conditions, and `as` names", "[parse][expr]") {
  CHECK(shape("set of (a when x, b)") == "(set-of a x b yes)");
  auto q = parse_expr("count of visit as v where no visit where worker = v.worker before v");
  REQUIRE(q.expr().source);
  CHECK(q.expr().source->alias == "v");
}

TEST_CASE("parse: literals", "[parse][expr]") {
  CHECK(shape("yes") == "yes");
  CHECK(shape("no") == "no");
  CHECK(shape("unknown") == "unknown");
  CHECK(shape("\"a text\"") == "\"a text\"");
  CHECK(shape("2025-04-01") == "d:2025-04-01");
  CHECK(shape("2025-04-01T09:30:00Z") == "t:2025-04-01T09:30:00Z");
  auto n = parse_expr("12.5");
  CHECK(n.expr().kind == ast::ExprKind::literal);
  CHECK(n.expr().literal_kind == ast::LiteralKind::number);
  CHECK(n.expr().number == Approx(12.5));
  CHECK(shape("today") == "today");
}

TEST_CASE("parse: and binds tighter than or, not tighter than and", "[parse][expr]") {
  CHECK(shape("a or b and not c") == "(or a (and b (not c)))");
  CHECK(shape("a and b or c and d") == "(or (and a b) (and c d))");
  CHECK(shape("a or b or c") == "(or a b c)");
  CHECK(shape("a and b and c") == "(and a b c)");
  CHECK(shape("not not a") == "(not (not a))");
  CHECK(shape("(a or b) and c") == "(and (or a b) c)");
  CHECK(shape("not a is b") == "(not (is a b))");
  CHECK(shape("not a and b") == "(and (not a) b)");
}

TEST_CASE("parse: `is`, `is not`, `is known`, `is unknown`, `is one of`", "[parse][expr]") {
  CHECK(shape("x is significant") == "(is x significant)");
  CHECK(shape("x is not significant") == "(is-not x significant)");
  CHECK(shape("x is known") == "(known x)");
  CHECK(shape("x is not known") == "(not-known x)");
  // `is unknown` stays an `is` with the unknown literal; the checker reads it as `is not known`.
  CHECK(shape("x is unknown") == "(is x unknown)");
  CHECK(shape("x is not unknown") == "(is-not x unknown)");
  CHECK(shape("x is one of (a, b, c)") == "(one-of x a b c)");
  CHECK(shape("x is not one of (a, b)") == "(not-one-of x a b)");
  CHECK(shape("a.kind is needs and a.status is not cancelled") ==
        "(and (is (. a kind) needs) (is-not (. a status) cancelled))");
  CHECK(shape("x is yes") == "(is x yes)");
}

TEST_CASE("parse: comparisons in symbols and in words", "[parse][expr]") {
  CHECK(shape("x = 1") == "(= x #1)");
  CHECK(shape("x <> 1") == "(<> x #1)");
  CHECK(shape("x < 1") == "(< x #1)");
  CHECK(shape("x <= 1") == "(<= x #1)");
  CHECK(shape("x > 1") == "(> x #1)");
  CHECK(shape("x >= 1") == "(>= x #1)");
  CHECK(shape("x is at least 2") == "(>= x #2)");
  CHECK(shape("x is at most 2") == "(<= x #2)");
  CHECK(shape("x is more than 2") == "(> x #2)");
  CHECK(shape("x is less than 2") == "(< x #2)");
  CHECK(shape("d is after 2025-01-01") == "(> d d:2025-01-01)");
  CHECK(shape("d is before 2025-01-01") == "(< d d:2025-01-01)");
  CHECK(shape("d is on or after 2025-01-01") == "(>= d d:2025-01-01)");
  CHECK(shape("d is on or before 2025-01-01") == "(<= d d:2025-01-01)");
  // a word comparison is not negated
  CHECK_FALSE(parse_expr("x is at least 2").expr().negated);
}

TEST_CASE("parse: a test expecting a checkpoint to pass or fail on a day", "[parse][workflow]") {
  auto p = parse_ok("tests for t.p\n\ntest \"x\"\n  as of 2025-06-01\n"
                    "  expect checkpoint coproduction passes on 2025-05-01\n"
                    "  expect checkpoint coproduction fails on 2025-05-20\n");
  REQUIRE(p->file->tests.size() == 1);
  const auto& expects = p->file->tests[0].expects;
  REQUIRE(expects.size() == 2);
  CHECK(expects[0].kind == ast::Expectation::Kind::checkpoint_passes);
  CHECK(expects[0].decision.name == "coproduction");
  CHECK_FALSE(expects[0].negated);
  CHECK(expects[0].value.text == "2025-05-01");
  CHECK(expects[1].negated);
  CHECK(expects[1].value.text == "2025-05-20");
  CHECK(expects[1].value.span.line == 6);
}
