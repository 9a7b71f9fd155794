#include "engine/store/rule_sources.hpp"

#include <fmt/format.h>
#include <map>

#include "dsl/load_program.hpp"
#include "engine/calendar/sha256.hpp"
#include "engine/store/run_json.hpp"

namespace carerules {

std::vector<RuleSource> rule_sources_of(const Program& program) {
  std::vector<RuleSource> files;
  for (const PackDef& pack : program.packs)
    for (const SourceFile* file : pack.files) files.push_back({file->path, sha256_hex(file->text), "pack", file->text});
  for (const auto& [path, text] : program.calendar_files) files.push_back({path, sha256_hex(text), "calendar", text});
  return files;
}

void store_rule_sources(Database& db, std::int64_t run_id, const Program& program) {
  Statement add_source(db, "INSERT OR IGNORE INTO sources (hash, path, text) VALUES (?1, ?2, ?3)");
  Statement link(db, "INSERT INTO run_sources (run_id, path, hash, kind) VALUES (?1, ?2, ?3, ?4)");
  for (const RuleSource& file : rule_sources_of(program)) {
    add_source.bind(1, file.hash).bind(2, file.path).bind(3, file.text);
    add_source.run();
    add_source.reset();
    link.bind(1, run_id).bind(2, file.path).bind(3, file.hash).bind(4, file.kind);
    link.run();
    link.reset();
  }
}

std::vector<RuleSource> run_rule_sources(Database& db, std::int64_t run_id) {
  Statement select(db,
                   "SELECT r.path, r.hash, r.kind, s.text FROM run_sources r JOIN sources s ON s.hash = r.hash "
                   "WHERE r.run_id = ?1 ORDER BY r.path");
  select.bind(1, run_id);
  std::vector<RuleSource> files;
  while (select.step())
    files.push_back({std::string(select.text(0)), std::string(select.text(1)), std::string(select.text(2)),
                     std::string(select.text(3))});
  return files;
}

std::unique_ptr<Program> load_run_program(Database& db, std::int64_t run_id, Diagnostics& diagnostics) {
  Statement run(db, "SELECT as_of, packs FROM runs WHERE id = ?1");
  run.bind(1, run_id);
  if (!run.step()) throw StoreError(fmt::format("the database `{}` has no run {}", db.path(), run_id));
  const auto as_of = parse_date(run.text(0));
  const std::string recorded_packs(run.text(1));
  if (!as_of) throw StoreError(fmt::format("run {} in the database `{}` has no valid as-of date", run_id, db.path()));

  std::vector<std::pair<std::string, std::string>> packs;
  std::map<std::string, std::string> calendars;
  for (RuleSource& file : run_rule_sources(db, run_id)) {
    if (file.kind == "calendar") calendars.emplace(file.path, std::move(file.text));
    else packs.emplace_back(file.path, std::move(file.text));
  }
  if (packs.empty()) throw StoreError(fmt::format("the database `{}` holds no rule files for run {}", db.path(), run_id));
  LoadOptions options;
  options.as_of = *as_of;
  options.find_dependencies = false;
  options.read_calendar = [&calendars](const std::string& path) -> std::optional<std::string> {
    auto it = calendars.find(path);
    if (it == calendars.end()) return std::nullopt;
    return it->second;
  };
  auto program = load_program_from_texts(packs, options, diagnostics);
  if (program && packs_json(*program) != recorded_packs)
    throw StoreError(fmt::format(
        "the rules of run {} rebuilt from the database `{}` are not the packs the run recorded (recorded {}, rebuilt {})",
        run_id, db.path(), recorded_packs, packs_json(*program)));
  return program;
}

}  // namespace carerules
