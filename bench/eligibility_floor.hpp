// The floor for the benchmark: the four eligibility decisions written as a
// plain hand-written C++ loop over the same in-memory events the engine reads.
// No interpreter, no expression tree: the fastest honest way to compute them.
// It also serves as a second, independent implementation to check the engine
// against (differential testing).
#pragma once
#include <cstdint>
#include <vector>

#include "dsl/program.hpp"
#include "engine/case_base.hpp"

namespace carerules::bench {

struct EligibilityAnswers {
  // 0 no, 1 yes, 2 unknown
  std::uint8_t adult_eligible = 2, carer_eligible = 2;
  bool adult_set_known = false, carer_set_known = false;
  std::uint32_t adult_unable = 0, carer_unable = 0;  // bit per outcome
};

class EligibilityFloor {
 public:
  explicit EligibilityFloor(const Program& program);
  EligibilityAnswers decide(const CaseEvents& c, Date as_of) const;

 private:
  int assessment_ = -1;
  int kind_ = -1, status_ = -1, impairment_ = -1, outcomes_ = -1, wellbeing_ = -1;
  int needs_from_caring_ = -1, health_at_risk_ = -1, carer_outcomes_ = -1, under_contract_ = -1;
  int kind_needs_ = -1, kind_carer_ = -1, status_completed_ = -1, significant_ = -1;
  int achieved_ = -1, carer_achieved_ = -1;
  std::size_t adult_outcome_count_ = 0, carer_outcome_count_ = 0;
};

}  // namespace carerules::bench
