// The checker's side of workflows and checkpoints: the WorkflowDef and
// CheckpointDef it builds, the tasks' transition conditions (checked with each
// task's own `given` names), and visibility across packs.
#include "tests/unit/dsl/check_support.hpp"

namespace {

const std::string kSchema = header("t.schema") + R"care(
enum plan_status "Status"
  draft "draft"
  agreed "agreed"
  ended "ended"

enum letter_kind "Kind"
  determination "determination"
  plan_copy "plan copy"

enum referral_status "Referral"
  referred "referred"
  allocated "allocated"

event care_plan "A plan"
  status: plan_status
  views_recorded: yes/no
  coordinator: optional text

event letter "A letter"
  kind: letter_kind

event advocacy "Advocacy"
  status: referral_status
)care";

const std::string kFlows = header("t.flows", "  uses t.schema") + R"care(
setting allocation_wait = 10 working days

workflow advocacy_referral "Arranging an advocate"
  states open -> referred -> allocated
  from open to referred when referred_since
  from open to allocated when any advocacy where status is allocated since began
  from referred to allocated when any advocacy where status is allocated since began
  escalate to team_manager when in open longer than 5 working days
  escalate to team_manager when in referred longer than allocation_wait
  alert practitioner when due date passed
)care" + R"care(
workflow letter_flow "Sending a letter"
  states open -> sent
  from open to sent when sent
  practitioners may note, acknowledge
)care";

// The same pack with only the letter workflow.
const std::string kLetterFlow = header("t.flows", "  uses t.schema") + R"care(
workflow letter_flow "Sending a letter"
  states open -> sent
  from open to sent when sent
)care";

const std::string kTasks = header("t.tasks", "  uses t.schema, t.flows") + R"care(
when any care_plan open task arrange "Arrange an advocate"
  given p = latest care_plan
  given began = p.date
  given referred_since = any advocacy where status is referred since began
  for team a
  cites "s.67"
  using workflow advocacy_referral

when any care_plan open task send_copy "Send a copy"
  given sent = any letter where kind is plan_copy
  for team a
  cites "s.25(9)"
  using workflow letter_flow

when any care_plan open task send_record "Send the record"
  given p = latest care_plan
  given sent = any letter where kind is determination since p.date
  for team a
  cites "s.13(2)"
  using workflow letter_flow

when any care_plan open task plain "No workflow"
  for team a
  cites "x"

when no letter raise alert incomplete "Incomplete"
  severity low
  to team
  cites "x"

checkpoint sign_off "On record at sign-off"
  before care_plan becomes agreed
  given copy = any letter where kind is plan_copy since date
  require views_recorded "the person's views"
  require coordinator is known
  require copy "a copy was sent"
  cites "NICE NG86"
  opens task send_copy
  raises alert incomplete
)care";

int workflow_index(const Program& p, const std::string& name) {
  for (std::size_t i = 0; i < p.workflows.size(); ++i)
    if (p.workflows[i].name == name) return static_cast<int>(i);
  FAIL("no workflow " << name);
  return -1;
}

const TaskDef& task(const Program& p, const std::string& name) {
  for (const TaskDef& t : p.tasks)
    if (t.name == name) return t;
  FAIL("no task " << name);
  return p.tasks.front();
}

}  // namespace

TEST_CASE("check: a workflow's states, transitions, escalations and actions are resolved", "[check][workflow]") {
  TempDir dir;
  dir.write("rules/schema.care", kSchema);
  dir.write("rules/flows.care", kFlows);
  auto loaded = load_ok({dir.write("rules/tasks.care", kTasks)});
  const Program& p = *loaded->program;

  REQUIRE(p.workflows.size() == 2);
  CHECK(p.workflows[0].name == "advocacy_referral");  // sorted by name
  CHECK(p.workflows[1].name == "letter_flow");
  const WorkflowDef& w = p.workflows[static_cast<std::size_t>(workflow_index(p, "advocacy_referral"))];
  CHECK(w.title == "Arranging an advocate");
  CHECK(w.states == std::vector<std::string>{"open", "referred", "allocated"});
  CHECK(p.packs[static_cast<std::size_t>(w.pack)].name == "t.flows");
  CHECK(w.span.line == 8);
  REQUIRE(w.transitions.size() == 3);
  CHECK(w.transitions[0].from == 0);
  CHECK(w.transitions[0].to == 1);
  CHECK(w.transitions[1].from == 0);
  CHECK(w.transitions[1].to == 2);
  CHECK(w.transitions[2].from == 1);
  CHECK(w.transitions[2].to == 2);
  CHECK(w.transitions[2].span.line == 12);
  REQUIRE(w.escalations.size() == 2);
  CHECK(w.escalations[0].state == 0);
  CHECK(w.escalations[0].role == "team_manager");
  CHECK(w.escalations[0].after.op == Op::constant);
  CHECK(constant_of(p, w.escalations[0].after).amount == 5);
  CHECK(constant_of(p, w.escalations[0].after).working);
  CHECK(w.escalations[1].state == 1);
  CHECK(w.escalations[1].after.op == Op::setting);
  CHECK(w.escalations[1].after.a == setting_id(p, "allocation_wait"));
  CHECK(w.due_alerts == std::vector<std::string>{"practitioner"});
  // No `practitioners may` line: every action.
  CHECK(w.actions == std::vector<std::string>{"acknowledge", "reassign", "note"});
  CHECK(p.workflows[1].actions == std::vector<std::string>{"note", "acknowledge"});
}

TEST_CASE("check: a workflow's conditions are checked with each task's own givens", "[check][workflow]") {
  TempDir dir;
  dir.write("rules/schema.care", kSchema);
  dir.write("rules/flows.care", kFlows);
  auto loaded = load_ok({dir.write("rules/tasks.care", kTasks)});
  const Program& p = *loaded->program;

  const TaskDef& arrange = task(p, "arrange");
  CHECK(arrange.workflow == "advocacy_referral");
  CHECK(arrange.workflow_index == workflow_index(p, "advocacy_referral"));
  REQUIRE(arrange.transition_conditions.size() == 3);
  // `referred_since` is the task's third given; `began`, inside the windows, its second.
  CHECK(arrange.transition_conditions[0].op == Op::local);
  CHECK(arrange.transition_conditions[0].a == 2);
  const Expr& allocated = arrange.transition_conditions[1];
  REQUIRE(allocated.op == Op::exists);
  REQUIRE(allocated.query->windows.size() == 1);
  CHECK(allocated.query->windows[0].value->op == Op::local);
  CHECK(allocated.query->windows[0].value->a == 1);

  // One workflow, two tasks: `sent` is the first given of one and the second of the other.
  const TaskDef& copy = task(p, "send_copy");
  const TaskDef& record = task(p, "send_record");
  CHECK(copy.workflow_index == workflow_index(p, "letter_flow"));
  CHECK(record.workflow_index == copy.workflow_index);
  REQUIRE(copy.transition_conditions.size() == 1);
  REQUIRE(record.transition_conditions.size() == 1);
  CHECK(copy.transition_conditions[0].op == Op::local);
  CHECK(copy.transition_conditions[0].a == 0);
  CHECK(record.transition_conditions[0].op == Op::local);
  CHECK(record.transition_conditions[0].a == 1);

  const TaskDef& plain = task(p, "plain");
  CHECK(plain.workflow_index == -1);
  CHECK(plain.transition_conditions.empty());
}

TEST_CASE("check: a checkpoint's event, field, value, requirements and prompts are resolved", "[check][workflow]") {
  TempDir dir;
  dir.write("rules/schema.care", kSchema);
  dir.write("rules/flows.care", kFlows);
  auto loaded = load_ok({dir.write("rules/tasks.care", kTasks)});
  const Program& p = *loaded->program;

  REQUIRE(p.checkpoints.size() == 1);
  const CheckpointDef& c = p.checkpoints[0];
  CHECK(c.name == "sign_off");
  CHECK(c.title == "On record at sign-off");
  CHECK(c.cites == "NICE NG86");
  CHECK(c.event_type == p.find_event("care_plan"));
  const RecordDef& record = p.records[static_cast<std::size_t>(p.events[static_cast<std::size_t>(c.event_type)].record)];
  CHECK(c.field == record.field_index("status"));
  CHECK(c.value == 1);  // agreed
  REQUIRE(c.givens.size() == 1);
  CHECK(c.givens[0].name == "copy");
  // `since date`: the window reads the passage's own date.
  REQUIRE(c.givens[0].value.query->windows.size() == 1);
  CHECK(c.givens[0].value.query->windows[0].value->op == Op::envelope);
  REQUIRE(c.requirements.size() == 3);
  CHECK(c.requirements[0].label == "the person's views");
  CHECK(c.requirements[0].condition.op == Op::field);
  CHECK(c.requirements[0].condition.args.at(0).op == Op::scope_event);
  CHECK(c.requirements[1].label == "coordinator is known");  // no label: the condition as written
  CHECK(c.requirements[2].condition.op == Op::local);
  REQUIRE(c.task >= 0);
  CHECK(p.tasks[static_cast<std::size_t>(c.task)].name == "send_copy");
  REQUIRE(c.alert >= 0);
  CHECK(p.alerts[static_cast<std::size_t>(c.alert)].name == "incomplete");
}

TEST_CASE("check: a workflow of a pack the task's pack does not use is refused", "[check][workflow]") {
  TempDir dir;
  dir.write("rules/schema.care", kSchema);
  dir.write("rules/flows.care", kLetterFlow);
  auto loaded = load({dir.write("rules/tasks.care", header("t.other", "  uses t.schema") + R"care(
when any care_plan open task send "Send"
  given sent = any letter
  for team a
  cites "x"
  using workflow letter_flow
)care"),
                      dir.path("rules/flows.care")});
  REQUIRE(loaded->program == nullptr);
  CHECK(messages(loaded->diagnostics) ==
        "the workflow `letter_flow` belongs to the pack `t.flows`, which `t.other` does not use\n"
        "  help: add `uses t.flows` to the pack's header\n");
}

TEST_CASE("check: a name one task gives and another does not is reported for the other", "[check][workflow]") {
  TempDir dir;
  dir.write("rules/schema.care", kSchema);
  dir.write("rules/flows.care", kLetterFlow);
  auto loaded = load({dir.write("rules/tasks.care", header("t.tasks", "  uses t.schema, t.flows") + R"care(
when any care_plan open task with_given "Has it"
  given sent = any letter
  for team a
  cites "x"
  using workflow letter_flow

when any care_plan open task without_given "Lacks it"
  for team a
  cites "x"
  using workflow letter_flow
)care")});
  REQUIRE(loaded->program == nullptr);
  std::string all = messages(loaded->diagnostics);
  CHECK(all.find("there is no decision, setting or field called `sent` here") != std::string::npos);
  CHECK(all.find("checked for the task `without_given`") != std::string::npos);
  CHECK(all.find("`with_given`") == std::string::npos);
  CHECK(loaded->diagnostics.sorted().size() == 1);
}

TEST_CASE("check: the workflow words stay usable as names", "[check][workflow]") {
  TempDir dir;
  auto loaded = load_ok({dir.write("rules/names.care", header("t.names") + R"care(
enum step "Step"
  opens "opens"
  raises "raises"
event practitioners "Practitioners"
  may: yes/no
  step: step
decision may_decide "A decision"
  cites "x"
  given opens = latest practitioners where may
  value opens.step is raises
)care")});
  CHECK(loaded->program->decisions.size() == 1);
}

TEST_CASE("check: a workflow no task uses is checked, but for the names its tasks would give", "[check][workflow]") {
  TempDir dir;
  dir.write("rules/schema.care", kSchema);
  // The tasks that will use it are elsewhere: `sent` and `p` are theirs to give.
  auto ok = load_ok({dir.write("rules/flows.care", header("t.flows", "  uses t.schema") + R"care(
workflow letter_flow "Sending a letter"
  states open -> sent
  from open to sent when sent and any letter where kind is plan_copy since p.date
)care")});
  CHECK(ok->program->workflows.size() == 1);

  auto bad = load({dir.write("rules/flows.care", header("t.flows", "  uses t.schema") + R"care(
workflow letter_flow "Sending a letter"
  states open -> sent
  from open to sent when sent and any letter where kind is plan_cpy
)care")});
  REQUIRE(bad->program == nullptr);
  CHECK(messages(bad->diagnostics) ==
        "`plan_cpy` is not one of the values of `letter_kind`\n"
        "  help: did you mean `plan_copy`? the values are: determination, plan_copy "
        "(no task uses this workflow yet, so this is checked without any task's `given` names)\n");
}
