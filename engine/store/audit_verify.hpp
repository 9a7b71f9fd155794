// `carerules audit verify`: walks the audit log's hash chain, then checks that
// every row an entry describes still matches it and that every row has its
// entry. Reads only; deterministic.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/store/database.hpp"

namespace carerules {

struct VerifyOptions {
  // Given a run, a case and the case's stored decisions (JSON), returns the
  // names of the decisions that are not what the run's rules decide from the
  // run's events, so that the report can name them. Without it, the report
  // names the case and the run.
  std::function<std::vector<std::string>(std::int64_t run_id, const std::string& case_id,
                                         const std::string& stored_decisions)>
      changed_decisions;
  // Problems listed in full; the rest are only counted.
  std::size_t max_problems = 20;
};

struct AuditReport {
  std::int64_t entries = 0;
  std::map<std::string, std::int64_t> entries_by_kind;
  std::string last_hash;  // of the last entry; empty when there are none
  // Plain-English problems: the first broken link of the chain (if any), then
  // rows that do not match their entries and rows without entries, in order.
  std::vector<std::string> problems;
  std::size_t problem_count = 0;  // including those not listed
  bool intact() const { return problem_count == 0; }
};

AuditReport verify_audit(Database& db, const VerifyOptions& options = {});

// "1,234 entries (3 imports, 2 runs, 1,229 case decisions)".
std::string describe_entries(const AuditReport& report);

// 1234567 -> "1,234,567".
std::string with_thousands(std::int64_t n);

}  // namespace carerules
