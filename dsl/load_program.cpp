#include "dsl/load_program.hpp"

#include <algorithm>
#include <functional>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "dsl/checker.hpp"
#include "dsl/parse/parse_file.hpp"
#include "engine/calendar/sha256.hpp"

namespace carerules {

namespace fs = std::filesystem;

namespace {

struct Parsed {
  std::unique_ptr<SourceFile> source;
  std::optional<ast::File> file;
  Diagnostics diagnostics;
};

void collect(const fs::path& path, std::vector<std::string>& out) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::recursive_directory_iterator(path, ec))
      if (entry.is_regular_file() && entry.path().extension() == ".care") out.push_back(entry.path().lexically_normal().string());
  } else if (fs::exists(path, ec)) {
    out.push_back(path.lexically_normal().string());
  }
}

std::unique_ptr<Parsed> parse_path(const std::string& path) {
  auto parsed = std::make_unique<Parsed>();
  parsed->source = std::make_unique<SourceFile>();
  parsed->source->path = path;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    parsed->diagnostics.error_in_file(path, "cannot read this file");
    return parsed;
  }
  std::stringstream text;
  text << in.rdbuf();
  parsed->source->text = text.str();
  parsed->file = parse_care_file(*parsed->source, parsed->diagnostics);
  return parsed;
}

fs::path rules_root(const std::string& first) {
  fs::path p = fs::absolute(first).lexically_normal();
  if (!fs::is_directory(p)) p = p.parent_path();
  for (fs::path q = p; !q.empty(); q = q.parent_path()) {
    if (q.filename() == "rules") return q;
    if (q == q.parent_path()) break;
  }
  return p.parent_path();
}

bool in_force(const ast::PackHeader& h, Date d) {
  auto from = parse_date(h.in_force_from);
  auto until = parse_date(h.in_force_until);
  return from && *from <= d && (h.in_force_until.empty() || (until && d <= *until));
}

std::unique_ptr<Program> build_program(std::vector<std::unique_ptr<Parsed>> parsed, std::size_t given_count,
                                       const LoadOptions& options, Diagnostics& diagnostics);

}  // namespace

std::unique_ptr<Program> load_program(const std::vector<std::string>& paths, const LoadOptions& options,
                                      Diagnostics& diagnostics) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::size_t before = files.size();
    collect(p, files);
    if (files.size() == before) diagnostics.error_in_file(p, "no .care rule files here (no such file or folder, or it is empty)");
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  std::vector<std::unique_ptr<Parsed>> parsed;
  std::set<std::string> seen;
  for (const std::string& f : files) {
    parsed.push_back(parse_path(f));
    seen.insert(fs::absolute(f).lexically_normal().string());
  }
  std::size_t given_count = parsed.size();
  // Packs named by uses/extends but not given: look under the rules root.
  auto names_needed = [&]() {
    std::set<std::string> have, need;
    for (const auto& p : parsed)
      if (p->file && !p->file->is_tests) have.insert(p->file->pack.name.name);
    for (std::size_t i = 0; i < parsed.size(); ++i) {
      const auto& p = parsed[i];
      if (!p->file) continue;
      if (p->file->is_tests && i < given_count) need.insert(p->file->tests_for.name);
      for (const auto* list : {&p->file->pack.uses, &p->file->pack.extends})
        for (const ast::Named& n : *list) need.insert(n.name);
    }
    std::set<std::string> missing;
    for (const std::string& n : need)
      if (!have.count(n)) missing.insert(n);
    return missing;
  };
  if (options.find_dependencies && !paths.empty()) {
    std::vector<std::unique_ptr<Parsed>> library;
    std::vector<std::string> candidates;
    collect(rules_root(paths.front()), candidates);
    // Shown in messages and traces: relative to where the command runs, when inside it.
    for (std::string& c : candidates) {
      std::error_code ec;
      fs::path shown = fs::proximate(c, ec);
      if (!ec && !shown.empty() && shown.native().rfind("..", 0) != 0) c = shown.string();
    }
    std::sort(candidates.begin(), candidates.end());
    for (const std::string& c : candidates)
      if (!seen.count(fs::absolute(c).lexically_normal().string())) library.push_back(parse_path(c));
    for (bool added = true; added;) {
      added = false;
      std::set<std::string> missing = names_needed();
      for (auto& lib : library) {
        if (lib && lib->file && !lib->file->is_tests && missing.count(lib->file->pack.name.name)) {
          parsed.push_back(std::move(lib));
          added = true;
        }
      }
    }
  }
  if (options.version_dates) {
    std::map<std::string, std::vector<Date>> versions;
    for (const auto& p : parsed)
      if (p->file && !p->file->is_tests)
        if (auto from = parse_date(p->file->pack.in_force_from)) versions[p->file->pack.name.name].push_back(*from);
    std::set<Date> dates;
    for (const auto& [name, froms] : versions)
      if (froms.size() > 1) dates.insert(froms.begin(), froms.end());
    options.version_dates->assign(dates.begin(), dates.end());
  }

  return build_program(std::move(parsed), given_count, options, diagnostics);
}

namespace {

std::unique_ptr<Program> build_program(std::vector<std::unique_ptr<Parsed>> parsed, std::size_t given_count,
                                       const LoadOptions& options, Diagnostics& diagnostics) {
  auto program = std::make_unique<Program>();
  for (const auto& p : parsed)
    for (const Diagnostic& d : p->diagnostics.all()) diagnostics.add(d);

  // Choose one version of each pack.
  std::map<std::string, std::vector<Parsed*>> versions;
  for (const auto& p : parsed)
    if (p->file && !p->file->is_tests) versions[p->file->pack.name.name].push_back(p.get());
  std::map<std::string, Parsed*> chosen;
  for (auto& [name, list] : versions) {
    Parsed* best = nullptr;
    for (Parsed* p : list) {
      const ast::PackHeader& h = p->file->pack;
      if (options.as_of && !in_force(h, *options.as_of)) continue;
      if (!best || best->file->pack.in_force_from < h.in_force_from) best = p;
      else if (best->file->pack.in_force_from == h.in_force_from)
        diagnostics.error(h.name.span, fmt::format("two versions of the pack `{}` come into force on the same day", name),
                          "give each version its own `in force from` date");
    }
    if (!best) {
      diagnostics.error(list.front()->file->pack.name.span,
                        fmt::format("no version of the pack `{}` is in force on {}", name, format_date(*options.as_of)),
                        "check its `in force from ... until ...` dates, or evaluate as of another date");
      continue;
    }
    chosen[name] = best;
  }

  // Order packs so that every pack comes after the packs it uses.
  std::vector<std::string> order;
  std::set<std::string> placed, visiting;
  std::function<void(const std::string&)> place = [&](const std::string& name) {
    if (placed.count(name) || visiting.count(name) || !chosen.count(name)) return;
    visiting.insert(name);
    const ast::PackHeader& h = chosen[name]->file->pack;
    for (const auto* list : {&h.uses, &h.extends})
      for (const ast::Named& dep : *list) {
        if (!versions.count(dep.name)) {
          std::vector<std::string> known;
          for (const auto& [n, _] : versions) known.push_back(n);
          std::string close = closest_name(dep.name, known);
          diagnostics.error(dep.span, fmt::format("there is no pack called `{}`", dep.name),
                            close.empty() ? "packs are found by name under the `rules` folder" : fmt::format("did you mean `{}`?", close));
        }
        place(dep.name);
      }
    visiting.erase(name);
    placed.insert(name);
    order.push_back(name);
  };
  for (const auto& [name, _] : chosen) place(name);

  std::map<std::string, int> pack_index;
  std::vector<std::pair<const ast::File*, int>> checked;
  for (const std::string& name : order) {
    Parsed* p = chosen[name];
    const ast::PackHeader& h = p->file->pack;
    PackDef def;
    def.name = name;
    def.title = h.title;
    def.version = h.version;
    def.authority = h.authority;
    if (h.version.empty())
      diagnostics.error(h.name.span, fmt::format("the pack `{}` has no version", name), "add a line such as `version 2026.1`");
    if (auto from = parse_date(h.in_force_from)) def.in_force_from = *from;
    else if (h.in_force_from.empty())
      diagnostics.error(h.name.span, fmt::format("the pack `{}` does not say when it comes into force", name),
                        "add a line such as `in force from 2015-04-01`");
    else diagnostics.error(h.in_force_span, fmt::format("`{}` is not a real date", h.in_force_from));
    if (!h.in_force_until.empty()) {
      if (auto until = parse_date(h.in_force_until)) def.in_force_until = *until;
      else diagnostics.error(h.in_force_until_span, fmt::format("`{}` is not a real date", h.in_force_until));
    }
    for (const auto& n : h.uses) def.uses.push_back(n.name);
    for (const auto& n : h.extends) def.extends.push_back(n.name);
    def.files.push_back(p->source.get());
    def.hash = sha256_hex(p->source->text);
    pack_index[name] = static_cast<int>(program->packs.size());
    program->packs.push_back(std::move(def));
    checked.emplace_back(&*p->file, pack_index[name]);
  }
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    const auto& p = parsed[i];
    if (!p->file || !p->file->is_tests || i >= given_count) continue;
    auto it = pack_index.find(p->file->tests_for.name);
    if (it == pack_index.end()) {
      if (!versions.count(p->file->tests_for.name))
        diagnostics.error(p->file->tests_for.span, fmt::format("there is no pack called `{}` to test", p->file->tests_for.name));
      continue;
    }
    checked.emplace_back(&*p->file, it->second);
  }
  Checker checker(*program, diagnostics);
  checker.read_calendar = options.read_calendar;
  checker.check(checked);
  for (auto& p : parsed) program->sources.push_back(std::move(p->source));
  program->ast_files.reserve(parsed.size());
  for (auto& p : parsed)
    if (p->file) program->ast_files.push_back(std::make_shared<ast::File>(std::move(*p->file)));
  if (diagnostics.has_errors()) return nullptr;
  return program;
}

}  // namespace

std::unique_ptr<Program> load_program_from_texts(const std::vector<std::pair<std::string, std::string>>& files,
                                                 const LoadOptions& options, Diagnostics& diagnostics) {
  std::vector<std::unique_ptr<Parsed>> parsed;
  for (const auto& [path, text] : files) {
    auto p = std::make_unique<Parsed>();
    p->source = std::make_unique<SourceFile>();
    p->source->path = path;
    p->source->text = text;
    p->file = parse_care_file(*p->source, p->diagnostics);
    parsed.push_back(std::move(p));
  }
  std::size_t count = parsed.size();
  return build_program(std::move(parsed), count, options, diagnostics);
}

}  // namespace carerules
