// Folding a case's events into the history rules read (CASE-DATA.md, "Order"
// and "Amendments").
#pragma once
#include <optional>

#include "engine/case_base.hpp"

namespace carerules {

// Fills `c.history` from `c.events`:
//  - only events recorded at or before `known_at`, when given;
//  - an amendment chain (C amends B amends A) is one fact: of its visible
//    events the one latest by `recorded`, then input order, stands for it,
//    in its own place (its own date);
//  - ordered by date, then recorded, then input order.
// The as-of date is not applied here: the evaluator reads the prefix of the
// history dated on or before it.
// The history's order (CASE-DATA.md "Order"): date, then recorded, then input order.
inline bool before_in_history(const Event* a, const Event* b) {
  if (a->date != b->date) return a->date < b->date;
  if (a->recorded != b->recorded) return a->recorded < b->recorded;
  return a->order < b->order;
}

void fold_case(CaseEvents& c, std::optional<Timestamp> known_at);

// fold_case for every case of the base.
void fold_all(CaseBase& base, std::optional<Timestamp> known_at);

}  // namespace carerules
