#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/event_reader.hpp"

using namespace carerules;

namespace {

// The checker normally builds the Program; these tests build a small one by
// hand: an assessment with a map, a nested record and `required when`, and a
// visit.
enum { kKind, kStatus, kOutcome, kAbility, kDelivery };
enum { kAssessment, kBudget, kVisit };

Expr field_ref(int index, Type type) {
  Expr e;
  e.op = Op::field;
  e.a = index;
  e.type = type;
  return e;
}

Expr constant_ref(int slot, Type type) {
  Expr e;
  e.op = Op::constant;
  e.a = slot;
  e.type = type;
  return e;
}

Expr equals(Expr l, Expr r) {
  Expr e;
  e.op = Op::compare;
  e.a = static_cast<int>(ast::CompareOp::eq);
  e.type = Type{TypeKind::boolean};
  e.args = {std::move(l), std::move(r)};
  return e;
}

FieldDef field(std::string name, Type type, bool optional = false) {
  FieldDef f;
  f.name = std::move(name);
  f.type = type;
  f.optional = optional;
  return f;
}

const Program& care_program() {
  static const Program program = [] {
    Program p;
    auto add_enum = [&](std::string name, std::vector<std::string> values) {
      EnumDef def;
      def.name = std::move(name);
      def.values = def.labels = std::move(values);
      p.enums.push_back(std::move(def));
    };
    add_enum("kind", {"needs", "carer"});
    add_enum("status", {"planned", "completed", "cancelled"});
    add_enum("adult_outcome", {"nutrition", "personal_hygiene", "toilet_needs"});
    add_enum("ability", {"achieved", "needs_assistance", "pain_distress_anxiety", "endangers_safety",
                         "takes_significantly_longer"});
    add_enum("delivery", {"direct_payment", "managed", "individual_service_fund", "mixed"});

    DataValue completed, needs;
    completed.kind = needs.kind = TypeKind::enumeration;
    completed.enum_value = 1;
    needs.enum_value = 0;
    p.constants = {completed, needs};

    // required when status = completed and kind = needs
    auto completed_needs = std::make_shared<Expr>();
    completed_needs->op = Op::and_;
    completed_needs->type = Type{TypeKind::boolean};
    completed_needs->args = {
        equals(field_ref(1, {TypeKind::enumeration, kStatus}), constant_ref(0, {TypeKind::enumeration, kStatus})),
        equals(field_ref(0, {TypeKind::enumeration, kKind}), constant_ref(1, {TypeKind::enumeration, kKind}))};

    RecordDef assessment{"assessment", {}};
    assessment.fields = {
        field("kind", {TypeKind::enumeration, kKind}),
        field("status", {TypeKind::enumeration, kStatus}),
        field("scheduled_for", {TypeKind::date}, true),
        field("impairment", {TypeKind::boolean}, true),
        field("outcomes", {TypeKind::map, kOutcome, kAbility}, true),
        field("budget", {TypeKind::record, kBudget}, true),
        field("tags", {TypeKind::set, -1}, true),
        field("kinds_seen", {TypeKind::set, kKind}, true),
        field("score", {TypeKind::number}, true),
    };
    assessment.fields[3].required_when = completed_needs;
    assessment.fields[4].required_when = completed_needs;
    RecordDef budget{"assessment.budget", {}};
    budget.fields = {field("amount", {TypeKind::money}), field("delivery", {TypeKind::enumeration, kDelivery}),
                     field("direct_payment_from", {TypeKind::date}, true)};
    RecordDef visit{"visit", {}};
    visit.fields = {field("worker", {TypeKind::text}), field("new_worker_notified", {TypeKind::boolean}, true),
                    field("started", {TypeKind::timestamp}, true)};
    p.records = {assessment, budget, visit};

    EventTypeDef assessment_event, visit_event;
    assessment_event.name = "assessment", assessment_event.record = kAssessment;
    visit_event.name = "visit", visit_event.record = kVisit;
    p.events = {assessment_event, visit_event};
    return p;
  }();
  return program;
}

struct Load {
  CaseBase base;
  std::vector<EventError> errors;
  bool ok = true;

  Load& read(std::string_view text, std::string_view file = "cases.jsonl", ReadOptions options = {}) {
    ok = read_events(care_program(), file, text, base, errors, options) && ok;
    return *this;
  }
  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    for (const EventError& e : errors) out.push_back(e.to_string());
    return out;
  }
  const CaseEvents& only_case() const {
    REQUIRE(base.cases.size() == 1);
    return base.cases[0];
  }
};

// The first error of reading `line` alone.
std::string error_of(const std::string& line) {
  Load load;
  load.read(line + "\n");
  CHECK_FALSE(load.ok);
  CHECK(load.base.event_count() == 0);
  return load.errors.empty() ? std::string("(no error)") : load.errors[0].message;
}

const std::string kCompleted =
    R"({"id":"a1","case":"P-1","type":"assessment","date":"2026-01-20","kind":"needs","status":"completed",)"
    R"("impairment":true,"outcomes":{"nutrition":"needs_assistance","toilet_needs":"achieved"},)"
    R"("budget":{"amount":14200.5,"delivery":"managed"},"tags":["b","a","b"],"kinds_seen":["carer"],"score":3})";

}  // namespace

TEST_CASE("good lines become events with typed values", "[event_reader]") {
  Load load;
  load.read(kCompleted + "\n\n   \n" +
            R"({"id":"v1","case":"P-2","type":"visit","date":"2026-02-01","recorded":"2026-02-03T09:30:00Z","worker":"W-17","new_worker_notified":null})"
            "\r\n");
  REQUIRE(load.ok);
  REQUIRE(load.errors.empty());
  REQUIRE(load.base.cases.size() == 2);
  const StringPool& strings = load.base.strings;

  const Event& a = *load.base.cases[0].events.at(0);
  CHECK(strings.text(load.base.cases[0].case_id) == "P-1");
  CHECK(a.type == 0);
  CHECK(strings.text(a.id) == "a1");
  CHECK(a.date == *parse_date("2026-01-20"));
  CHECK(a.recorded == start_of_day(a.date));
  CHECK(a.source_line == 1);
  CHECK(a.amends == 0);
  CHECK(a.fields[0].kind == ValueKind::enumeration);
  CHECK(a.fields[0].small == 0);  // needs
  CHECK(a.fields[1].small == 1);  // completed
  CHECK(a.fields[2].is_unknown());
  CHECK(a.fields[3].kind == ValueKind::boolean);
  CHECK(a.fields[3].b);
  const Value& outcomes = a.fields[4];
  REQUIRE(outcomes.kind == ValueKind::map);
  CHECK(outcomes.items[0].small == 1);        // nutrition: needs_assistance
  CHECK(outcomes.items[1].is_unknown());      // personal_hygiene: left out
  CHECK(outcomes.items[2].small == 0);        // toilet_needs: achieved
  const Value& budget = a.fields[5];
  REQUIRE(budget.kind == ValueKind::record);
  CHECK(budget.items[0].number == 14200.5);
  CHECK(budget.items[1].small == 1);  // managed
  CHECK(budget.items[2].is_unknown());
  REQUIRE(a.fields[6].kind == ValueKind::text_set);
  CHECK(a.fields[6].texts->size() == 2);  // sorted, unique
  CHECK(a.fields[7].kind == ValueKind::enum_set);
  CHECK(a.fields[7].mask == 2u);
  CHECK(a.fields[8].number == 3.0);

  const Event& v = *load.base.cases[1].events.at(0);
  CHECK(v.source_line == 4);  // blank lines still count
  CHECK(v.order == a.order + 1);
  CHECK(v.recorded == *parse_timestamp("2026-02-03T09:30:00Z"));
  CHECK(strings.text(static_cast<std::uint32_t>(v.fields[0].small)) == "W-17");
  CHECK(v.fields[1].is_unknown());
  CHECK(load.base.file_of(v) == "cases.jsonl");
}

TEST_CASE("the envelope may come after the body fields", "[event_reader]") {
  Load load;
  load.read(R"({"worker":"W-1","new_worker_notified":false,"id":"v1","date":"2026-01-01","type":"visit","case":"P"})");
  REQUIRE(load.ok);
  const Event& v = *load.only_case().events.at(0);
  CHECK(v.fields[1].kind == ValueKind::boolean);
  CHECK_FALSE(v.fields[1].b);

  Load bad;
  bad.read(R"({"workr":"W-1","id":"v1","case":"P","type":"visit","date":"2026-01-01"})" "\n");
  CHECK(bad.messages() ==
        std::vector<std::string>{"cases.jsonl:1: error: unknown field `workr` in a `visit` event; did you mean `worker`?"});
}

TEST_CASE("a planned assessment needs none of the completed-only fields", "[event_reader]") {
  Load load;
  load.read(R"({"id":"a1","case":"P","type":"assessment","date":"2026-01-05","kind":"needs","status":"planned","scheduled_for":"2026-01-20"})" "\n"
            R"({"id":"a2","case":"P","type":"assessment","date":"2026-01-05","kind":"carer","status":"completed"})");
  CHECK(load.ok);
  CHECK(load.messages().empty());
  CHECK(load.only_case().events.size() == 2);
}

TEST_CASE("each kind of bad line is reported with its line and what is wrong", "[event_reader]") {
  const std::string visit = R"({"id":"v1","case":"P","type":"visit","date":"2026-01-01")";
  const std::string assess = R"({"id":"a1","case":"P","type":"assessment","date":"2026-01-01","kind":"needs",)";

  CHECK_THAT(error_of(R"({"id":"e1",)"), Catch::StartsWith("not valid JSON ("));
  CHECK_THAT(error_of(visit + R"(,"worker":"W"} x)"), Catch::StartsWith("not valid JSON ("));
  CHECK(error_of("[1, 2]") == "expected a JSON object (one event per line)");
  CHECK(error_of(R"({"id":"v1","type":"visit","date":"2026-01-01","worker":"W"})") == "missing required field `case`");
  CHECK(error_of(R"({"id":"v1","case":"P","date":"2026-01-01","worker":"W"})") == "missing required field `type`");
  CHECK(error_of(R"({"id":"v1","case":"P","type":"visit","worker":"W"})") == "missing required field `date`");
  CHECK(error_of(R"({"id":17,"case":"P","type":"visit","date":"2026-01-01","worker":"W"})") == "id: expected a string; found 17");
  CHECK(error_of(R"({"id":"","case":"P","type":"visit","date":"2026-01-01","worker":"W"})") == "id: must not be empty");
  CHECK(error_of(R"({"id":"v1","case":"P","type":"visti","date":"2026-01-01","worker":"W"})") ==
        "unknown event type \"visti\"; did you mean `visit`?");
  CHECK(error_of(R"({"id":"v1","case":"P","type":"visit","date":"2026-02-30","worker":"W"})") ==
        "date: \"2026-02-30\" is not a real date");
  CHECK(error_of(R"({"id":"v1","case":"P","type":"visit","date":"1 Feb 2026","worker":"W"})") ==
        "date: expected a date YYYY-MM-DD; found \"1 Feb 2026\"");
  CHECK(error_of(visit + R"(,"recorded":"2026-01-01 10:00","worker":"W"})") ==
        "recorded: expected a timestamp YYYY-MM-DDThh:mm:ssZ; found \"2026-01-01 10:00\"");
  CHECK(error_of(visit + R"(,"date":"2026-01-02","worker":"W"})") == "field `date` appears twice");
  CHECK(error_of(visit + R"(,"worker":"W","worker":"X"})") == "field `worker` appears twice");
  CHECK(error_of(visit + R"(,"wroker":"W"})") == "unknown field `wroker` in a `visit` event; did you mean `worker`?");
  CHECK(error_of(visit + R"(,"worker":"W","colour":"red"})") == "unknown field `colour` in a `visit` event");
  CHECK(error_of(visit + "}") == "missing required field `worker`");
  CHECK(error_of(visit + R"(,"worker":null})") == "field `worker` must not be null");
  CHECK(error_of(visit + R"(,"worker":12})") == "worker: expected a string; found 12");
  CHECK(error_of(visit + R"(,"worker":"W","new_worker_notified":"no"})") ==
        "new_worker_notified: expected true or false; found \"no\"");
  CHECK(error_of(visit + R"(,"worker":"W","started":"2026-01-01"})") ==
        "started: expected a timestamp YYYY-MM-DDThh:mm:ssZ; found \"2026-01-01\"");
  CHECK(error_of(assess + R"("status":"finished"})") == "status: expected one of planned, completed, cancelled; found \"finished\"");
  CHECK(error_of(assess + R"("status":"planned","scheduled_for":"2026-13-01"})") ==
        "scheduled_for: \"2026-13-01\" is not a real date");
  CHECK(error_of(assess + R"("status":"planned","score":"high"})") == "score: expected a number; found \"high\"");
  CHECK(error_of(assess + R"("status":"planned","tags":"x"})") == "tags: expected a list; found \"x\"");
  CHECK(error_of(assess + R"("status":"planned","kinds_seen":["adult"]})") ==
        "kinds_seen: expected one of needs, carer; found \"adult\"");
  CHECK(error_of(assess + R"("status":"completed","impairment":true,"outcomes":{"nutrition":"needs_help"}})") ==
        "outcomes.nutrition: expected one of achieved, needs_assistance, pain_distress_anxiety, "
        "endangers_safety, takes_significantly_longer; found \"needs_help\"");
  CHECK(error_of(assess + R"("status":"completed","impairment":true,"outcomes":{"nutritio":"achieved"}})") ==
        "outcomes: unknown key \"nutritio\"; expected one of nutrition, personal_hygiene, toilet_needs");
  CHECK(error_of(assess + R"("status":"completed","impairment":true,"outcomes":["achieved"]})") ==
        "outcomes: expected an object; found a list");
  CHECK(error_of(assess + R"("status":"completed","outcomes":{}})") == "missing required field `impairment`");
  CHECK(error_of(assess + R"("status":"completed","impairment":false})") == "missing required field `outcomes`");
  CHECK(error_of(assess + R"("status":"planned","budget":{"amount":10}})") == "missing required field `budget.delivery`");
  CHECK(error_of(assess + R"("status":"planned","budget":{"amount":10,"delivery":"cash"}})") ==
        "budget.delivery: expected one of direct_payment, managed, individual_service_fund, mixed; found \"cash\"");
  CHECK(error_of(assess + R"("status":"planned","budget":{"amount":10,"delivery":"managed","amout":3}})") ==
        "unknown field `budget.amout`; did you mean `amount`?");
  CHECK(error_of(assess + R"("status":"planned","budget":true})") == "budget: expected an object; found true");
}

TEST_CASE("bad lines are reported by line; good lines around them still read", "[event_reader]") {
  Load load;
  load.read(R"({"id":"v1","case":"P","type":"visit","date":"2026-01-01","worker":"W"})" "\n"
            R"({"id":"v2","case":"P","type":"visit","date":"2026-01-02"})" "\n"
            "\n"
            R"({"id":"v3","case":"P","type":"vist","date":"2026-01-03","worker":"W"})" "\n"
            R"({"id":"v4","case":"P","type":"visit","date":"2026-01-04","worker":"W"})",
            "in/day1.jsonl");
  CHECK_FALSE(load.ok);
  CHECK(load.messages() == std::vector<std::string>{
                               "in/day1.jsonl:2: error: missing required field `worker`",
                               "in/day1.jsonl:4: error: unknown event type \"vist\"; did you mean `visit`?"});
  CHECK(load.base.event_count() == 2);  // the caller discards the base anyway
}

TEST_CASE("unknown fields may be relaxed to warnings", "[event_reader]") {
  Load load;
  ReadOptions relaxed;
  relaxed.unknown_fields_are_warnings = true;
  load.read(R"({"colour":"red","id":"v1","case":"P","type":"visit","date":"2026-01-01","worker":"W"})", "a.jsonl",
            relaxed);
  CHECK(load.ok);
  CHECK(load.messages() == std::vector<std::string>{"a.jsonl:1: warning: unknown field `colour` in a `visit` event"});
  CHECK(load.base.event_count() == 1);
}

TEST_CASE("duplicate ids: identical lines count once, different ones need amends", "[event_reader]") {
  const std::string v1 = R"({"id":"v1","case":"P","type":"visit","date":"2026-01-01","worker":"W"})";
  Load load;
  load.read(v1 + "\n  " + v1 + "  \n" +
            R"({"id":"v1","case":"P","type":"visit","date":"2026-01-01","worker":"X"})" "\n"
            R"({"id":"v2","case":"P","type":"visit","date":"2026-01-02","worker":"X","amends":"v1"})" "\n"
            R"({"id":"v3","case":"P","type":"visit","date":"2026-01-02","worker":"X","amends":"v9"})" "\n"
            R"({"id":"v1","case":"Q","type":"visit","date":"2026-01-01","worker":"X"})" "\n"
            R"({"id":"v4","case":"Q","type":"visit","date":"2026-01-02","worker":"X","amends":"v2"})");
  CHECK(load.messages() ==
        std::vector<std::string>{
            "cases.jsonl:3: error: event id `v1` was already used on line 1 with different content; a correction must "
            "use `amends`",
            "cases.jsonl:5: error: amends: no earlier event `v9` in case `P`",
            "cases.jsonl:7: error: amends: no earlier event `v2` in case `Q`"});
  REQUIRE(load.base.cases.size() == 2);
  REQUIRE(load.base.cases[0].events.size() == 2);
  CHECK(load.base.strings.text(load.base.cases[0].events[1]->amends) == "v1");
  CHECK(load.base.cases[1].events.size() == 1);  // the same id in another case is another event
}

TEST_CASE("duplicates are found across files and order keeps rising", "[event_reader]") {
  Load load;
  load.read(R"({"id":"v1","case":"P","type":"visit","date":"2026-01-01","worker":"W"})", "a.jsonl");
  load.read(R"({"id":"v1","case":"P","type":"visit","date":"2026-01-01","worker":"W"})" "\n"
            R"({"id":"v1","case":"P","type":"visit","date":"2026-01-05","worker":"W"})" "\n"
            R"({"id":"v2","case":"P","type":"visit","date":"2026-01-05","worker":"W"})",
            "b.jsonl");
  CHECK(load.messages() ==
        std::vector<std::string>{"b.jsonl:2: error: event id `v1` was already used at a.jsonl:1 with different "
                                 "content; a correction must use `amends`"});
  const CaseEvents& c = load.only_case();
  REQUIRE(c.events.size() == 2);
  CHECK(c.events[1]->order > c.events[0]->order);
  CHECK(c.events[1]->source_line == 3);
  CHECK(load.base.file_of(*c.events[0]) == "a.jsonl");
  CHECK(load.base.file_of(*c.events[1]) == "b.jsonl");
}

TEST_CASE("the string pool gives dense first-seen ids", "[event_reader]") {
  StringPool pool;
  CHECK(pool.find("") == 0);
  CHECK(pool.find("a") == UINT32_MAX);
  for (int i = 0; i < 5000; ++i) CHECK(pool.intern("t" + std::to_string(i)) == std::uint32_t(i + 1));
  CHECK(pool.intern("t42") == 43);
  CHECK(pool.find("t4999") == 5000);
  CHECK(pool.text(43) == "t42");
  CHECK(pool.size() == 5001);
}

TEST_CASE("the string pool keeps long texts and every text's bytes in place", "[event_reader]") {
  StringPool pool;
  std::vector<std::string> texts;
  std::vector<std::string_view> views;
  for (int i = 0; i < 3000; ++i) {
    // Now and then a text longer than a chunk, or than the packed size field.
    const std::size_t length = i % 1000 == 7 ? (std::size_t(3) << 20) + i : i % 500 == 3 ? 100000 : 1 + i % 40;
    std::string text(length, static_cast<char>('a' + i % 26));
    text += std::to_string(i);
    texts.push_back(text);
    const std::uint32_t id = pool.intern(text);
    CHECK(id == std::uint32_t(i + 1));
    views.push_back(pool.text(id));
  }
  for (int i = 0; i < 3000; ++i) {
    CHECK(pool.text(std::uint32_t(i + 1)) == texts[i]);
    CHECK(views[i].data() == pool.text(std::uint32_t(i + 1)).data());  // never moved
    CHECK(pool.find(texts[i]) == std::uint32_t(i + 1));
    CHECK(pool.intern(texts[i]) == std::uint32_t(i + 1));
  }
  CHECK(pool.text(0).empty());
  CHECK(pool.text(0).data() != nullptr);
  CHECK(pool.size() == 3001);
}

TEST_CASE("a byte order mark and a last line without a newline are fine", "[event_reader]") {
  Load load;
  load.read("\xEF\xBB\xBF" R"({"id":"v1","case":"P","type":"visit","date":"2026-01-01","worker":"W"})" "\n"
            R"({"id":"v2","case":"P","type":"visit","date":"2026-01-02","worker":"W","recorded":null})");
  CHECK(load.ok);
  CHECK(load.messages().empty());
  CHECK(load.only_case().events.size() == 2);
}

TEST_CASE("an event read again with any one byte changed is not a duplicate", "[event_reader]") {
  const std::string line =
      R"({"id":"v1","case":"P","type":"visit","date":"2026-01-01","worker":"W-0123456789abcdefghijklmnopqrstuvwxyz"})";
  const std::size_t from = line.find("W-0"), to = line.rfind('"');
  std::string text = line + "\n";
  std::size_t variants = 0;
  for (std::size_t at = from; at < to; ++at) {
    for (char c : {'_', 'Z'}) {
      std::string changed = line;
      if (changed[at] == c) continue;
      changed[at] = c;
      text += changed + "\n";
      ++variants;
    }
  }
  Load load;
  load.read(text);
  CHECK(load.errors.size() == variants);
  CHECK(load.base.event_count() == 1);
  for (const EventError& e : load.errors) CHECK_THAT(e.message, Catch::Contains("with different content"));
  // The same line again is the same fact.
  Load again;
  again.read(line + "\n" + line + "\n");
  CHECK(again.ok);
  CHECK(again.base.event_count() == 1);
}
