// `carerules audit verify`: checks the audit log's hash chain and every
// recorded row against it; exit 0 when intact, 1 when not.
#include <fmt/format.h>

#include <map>
#include <memory>

#include "engine/store/audit_verify.hpp"
#include "engine/store/replay.hpp"
#include "repl/commands.hpp"

namespace carerules::cli {

int run_audit_verify(const AuditVerifyRequest& request, const Output&) {
  AuditReport report;
  try {
    Database db(request.db, Database::Mode::read_only);
    // To name an altered decision, each altered case is decided again from
    // the run's stored rules and events (one replay per run, made when needed).
    std::map<std::int64_t, std::unique_ptr<RunReplay>> replays;
    VerifyOptions options;
    options.changed_decisions = [&](std::int64_t run, const std::string& case_id,
                                    const std::string& stored) -> std::vector<std::string> {
      try {
        auto& replay = replays[run];
        if (!replay) replay = std::make_unique<RunReplay>(db, run);
        auto again = replay->recompute(case_id);
        if (!again) return {};
        return differing_decisions(stored, again->decisions);
      } catch (const StoreError&) {
        return {};  // the case and run are still named
      }
    };
    report = verify_audit(db, options);
  } catch (const StoreError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
  if (report.intact()) {
    fmt::print("the audit log is intact: {}\n", describe_entries(report));
    if (!report.last_hash.empty())
      fmt::print("the last entry's hash is {}; note it down to check later that no entries were removed from the end\n",
                 report.last_hash);
    return 0;
  }
  fmt::print("the audit log is NOT intact: {} problem{} found:\n",
             with_thousands(static_cast<std::int64_t>(report.problem_count)), report.problem_count == 1 ? "" : "s");
  for (const std::string& p : report.problems) fmt::print("  {}\n", p);
  if (report.problem_count > report.problems.size())
    fmt::print("  ... and {} more\n", with_thousands(static_cast<std::int64_t>(report.problem_count - report.problems.size())));
  fmt::print("checked {} and the rows they record\n", describe_entries(report));
  return 1;
}

}  // namespace carerules::cli
