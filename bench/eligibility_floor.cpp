#include "bench/eligibility_floor.hpp"

#include <stdexcept>

namespace carerules::bench {

namespace {

int enum_value(const Program& p, const char* enum_name, const char* value) {
  const EnumDef& e = p.enums[static_cast<std::size_t>(p.enum_by_name.at(enum_name))];
  for (std::size_t i = 0; i < e.values.size(); ++i)
    if (e.values[i] == value) return static_cast<int>(i);
  throw std::runtime_error("schema has changed: no value " + std::string(value));
}

}  // namespace

EligibilityFloor::EligibilityFloor(const Program& p) {
  assessment_ = p.find_event("assessment");
  const RecordDef& r = p.records[static_cast<std::size_t>(p.events[static_cast<std::size_t>(assessment_)].record)];
  kind_ = r.field_index("kind");
  status_ = r.field_index("status");
  impairment_ = r.field_index("impairment");
  outcomes_ = r.field_index("outcomes");
  wellbeing_ = r.field_index("wellbeing_impact");
  needs_from_caring_ = r.field_index("needs_from_caring");
  health_at_risk_ = r.field_index("health_at_risk");
  carer_outcomes_ = r.field_index("carer_outcomes");
  under_contract_ = r.field_index("care_under_contract");
  kind_needs_ = enum_value(p, "assessment_kind", "needs");
  kind_carer_ = enum_value(p, "assessment_kind", "carer");
  status_completed_ = enum_value(p, "assessment_status", "completed");
  significant_ = enum_value(p, "wellbeing_impact", "significant");
  achieved_ = enum_value(p, "ability", "achieved");
  carer_achieved_ = enum_value(p, "carer_ability", "achieved");
  adult_outcome_count_ = p.enums[static_cast<std::size_t>(p.enum_by_name.at("adult_outcome"))].values.size();
  carer_outcome_count_ = p.enums[static_cast<std::size_t>(p.enum_by_name.at("carer_outcome"))].values.size();
}

EligibilityAnswers EligibilityFloor::decide(const CaseEvents& c, Date as_of) const {
  EligibilityAnswers out;
  const Event* needs = nullptr;
  const Event* carer = nullptr;
  for (std::size_t i = c.history.size(); i-- > 0 && (!needs || !carer);) {
    const Event* e = c.history[i];
    if (as_of < e->date || e->type != assessment_) continue;
    const Value& kind = e->fields[kind_];
    const Value& status = e->fields[status_];
    if (status.kind != ValueKind::enumeration || status.small != status_completed_) continue;
    if (kind.small == kind_needs_ && !needs) needs = e;
    if (kind.small == kind_carer_ && !carer) carer = e;
  }
  auto unable = [](const Value& map, std::size_t count, int achieved, bool& known) {
    std::uint32_t mask = 0;
    known = map.kind == ValueKind::map;
    if (!known) return mask;
    for (std::size_t k = 0; k < count; ++k) {
      if (map.items[k].is_unknown()) {
        known = false;
        return 0u;
      }
      if (map.items[k].small != achieved) mask |= 1u << k;
    }
    return mask;
  };
  if (needs) {
    out.adult_unable = unable(needs->fields[outcomes_], adult_outcome_count_, achieved_, out.adult_set_known);
    const Value& impairment = needs->fields[impairment_];
    const Value& wellbeing = needs->fields[wellbeing_];
    // three-valued AND of the three conditions of reg. 2(1)
    bool any_no = (impairment.kind == ValueKind::boolean && !impairment.b) ||
                  (out.adult_set_known && __builtin_popcount(out.adult_unable) < 2) ||
                  (wellbeing.kind == ValueKind::enumeration && wellbeing.small != significant_);
    bool all_known = impairment.kind == ValueKind::boolean && out.adult_set_known && wellbeing.kind == ValueKind::enumeration;
    out.adult_eligible = any_no ? 0 : all_known ? 1 : 2;
  }
  if (carer) {
    out.carer_unable = unable(carer->fields[carer_outcomes_], carer_outcome_count_, carer_achieved_, out.carer_set_known);
    const Value& contract = carer->fields[under_contract_];
    if (contract.kind == ValueKind::boolean && contract.b) {
      out.carer_eligible = 0;
    } else {
      const Value& caring = carer->fields[needs_from_caring_];
      const Value& health = carer->fields[health_at_risk_];
      const Value& wellbeing = carer->fields[wellbeing_];
      // health_at_risk or at least one unable outcome
      std::uint8_t limb;
      if (health.kind == ValueKind::boolean && health.b) limb = 1;
      else if (out.carer_set_known && out.carer_unable != 0) limb = 1;
      else if (health.kind == ValueKind::boolean && out.carer_set_known) limb = 0;
      else limb = 2;
      bool any_no = (caring.kind == ValueKind::boolean && !caring.b) || limb == 0 ||
                    (wellbeing.kind == ValueKind::enumeration && wellbeing.small != significant_);
      bool all_known = caring.kind == ValueKind::boolean && limb == 1 && wellbeing.kind == ValueKind::enumeration;
      out.carer_eligible = any_no ? 0 : all_known ? 1 : 2;
    }
  }
  return out;
}

}  // namespace carerules::bench
