#include "engine/case_fold.hpp"

#include <algorithm>
#include <utility>

namespace carerules {

namespace {

// Which of two versions of a fact is the newer correction.
bool newer(const Event* a, const Event* b) {
  if (a->recorded != b->recorded) return a->recorded > b->recorded;
  return a->order > b->order;
}

// Scratch reused across cases: folding a million cases allocates nothing
// after the first few.
struct FoldScratch {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> first_with_id;  // id, index in events
  std::vector<std::uint32_t> fact;    // by index in events: index of its chain's first event
  std::vector<const Event*> winner;   // by fact index
};

thread_local FoldScratch scratch;

}  // namespace

void fold_case(CaseEvents& c, std::optional<Timestamp> known_at) {
  c.history.clear();
  const auto visible = [&](const Event* e) { return !known_at || e->recorded <= *known_at; };
  const bool any_amendment =
      std::any_of(c.events.begin(), c.events.end(), [](const Event* e) { return e->amends != 0; });

  if (!any_amendment) {
    for (const Event* e : c.events) {
      if (visible(e)) c.history.push_back(e);
    }
  } else {
    // Each event's fact is the first event of its chain. Amendments name an
    // earlier event, so one pass in input order resolves whole chains.
    const std::size_t n = c.events.size();
    auto& first = scratch.first_with_id;
    first.clear();
    for (std::uint32_t i = 0; i < n; ++i) first.emplace_back(c.events[i]->id, i);
    std::stable_sort(first.begin(), first.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    auto& fact = scratch.fact;
    fact.assign(n, 0);
    for (std::uint32_t i = 0; i < n; ++i) {
      fact[i] = i;
      const std::uint32_t target = c.events[i]->amends;
      if (target == 0) continue;
      auto it = std::lower_bound(first.begin(), first.end(), std::pair<std::uint32_t, std::uint32_t>(target, 0));
      if (it != first.end() && it->first == target && it->second < i) fact[i] = fact[it->second];
    }
    auto& winner = scratch.winner;
    winner.assign(n, nullptr);
    for (std::uint32_t i = 0; i < n; ++i) {
      const Event* e = c.events[i];
      if (!visible(e)) continue;
      const Event*& best = winner[fact[i]];
      if (best == nullptr || newer(e, best)) best = e;
    }
    for (const Event* e : winner) {
      if (e != nullptr) c.history.push_back(e);
    }
  }
  if (!std::is_sorted(c.history.begin(), c.history.end(), before_in_history)) {
    std::sort(c.history.begin(), c.history.end(), before_in_history);
  }
}

void fold_all(CaseBase& base, std::optional<Timestamp> known_at) {
  for (CaseEvents& c : base.cases) fold_case(c, known_at);
}

}  // namespace carerules
