// `carerules audit verify`: checks the audit log's hash chain and every
// recorded row against it; exit 0 when intact, 1 when not.
#include <fmt/format.h>

#include "engine/store/audit_verify.hpp"
#include "repl/commands.hpp"

namespace carerules::cli {

int run_audit_verify(const AuditVerifyRequest& request, const Output&) {
  AuditReport report;
  try {
    Database db(request.db, Database::Mode::read_only);
    report = verify_audit(db);
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
