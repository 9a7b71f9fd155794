// Settings and decisions: types, citations, explanation templates, and the
// order in which decisions are evaluated (cycles rejected).
#include <algorithm>
#include <functional>
#include <fmt/format.h>

#include "dsl/checker.hpp"
#include "dsl/parse/parse_file.hpp"

namespace carerules {

// `instead of PACK` (or `instead of PACK.NAME`): the rule or setting of the same
// name in PACK is replaced, everywhere it is read. Returns the slot replaced,
// -1 when there is nothing to replace (a new name), or -2 after an error.
int Checker::replacement_slot(const std::string& what, const ast::Named& name, const std::optional<ast::Named>& replaces,
                              const std::string& cites, int pack, const std::map<std::string, int>& by_name,
                              const std::function<std::pair<int, Span>(int)>& owner_of) {
  auto it = by_name.find(name.name);
  if (!replaces) {
    if (it == by_name.end()) return -1;
    auto [owner, span] = owner_of(it->second);
    const std::string& owner_pack = program_.packs[static_cast<std::size_t>(owner)].name;
    if (owner != pack && visible(pack, owner))
      diagnostics_.error(name.span, fmt::format("the {} `{}` already exists in the pack `{}`", what, name.name, owner_pack),
                         fmt::format("to replace it with the council's own, write `instead of {}` after its title, with a `cites` "
                                     "naming the council's policy",
                                     owner_pack));
    else
      diagnostics_.error(name.span, fmt::format("the {} `{}` is declared twice", what, name.name),
                         fmt::format("the first is at {}:{}; remove one of them, or give it another name", span.file->path, span.line));
    return -2;
  }
  std::string target = replaces->name;
  if (std::string suffix = "." + name.name; target.size() > suffix.size() && target.ends_with(suffix) &&
                                             !program_.packs.empty()) {
    bool is_pack = false;
    for (const PackDef& p : program_.packs) is_pack |= p.name == target;
    if (!is_pack) target.resize(target.size() - suffix.size());
  }
  if (it == by_name.end()) {
    diagnostics_.error(replaces->span, fmt::format("there is no {} `{}` to replace", what, name.name),
                       "`instead of` replaces a rule or setting of the same name in a pack this one extends");
    return -2;
  }
  auto [owner, span] = owner_of(it->second);
  const std::string& owner_pack = program_.packs[static_cast<std::size_t>(owner)].name;
  if (owner_pack != target) {
    diagnostics_.error(replaces->span, fmt::format("the {} `{}` belongs to the pack `{}`, not `{}`", what, name.name, owner_pack, target),
                       fmt::format("write `instead of {}`", owner_pack));
    return -2;
  }
  if (owner == pack || !extends_reach(pack, owner)) {
    diagnostics_.error(replaces->span, fmt::format("this pack does not extend `{}`, so it cannot replace its {}s", owner_pack, what),
                       fmt::format("add `extends {}` to the pack's header", owner_pack));
    return -2;
  }
  if (cites.empty()) {
    diagnostics_.error(name.span, fmt::format("a replaced {} must cite the council's own policy", what),
                       "add a line such as `cites \"Anytown Adult Social Care policy ASC-12, para 4\"`");
    return -2;
  }
  return it->second;
}

void Checker::declare_setting(const ast::SettingDecl& decl, int pack) {
  int replaced = replacement_slot("setting", decl.name, decl.replaces, decl.cites, pack, program_.setting_by_name,
                                  [&](int slot) {
                                    const SettingDef& s = program_.settings[static_cast<std::size_t>(slot)];
                                    return std::pair<int, Span>{s.pack, s.span};
                                  });
  if (replaced == -2) return;
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
  if (replaced >= 0) {
    SettingDef& old = program_.settings[static_cast<std::size_t>(replaced)];
    if (value && !same_type(old.type, def.type))
      diagnostics_.error(decl.value.span, fmt::format("the setting `{}` is {}, but this is {}", def.name,
                                                      type_name(program_, old.type), type_name(program_, def.type)));
    def.replaces_pack = old.pack;
    if (def.title.empty()) def.title = old.title;
    old = std::move(def);
    return;
  }
  program_.setting_by_name[def.name] = static_cast<int>(program_.settings.size());
  program_.settings.push_back(std::move(def));
}

void Checker::declare_decision(const ast::DecisionDecl& decl, int pack) {
  int replaced = replacement_slot("decision", decl.name, decl.replaces, decl.cites, pack, program_.decision_by_name,
                                  [&](int slot) {
                                    const DecisionDef& d = program_.decisions[static_cast<std::size_t>(slot)];
                                    return std::pair<int, Span>{d.pack, d.span};
                                  });
  if (replaced == -2) return;
  DecisionDef def;
  def.name = decl.name.name;
  def.title = decl.title;
  def.cites = decl.cites;
  def.pack = pack;
  def.span = decl.name.span;
  if (decl.type) def.type = resolve_type(*decl.type, pack, decl.name.name);
  if (replaced >= 0) {
    // The council's rule takes the national rule's place: everything that reads
    // the decision now reads this one. It must give the same kind of value.
    DecisionDef& old = program_.decisions[static_cast<std::size_t>(replaced)];
    if (!decl.type) def.type = old.type;
    else if (!same_type(old.type, def.type))
      diagnostics_.error(decl.type->span, fmt::format("the decision `{}` gives {}; its replacement must too, not {}", def.name,
                                                      type_name(program_, old.type), type_name(program_, def.type)));
    def.replaces_pack = old.pack;
    if (def.title.empty()) def.title = old.title;
    old = std::move(def);
    decision_decls_[static_cast<std::size_t>(replaced)] = &decl;
    return;
  }
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
  def.explain = template_pieces(decl.explain, decl.explain_span, scope);
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

std::vector<ExplainPiece> Checker::template_pieces(const std::string& t, const Span& at, Scope& scope) {
  // Text with {expression} parts, each shown in words when evaluated.
  std::vector<ExplainPiece> pieces;
  std::size_t i = 0;
  while (i < t.size()) {
    std::size_t open = t.find('{', i);
    if (open == std::string::npos) {
      pieces.push_back({t.substr(i), std::nullopt});
      break;
    }
    if (open > i) pieces.push_back({t.substr(i, open - i), std::nullopt});
    std::size_t close = t.find('}', open);
    if (close == std::string::npos) {
      diagnostics_.error(at, "this text opens a `{` that is never closed", "write the value to show between `{` and `}`");
      break;
    }
    auto parsed = parse_care_expression(*at.file, t.substr(open + 1, close - open - 1), at, diagnostics_);
    if (parsed) {
      auto value = expr(*parsed, scope);
      if (value) pieces.push_back({{}, std::move(*value)});
    }
    i = close + 1;
  }
  return pieces;
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
