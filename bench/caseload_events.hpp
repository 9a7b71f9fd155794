// Building blocks of carerules-generate (bench/generate_caseload.cpp): dates,
// a seeded PRNG, the event vocabulary of shared/design/CASE-DATA.md, and JSON
// writers for the field lists of the larger events. Header-only.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <climits>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>

namespace carerules::caseload {

namespace chr = std::chrono;
using Days = std::int32_t;  // days since 1970-01-01
inline constexpr Days kNone = INT32_MIN;

inline chr::year_month_day to_ymd(Days d) { return chr::year_month_day{chr::sys_days{chr::days{d}}}; }
inline Days to_days(chr::year_month_day ymd) { return Days(chr::sys_days{ymd}.time_since_epoch().count()); }

// Calendar months with the corresponding-date rule, clamped to month end.
inline Days add_months(Days d, int months) {
  auto ymd = to_ymd(d) + chr::months{months};
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / chr::last;
  return to_days(ymd);
}

// Office work lands on a weekday: Saturday and Sunday roll on to Monday.
inline Days weekday(Days d) {
  const unsigned wd = chr::weekday{chr::sys_days{chr::days{d}}}.c_encoding();  // 0 = Sunday
  return wd == 6 ? d + 2 : wd == 0 ? d + 1 : d;
}

inline bool parse_date(std::string_view s, Days& out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y = 0;
  unsigned m = 0, d = 0;
  auto num = [&](std::size_t at, std::size_t n, auto& v) {
    auto r = std::from_chars(s.data() + at, s.data() + at + n, v);
    return r.ec == std::errc{} && r.ptr == s.data() + at + n;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return false;
  const chr::year_month_day ymd{chr::year{y}, chr::month{m}, chr::day{d}};
  if (!ymd.ok() || y < 1900) return false;
  out = to_days(ymd);
  return true;
}

inline std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

struct Rng {  // xoshiro256**, seeded through splitmix64
  std::uint64_t s[4];
  explicit Rng(std::uint64_t seed = 0) {
    for (auto& v : s) v = splitmix64(seed);
  }
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t next() {
    const std::uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t, s[3] = rotl(s[3], 45);
    return r;
  }
  double unit() { return double(next() >> 11) * 0x1.0p-53; }
  int below(int n) { return int(unit() * n); }
  int range(int lo, int hi) { return lo + below(hi - lo + 1); }
  bool chance(double p) { return unit() < p; }
  int pick_from(const int* w, int n) {  // index i with probability w[i] / sum(w)
    int total = 0, i = 0;
    for (int j = 0; j < n; ++j) total += w[j];
    for (int x = below(total); x >= w[i]; ++i) x -= w[i];
    return i;
  }
  int pick(std::initializer_list<int> w) { return pick_from(w.begin(), int(w.size())); }
};

// ---- vocabulary, spelled exactly as in CASE-DATA.md ------------------------
enum Type : std::uint8_t {
  Person, Request, Assessment, Involvement, CarePlan, Review, Placement,
  Advocacy, Safeguarding, Disagreement, Visit, Letter, Feedback, kTypes
};
inline constexpr std::array<std::string_view, kTypes> kTypeName = {
    "person", "request", "assessment", "involvement", "care_plan", "review", "placement",
    "advocacy", "safeguarding", "disagreement", "visit", "letter", "feedback"};
inline constexpr std::string_view kReason[] = {
    "physical_support", "sensory_support", "memory_and_cognition", "learning_disability",
    "mental_health", "social_support", "no_support_reason"};
enum { kPhysical, kSensory, kMemory, kLearning, kMental, kSocial, kNoReason };
inline constexpr std::string_view kRoute[] = {"community", "hospital_discharge", "prison",
                                              "transition_from_childrens", "self_funder", "other"};
inline constexpr std::string_view kAdultOutcome[10] = {
    "nutrition", "personal_hygiene", "toilet_needs", "clothing", "home_safety", "habitable_home",
    "relationships", "work_education_volunteering", "community_facilities", "caring_for_child"};
inline constexpr int kAdultWeight[10] = {16, 18, 12, 12, 12, 7, 8, 3, 10, 1};
inline constexpr std::string_view kCarerOutcome[8] = {
    "caring_for_child", "caring_for_others", "habitable_home", "nutrition", "relationships",
    "work_education_volunteering", "community_facilities", "recreation"};
inline constexpr int kCarerWeight[8] = {4, 10, 7, 7, 14, 12, 12, 16};
inline constexpr std::string_view kAbility[] = {"achieved", "needs_assistance", "pain_distress_anxiety",
                                                "endangers_safety", "takes_significantly_longer"};
inline constexpr std::string_view kWellbeing[] = {"none", "some", "significant"};
inline constexpr std::string_view kDelivery[] = {"direct_payment", "managed", "individual_service_fund",
                                                 "mixed"};
inline constexpr std::string_view kOutcome[] = {"no_change", "plan_revised", "services_ended",
                                                "reassessment"};
inline constexpr std::string_view kReviewReason[] = {"planned", "unplanned", "requested"};
inline constexpr std::string_view kRelationship[] = {
    "daughter", "son", "wife", "husband", "partner", "sister", "brother", "friend", "neighbour",
    "niece", "support worker", "care home manager"};  // the last two are paid or professional
inline constexpr std::string_view kLanguage[] = {"Urdu", "Polish", "Punjabi", "Bengali", "Gujarati",
                                                 "Arabic", "Somali", "Romanian", "Welsh", "Cantonese",
                                                 "British Sign Language"};
inline constexpr std::string_view kCommunication[] = {
    "large print", "easy read", "BSL interpreter", "braille", "audio recordings",
    "hearing loop at meetings", "telephone calls rather than letters", "email only"};
inline constexpr std::string_view kAdvocate[] = {"VoiceAbility", "POhWER", "Advocacy Focus",
                                                 "Together Matters Advocacy", "Local Advocacy Hub"};

// An optional field: absent, false, true, or an explicit null.
enum Opt : std::uint8_t { Absent, False, True, Null };
inline Opt opt(Rng& r, int absent, int f, int t, int null = 0) { return Opt(r.pick({absent, f, t, null})); }

// ---- JSON ---------------------------------------------------------------
inline void put_uint(std::string& o, std::uint64_t v) {
  char b[24];
  o.append(b, std::to_chars(b, b + sizeof b, v).ptr);
}
inline void put_date(std::string& o, Days d) {
  const auto ymd = to_ymd(d);
  const unsigned y = unsigned(int(ymd.year())), m = unsigned(ymd.month()), dd = unsigned(ymd.day());
  const char b[10] = {char('0' + y / 1000), char('0' + y / 100 % 10), char('0' + y / 10 % 10),
                      char('0' + y % 10), '-', char('0' + m / 10), char('0' + m % 10), '-',
                      char('0' + dd / 10), char('0' + dd % 10)};
  o.append(b, 10);
}
inline void put_timestamp(std::string& o, std::int64_t secs) {  // YYYY-MM-DDThh:mm:ssZ
  put_date(o, Days(secs / 86400));
  const unsigned s = unsigned(secs % 86400);
  const char b[10] = {'T', char('0' + s / 36000), char('0' + s / 3600 % 10), ':',
                      char('0' + s % 3600 / 600), char('0' + s % 600 / 60), ':',
                      char('0' + s % 60 / 10), char('0' + s % 10), 'Z'};
  o.append(b, 10);
}
inline std::string json_escape(std::string_view s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\', o += c;
    else if (static_cast<unsigned char>(c) < 0x20) o += fmt::format("\\u{:04x}", unsigned(c));
    else o += c;
  }
  return o;
}

// The fields after an event's envelope, in the order written. Every string
// given here is JSON-safe already (constants, or the escaped case prefix).
struct Body {
  std::string& o;
  bool first = false;
  void key(std::string_view k) {
    if (!first) o += ',';
    first = false;
    o += '"', o += k, o += "\":";
  }
  void str(std::string_view k, std::string_view v) { key(k), o += '"', o += v, o += '"'; }
  void boolean(std::string_view k, bool v) { key(k), o += v ? "true" : "false"; }
  void num(std::string_view k, std::uint64_t v) { key(k), put_uint(o, v); }
  void date(std::string_view k, Days d) { key(k), o += '"', put_date(o, d), o += '"'; }
  void null(std::string_view k) { key(k), o += "null"; }
  void worker(std::string_view k, int id) { key(k), fmt::format_to(std::back_inserter(o), "\"W-{:03}\"", id); }
  void money(std::string_view k, std::uint32_t pence) {
    key(k), put_uint(o, pence / 100);
    if (pence % 100) fmt::format_to(std::back_inserter(o), ".{:02}", pence % 100);
  }
  void opt(std::string_view k, Opt v) {
    if (v != Absent) key(k), o += v == Null ? "null" : v == True ? "true" : "false";
  }
  void open(std::string_view k) { key(k), o += '{', first = true; }
  void close() { o += '}', first = false; }
};

struct Event {
  Days date;
  std::int64_t rec;  // seconds since the epoch: `recorded`, or date at 00:00Z when not given
  std::uint32_t off, len;  // the fields, in the case's arena
  std::int32_t amends;  // generation index of the amended event, or -1
  Type type;
  bool rec_explicit;
};

// What a completed assessment found (needs or carer's), kept so that an
// amendment can restate it with one outcome corrected.
struct Findings {
  bool carer = false, impairment = true, from_caring = true, health_risk = false;
  std::uint8_t ability[10] = {};
  int n = 10, wellbeing = 2, fix = 0;
  Opt contract = Absent, fluctuating = Absent;
  Days obs_from = kNone, obs_to = kNone;
  bool strengths = true, prefs = true, aspirations = true, involved = true;
  bool eligible() const {  // as the national pack decides it (Eligibility Regs 2(1), 3(1))
    int unable = 0;
    for (int i = 0; i < n; ++i) unable += ability[i] != 0;
    if (carer) return contract != True && from_caring && (health_risk || unable >= 1) && wellbeing == 2;
    return impairment && unable >= 2 && wellbeing == 2;
  }
};

inline Findings draw_findings(Rng& r, bool carer, Days done) {
  Findings f;
  f.carer = carer, f.n = carer ? 8 : 10;
  int level = r.pick({38, 44, 18});  // low, moderate, high needs
  const int unable = carer ? r.pick({25, 35, 25, 10, 5})
                           : level == 0 ? r.below(2) : level == 1 ? r.range(2, 4) : r.range(4, 8);
  int w[10];
  std::copy_n(carer ? kCarerWeight : kAdultWeight, f.n, w);
  for (int k = 0; k < unable; ++k) {
    const int i = r.pick_from(w, f.n);
    w[i] = 0;  // the "unable" limb: carers have no takes_significantly_longer
    f.ability[i] = std::uint8_t(1 + (carer ? r.pick({45, 35, 20}) : r.pick({50, 20, 18, 12})));
  }
  f.fix = r.below(f.n);
  f.from_caring = r.chance(0.9), f.health_risk = r.chance(0.45);
  if (carer) level = unable >= 2 || (unable == 1 && f.health_risk) ? 2 : unable + f.health_risk > 0 ? 1 : 0;
  f.wellbeing = level == 2 ? r.pick({2, 13, 85}) : level == 1 ? r.pick({5, 38, 57}) : r.pick({30, 50, 20});
  f.impairment = r.chance(0.93);
  f.contract = carer ? opt(r, 67, 30, 3) : Absent;
  f.fluctuating = carer ? Absent : opt(r, 72, 20, 8);
  if (f.fluctuating == True) f.obs_to = done - r.range(0, 14), f.obs_from = f.obs_to - r.range(60, 365);
  f.strengths = r.chance(0.85), f.prefs = r.chance(0.88), f.aspirations = r.chance(0.7);
  f.involved = r.chance(0.92);
  return f;
}

inline void write_findings(Body& b, const Findings& f, bool alt) {
  b.str("kind", f.carer ? "carer" : "needs");
  b.str("status", "completed");
  if (f.carer) b.boolean("needs_from_caring", f.from_caring), b.boolean("health_at_risk", f.health_risk);
  else b.boolean("impairment", f.impairment);
  b.open(f.carer ? "carer_outcomes" : "outcomes");
  for (int i = 0; i < f.n; ++i) {
    const int a = alt && i == f.fix ? (f.ability[i] ? 0 : 1) : f.ability[i];
    b.str(f.carer ? kCarerOutcome[i] : kAdultOutcome[i], kAbility[a]);
  }
  b.close();
  b.str("wellbeing_impact", kWellbeing[f.wellbeing]);
  if (f.carer) b.opt("care_under_contract", f.contract);
  b.opt("fluctuating", f.fluctuating);
  if (f.obs_from != kNone) b.date("observed_from", f.obs_from), b.date("observed_to", f.obs_to);
  b.boolean("strengths_discussed", f.strengths);
  b.boolean("preferences_recorded", f.prefs);
  b.boolean("aspirations_recorded", f.aspirations);
  b.boolean("person_involved", f.involved);
}

struct Plan {
  bool views = true, strengths = true, wishes = true, budget = true, explained = true;
  int coordinator = 0, delivery = 1, preferred = -1;  // coordinator 0: nobody named
  Opt carer_involved = Absent, copy = Absent;
  std::uint32_t pence = 0;  // budget per year
  Days dp_from = kNone;
};

inline void write_plan(Body& b, std::string_view status, const Plan& p, bool alt) {
  b.str("status", status);
  b.boolean("person_views_recorded", p.views);
  b.boolean("strengths_used", p.strengths);
  if (p.coordinator) b.worker("named_coordinator", p.coordinator);
  b.boolean("involvement_wishes_recorded", p.wishes);
  b.opt("carer_involved", p.carer_involved);
  b.opt("copy_given", alt && !p.budget ? True : p.copy);
  if (!p.budget) return;
  b.open("budget");
  b.money("amount", alt ? p.pence / 100 * 105 : p.pence);  // an amendment corrects the amount
  b.str("delivery", kDelivery[p.delivery]);
  if (p.preferred >= 0) b.str("preferred_delivery", kDelivery[p.preferred]);
  b.boolean("options_explained", p.explained);
  if (p.dp_from != kNone) b.date("direct_payment_from", p.dp_from);
  b.close();
}

}  // namespace carerules::caseload
