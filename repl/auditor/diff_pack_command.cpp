// `diff pack HASH1 HASH2 [over all cases]`: the run's rules with one rule
// file (or folder) replaced by another, and the decisions that would differ:
// the impact of a rule change before it goes live. Each side is a stored
// rule file's hash (a unique start of 8 or more hex digits) or a path on
// disk. Everything is worked out in memory; nothing is stored.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fmt/format.h>
#include <map>

#include "dsl/load_program.hpp"
#include "engine/read_file.hpp"
#include "engine/store/audit_verify.hpp"
#include "engine/store/rule_sources.hpp"
#include "repl/auditor/commands.hpp"
#include "repl/auditor/json_words.hpp"
#include "repl/auditor/scratch_cases.hpp"

namespace carerules::auditor {

namespace {

constexpr std::size_t kExamplesShown = 5;

bool is_hash_start(const std::string& text) {
  return text.size() >= 8 && text.size() <= 64 && text.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string normal_path(const std::string& path) {
  std::string p = std::filesystem::path(path).lexically_normal().generic_string();
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

// The run's files that `from` names: by hash, or by path (a file, or every
// file under a folder).
std::vector<RuleSource> files_named(Session& session, const std::vector<RuleSource>& run_files, const Token& from) {
  std::vector<RuleSource> found;
  const std::int64_t run = session.run().id;
  if (is_hash_start(from.text)) {
    const std::string start = lower(from.text);
    for (const RuleSource& f : run_files)
      if (f.hash.compare(0, start.size(), start) == 0) found.push_back(f);
    if (found.size() > 1)
      throw CommandError(fmt::format("more than one rule file of run {} has a hash starting `{}`; give more of it", run, from.text));
    if (found.empty()) {
      Statement s(session.db(), "SELECT path FROM sources WHERE substr(hash, 1, ?1) = ?2");
      s.bind(1, static_cast<std::int64_t>(start.size())).bind(2, start);
      if (s.step())
        throw CommandError(fmt::format("the rule file `{}` ({}) is stored, but run {} did not use it; the first of `diff pack` "
                                       "must be one of the run's own files (`packs` lists them)", s.text(0), from.text, run));
      throw CommandError(fmt::format("no rule file of run {} has a hash starting `{}`; `packs` lists them", run, from.text));
    }
    if (found.front().kind != "pack")
      throw CommandError(fmt::format("`{}` is a {} file; `diff pack` replaces one of the run's .care files", found.front().path,
                                     found.front().kind));
    return found;
  }
  const std::string path = normal_path(from.text);
  for (const RuleSource& f : run_files)
    if (f.kind == "pack" && (f.path == path || f.path.compare(0, path.size() + 1, path + "/") == 0)) found.push_back(f);
  if (found.empty())
    throw CommandError(fmt::format("none of run {}'s rule files is `{}` or under it; `packs` lists them", run, from.text));
  return found;
}

// The files `to` names: a stored file by hash, or a .care file or a folder
// of them on disk.
std::vector<std::pair<std::string, std::string>> files_given(Session& session, const Token& to) {
  std::vector<std::pair<std::string, std::string>> files;
  namespace fs = std::filesystem;
  std::error_code ec;
  if (is_hash_start(to.text) && !fs::exists(to.text, ec)) {
    const std::string start = lower(to.text);
    Statement s(session.db(), "SELECT path, text FROM sources WHERE substr(hash, 1, ?1) = ?2");
    s.bind(1, static_cast<std::int64_t>(start.size())).bind(2, start);
    while (s.step()) files.emplace_back(std::string(s.text(0)), std::string(s.text(1)));
    if (files.size() > 1)
      throw CommandError(fmt::format("more than one stored rule file has a hash starting `{}`; give more of it", to.text));
    if (files.empty()) throw CommandError(fmt::format("no stored rule file has a hash starting `{}`", to.text));
    return files;
  }
  std::vector<std::string> paths;
  if (fs::is_directory(to.text, ec)) {
    for (const auto& entry : fs::recursive_directory_iterator(to.text, ec))
      if (entry.is_regular_file() && entry.path().extension() == ".care") paths.push_back(normal_path(entry.path().string()));
    std::sort(paths.begin(), paths.end());
    if (paths.empty()) throw CommandError(fmt::format("the folder `{}` holds no .care file", to.text));
  } else if (fs::is_regular_file(to.text, ec)) {
    paths.push_back(normal_path(to.text));
  } else {
    throw CommandError(fmt::format("there is no file or folder `{}`, and it is not the start of a stored rule file's hash", to.text));
  }
  for (const std::string& p : paths) {
    auto text = read_whole_file(p);
    if (!text) throw CommandError(fmt::format("cannot read `{}`", p));
    files.emplace_back(p, std::move(*text));
  }
  return files;
}

std::string short_hash(const std::string& hash) { return hash.substr(0, 12); }

// The packs that change, a line each.
std::vector<std::string> pack_changes(const Program& a, const Program& b) {
  std::vector<std::string> lines;
  for (const PackDef& p : a.packs) {
    auto it = std::find_if(b.packs.begin(), b.packs.end(), [&](const PackDef& q) { return q.name == p.name; });
    if (it == b.packs.end()) lines.push_back(fmt::format("{} {} (hash {}) is no longer used", p.name, p.version, short_hash(p.hash)));
    else if (it->hash != p.hash)
      lines.push_back(fmt::format("{} {} (hash {}) → {} {} (hash {})", p.name, p.version, short_hash(p.hash), it->name,
                                  it->version, short_hash(it->hash)));
  }
  for (const PackDef& q : b.packs)
    if (std::none_of(a.packs.begin(), a.packs.end(), [&](const PackDef& p) { return p.name == q.name; }))
      lines.push_back(fmt::format("{} {} (hash {}) is added", q.name, q.version, short_hash(q.hash)));
  return lines;
}

struct CaseDifference {
  std::string name, before, after;
};

std::vector<CaseDifference> decision_differences(const std::string& a, const std::string& b) {
  std::vector<CaseDifference> out;
  const auto before = json_object_members(a), after = json_object_members(b);
  for (const std::string& name : differing_decisions(a, b)) {
    auto x = before.find(name), y = after.find(name);
    out.push_back({name, x == before.end() ? "(not decided by these rules)" : json_words(x->second),
                   y == after.end() ? "(not decided by these rules)" : json_words(y->second)});
  }
  return out;
}

}  // namespace

void diff_pack(Session& session, const command::DiffPack& c) {
  const RunRow& run = session.run();
  if (!c.all) session.case_id();  // one case: it must be selected
  std::vector<RuleSource> run_files = run_rule_sources(session.db(), run.id);
  const std::vector<RuleSource> replaced = files_named(session, run_files, c.from);
  const std::vector<std::pair<std::string, std::string>> replacement = files_given(session, c.to);

  std::vector<std::pair<std::string, std::string>> packs;
  std::map<std::string, std::string> calendars;
  for (const RuleSource& f : run_files) {
    if (f.kind == "calendar") calendars.emplace(f.path, f.text);
    else if (std::none_of(replaced.begin(), replaced.end(), [&](const RuleSource& r) { return r.path == f.path; }))
      packs.emplace_back(f.path, f.text);
  }
  packs.insert(packs.end(), replacement.begin(), replacement.end());
  LoadOptions options;
  options.as_of = session.as_of();
  options.find_dependencies = false;
  options.read_calendar = [&calendars](const std::string& path) -> std::optional<std::string> {
    auto it = calendars.find(path);
    if (it != calendars.end()) return it->second;
    return read_whole_file(path);
  };
  Diagnostics diagnostics;
  std::unique_ptr<Program> changed = load_program_from_texts(packs, options, diagnostics);
  if (!changed)
    throw CommandError(fmt::format("the rules with that change do not load, as of {}:\n{}", format_date(session.as_of()),
                                   diagnostics.render(false)));
  const Program& original = session.replay().program();

  std::FILE* out = session.out();
  std::string names;
  for (const RuleSource& r : replaced) names += fmt::format("{}`{}`", names.empty() ? "" : ", ", r.path);
  std::string new_names;
  for (const auto& [path, text] : replacement) new_names += fmt::format("{}`{}`", new_names.empty() ? "" : ", ", path);
  fmt::print(out, "Run {}'s rules with {} replaced by {}, {}:\n", run.id, names, new_names, session.when_text());
  std::vector<std::string> changes = pack_changes(original, *changed);
  for (const std::string& line : changes) fmt::print(out, "  {}\n", line);
  if (changes.empty()) {
    fmt::print(out, "The packs are the same (the same hashes): no decision can differ.\n");
    return;
  }

  const Date as_of = session.as_of();
  const std::optional<Timestamp> known_at = session.known_at();
  if (!c.all) {
    const std::string& case_id = session.case_id();
    ScratchCases scratch(session.db(), run, *changed, case_id, {}, known_at);
    const CaseEvaluation before = *session.evaluate(case_id, as_of, known_at);
    const CaseEvents* found = scratch.find(case_id);
    if (!found) throw CommandError(fmt::format("the events hold no case `{}`", case_id));
    const CaseEvaluation after = scratch.evaluate(*found, as_of);
    std::vector<CaseDifference> diffs = decision_differences(before.record.decisions, after.record.decisions);
    if (diffs.empty()) {
      fmt::print(out, "Case {}: no decision would differ.\n", case_id);
      return;
    }
    fmt::print(out, "Case {}: {} would differ:\n", case_id,
               count_text(static_cast<std::int64_t>(diffs.size()), "decision", "decisions"));
    for (const CaseDifference& d : diffs) fmt::print(out, "  {}: {} → {}\n", d.name, d.before, d.after);
    return;
  }

  ScratchCases scratch(session.db(), run, *changed, std::nullopt, {}, known_at);
  struct ByDecision {
    std::size_t cases = 0;
    std::vector<std::string> examples;
  };
  std::map<std::string, ByDecision> by_decision;
  std::size_t cases = 0, differing = 0;
  for (const std::string& case_id : session.run_case_ids()) {
    auto before = session.evaluate(case_id, as_of, known_at);
    const CaseEvents* found = scratch.find(case_id);
    if (!before || !found) continue;
    ++cases;
    const CaseEvaluation after = scratch.evaluate(*found, as_of);
    std::vector<CaseDifference> diffs = decision_differences(before->record.decisions, after.record.decisions);
    if (!diffs.empty()) ++differing;
    for (const CaseDifference& d : diffs) {
      ByDecision& b = by_decision[d.name];
      ++b.cases;
      if (b.examples.size() < kExamplesShown) b.examples.push_back(fmt::format("{}: {} → {}", case_id, d.before, d.after));
    }
  }
  fmt::print(out, "Over the {} of run {}: {} would have different decisions.\n",
             count_text(static_cast<std::int64_t>(cases), "case", "cases"), run.id,
             count_text(static_cast<std::int64_t>(differing), "case", "cases"));
  for (const auto& [name, b] : by_decision) {
    fmt::print(out, "  {}: {}{}\n", name, count_text(static_cast<std::int64_t>(b.cases), "case", "cases"),
               b.cases > b.examples.size() ? fmt::format(", the first {}:", b.examples.size()) : ":");
    for (const std::string& e : b.examples) fmt::print(out, "    {}\n", e);
  }
}

}  // namespace carerules::auditor
