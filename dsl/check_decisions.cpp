// Settings and decisions: types, citations, explanation templates, and the
// order in which decisions are evaluated (cycles rejected).
#include <algorithm>
#include <functional>
#include <fmt/format.h>

#include "dsl/checker.hpp"
#include "dsl/parse/parse_file.hpp"

namespace carerules {

void Checker::declare_setting(const ast::SettingDecl& decl, int pack) {
  if (auto it = program_.setting_by_name.find(decl.name.name); it != program_.setting_by_name.end()) {
    const SettingDef& earlier = program_.settings[static_cast<std::size_t>(it->second)];
    diagnostics_.error(decl.name.span, fmt::format("the setting `{}` is declared twice", decl.name.name),
                       fmt::format("the first is at {}:{}", earlier.span.file->path, earlier.span.line));
    return;
  }
  Scope scope;
  scope.pack = pack;
  scope.constant_only = true;
  auto value = expr(decl.value, scope);
  SettingDef def;
  def.name = decl.name.name;
  def.title = decl.title;
  def.cites = decl.cites;
  def.pack = pack;
  def.span = decl.name.span;
  if (value) {
    def.type = value->type;
    def.value = std::move(*value);
  }
  program_.setting_by_name[def.name] = static_cast<int>(program_.settings.size());
  program_.settings.push_back(std::move(def));
}

void Checker::declare_decision(const ast::DecisionDecl& decl, int pack) {
  if (auto it = program_.decision_by_name.find(decl.name.name); it != program_.decision_by_name.end()) {
    const DecisionDef& earlier = program_.decisions[static_cast<std::size_t>(it->second)];
    diagnostics_.error(decl.name.span, fmt::format("the decision `{}` is declared twice", decl.name.name),
                       fmt::format("the first is at {}:{}; remove one of them, or give it another name",
                                   earlier.span.file->path, earlier.span.line));
    return;
  }
  DecisionDef def;
  def.name = decl.name.name;
  def.title = decl.title;
  def.cites = decl.cites;
  def.pack = pack;
  def.span = decl.name.span;
  if (decl.type) def.type = resolve_type(*decl.type, pack, decl.name.name);
  program_.decision_by_name[def.name] = static_cast<int>(program_.decisions.size());
  program_.decisions.push_back(std::move(def));
  decision_decls_.push_back(&decl);
}

void Checker::check_decision(const ast::DecisionDecl& decl, int index) {
  DecisionDef& def = program_.decisions[static_cast<std::size_t>(index)];
  std::set<int> decisions_read, settings_read;
  Scope scope;
  scope.pack = def.pack;
  scope.decisions_read = &decisions_read;
  scope.settings_read = &settings_read;
  if (decl.cites.empty())
    diagnostics_.error(decl.name.span, fmt::format("the decision `{}` does not cite the law or policy behind it", decl.name.name),
                       "add a line such as `cites \"Care Act 2014, s.13(1)\"`");
  for (const ast::Given& g : decl.givens) {
    auto value = expr(g.value, scope);
    Type t = value ? value->type : Type{};
    for (const auto& local : scope.locals)
      if (local.name == g.name.name)
        diagnostics_.error(g.name.span, fmt::format("`{}` is already given in this decision", g.name.name));
    if (program_.decision_by_name.count(g.name.name))
      diagnostics_.error(g.name.span, fmt::format("`{}` is the name of a decision; choose another name for this `given`", g.name.name));
    scope.locals.push_back({g.name.name, t});
    if (value) def.givens.push_back({g.name.name, std::move(*value), g.name.span});
    else def.givens.push_back({g.name.name, Expr{}, g.name.span});
  }
  bool typed = decl.type.has_value();
  bool has_default = false;
  for (const ast::DecisionCase& c : decl.cases) {
    if (has_default) diagnostics_.error(c.span, "this can never apply: an `otherwise` or `value` before it always applies");
    DecisionCase out;
    out.span = c.span;
    out.kind = c.kind == ast::DecisionCase::Kind::when ? DecisionCase::Kind::when : DecisionCase::Kind::otherwise;
    has_default |= out.kind == DecisionCase::Kind::otherwise;
    const Type* expected = typed || def.type.kind != TypeKind::unknown ? &def.type : nullptr;
    auto value = expr(c.value, scope, expected);
    if (c.condition) {
      auto cond = condition(*c.condition, scope);
      if (cond) out.condition = std::move(*cond);
    }
    if (!value) continue;
    Type vt = value->type;
    if (vt.kind != TypeKind::unknown) {
      if (def.type.kind == TypeKind::unknown) def.type = vt;
      else if (!same_type(def.type, vt)) {
        diagnostics_.error(c.value.span, fmt::format("the decision `{}` gives {}, but this is {}", def.name,
                                                     type_name(program_, def.type), type_name(program_, vt)));
        continue;
      }
    }
    out.value = std::move(*value);
    def.cases.push_back(std::move(out));
  }
  if (decl.cases.empty())
    diagnostics_.error(decl.name.span, fmt::format("the decision `{}` never gives a value", def.name),
                       "add for example `yes when ...` and `otherwise no`, or `value ...`");
  else if (!has_default)
    diagnostics_.error(decl.name.span, fmt::format("the decision `{}` has no `otherwise`: say what it is when no case applies", def.name),
                       "add for example `otherwise no` (or `otherwise unknown`)");
  // The explanation template: text with {expression} parts.
  const std::string& t = decl.explain;
  std::size_t i = 0;
  while (i < t.size()) {
    std::size_t open = t.find('{', i);
    if (open == std::string::npos) {
      def.explain.push_back({t.substr(i), std::nullopt});
      break;
    }
    if (open > i) def.explain.push_back({t.substr(i, open - i), std::nullopt});
    std::size_t close = t.find('}', open);
    if (close == std::string::npos) {
      diagnostics_.error(decl.explain_span, "this explanation opens a `{` that is never closed");
      break;
    }
    auto parsed = parse_care_expression(*decl.explain_span.file, t.substr(open + 1, close - open - 1), decl.explain_span, diagnostics_);
    if (parsed) {
      auto value = expr(*parsed, scope);
      if (value) def.explain.push_back({{}, std::move(*value)});
    }
    i = close + 1;
  }
  def.decisions_used.assign(decisions_read.begin(), decisions_read.end());
  def.settings_used.assign(settings_read.begin(), settings_read.end());
}

namespace {

void names_in(const ast::Expr& e, std::vector<std::string>& out) {
  if (e.kind == ast::ExprKind::name) out.push_back(e.text);
  for (const ast::Expr& arg : e.args) names_in(arg, out);
  if (e.source) {
    if (e.source->where) names_in(*e.source->where, out);
    for (const ast::Window& w : e.source->windows) names_in(*w.value, out);
  }
}

}  // namespace

std::vector<int> Checker::checking_order() const {
  std::size_t n = decision_decls_.size();
  std::vector<std::vector<int>> reads(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::string> names;
    const ast::DecisionDecl& d = *decision_decls_[i];
    for (const ast::Given& g : d.givens) names_in(g.value, names);
    for (const ast::DecisionCase& c : d.cases) {
      names_in(c.value, names);
      if (c.condition) names_in(*c.condition, names);
    }
    for (const std::string& name : names)
      if (auto it = program_.decision_by_name.find(name); it != program_.decision_by_name.end()) reads[i].push_back(it->second);
  }
  std::vector<int> order, state(n, 0);
  std::function<void(int)> visit = [&](int d) {
    if (state[static_cast<std::size_t>(d)] != 0) return;  // done, or a cycle reported later
    state[static_cast<std::size_t>(d)] = 1;
    for (int r : reads[static_cast<std::size_t>(d)]) visit(r);
    state[static_cast<std::size_t>(d)] = 2;
    order.push_back(d);
  };
  for (std::size_t i = 0; i < n; ++i) visit(static_cast<int>(i));
  return order;
}

void Checker::order_decisions() {
  std::size_t n = program_.decisions.size();
  std::vector<int> state(n, 0);  // 0 new, 1 in progress, 2 done
  std::vector<int> path;
  std::function<bool(int)> visit = [&](int d) -> bool {
    auto index = static_cast<std::size_t>(d);
    if (state[index] == 2) return true;
    if (state[index] == 1) {
      auto start = std::find(path.begin(), path.end(), d);
      std::string cycle;
      for (auto it = start; it != path.end(); ++it) cycle += "`" + program_.decisions[static_cast<std::size_t>(*it)].name + "` reads ";
      cycle += "`" + program_.decisions[index].name + "`";
      diagnostics_.error(program_.decisions[index].span, "these decisions read each other in a circle: " + cycle,
                         "a decision cannot depend, directly or through others, on itself");
      return false;
    }
    state[index] = 1;
    path.push_back(d);
    bool ok = true;
    for (int used : program_.decisions[index].decisions_used) ok = visit(used) && ok;
    path.pop_back();
    state[index] = 2;
    program_.evaluation_order.push_back(d);
    // Settings used through other decisions count too: a decision records all of them.
    std::set<int> settings(program_.decisions[index].settings_used.begin(), program_.decisions[index].settings_used.end());
    for (int used : program_.decisions[index].decisions_used)
      for (int s : program_.decisions[static_cast<std::size_t>(used)].settings_used) settings.insert(s);
    program_.decisions[index].settings_used.assign(settings.begin(), settings.end());
    return ok;
  };
  for (std::size_t d = 0; d < n; ++d) visit(static_cast<int>(d));
}

}  // namespace carerules
