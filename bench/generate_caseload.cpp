// carerules-generate: a deterministic synthetic caseload in the case-event
// contract of shared/design/CASE-DATA.md, as JSON Lines on stdout.
//
//   carerules-generate --cases N [--seed S] [--start YYYY-MM-DD]
//                      [--end YYYY-MM-DD] [--prefix P] [--stats]
//
// The same arguments give byte-identical output: each case draws from its own
// xoshiro256** stream seeded from (seed, case number); nothing reads a clock,
// std::random_device or an unordered container. See bench/README.md.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "caseload_events.hpp"

namespace {

using namespace carerules::caseload;

class Generator {
 public:
  Generator(std::uint64_t seed, std::uint64_t cases, Days start, Days end, std::string prefix)
      : seed_(seed), start_(start), end_(end), prefix_(std::move(prefix)) {
    int digits = 1;
    for (auto n = cases; n >= 10; n /= 10) ++digits;
    width_ = std::max(4, digits);
    out_.reserve(kChunk + (1u << 20));
  }

  void generate(std::uint64_t index) {
    rng_ = Rng(seed_ ^ (index * 0xD1B54A32D192ED03ull));
    ev_.clear(), arena_.clear();
    id_ = case_id(index);
    story(index);
    write_case();
  }

  bool finish() {
    flush();
    return std::fflush(stdout) == 0 && ok_;
  }

  void print_stats() const {
    auto pct = [&](std::uint64_t n) { return 100.0 * double(n) / double(std::max<std::uint64_t>(events_, 1)); };
    fmt::print(stderr, "cases {}  events {}  avg {:.2f}/case  max {}  cases with 20+ events {}\n", cases_,
               events_, double(events_) / double(std::max<std::uint64_t>(cases_, 1)), max_events_, big_cases_);
    fmt::print(stderr, "bytes {}  with recorded {} ({:.1f}%)  amendments {} ({:.2f}%)\n", bytes_, recorded_,
               pct(recorded_), amendments_, pct(amendments_));
    for (int t = 0; t < kTypes; ++t)
      fmt::print(stderr, "  {:<13} {:>11} {:6.2f}%\n", kTypeName[t], count_[t], pct(count_[t]));
  }

 private:
  static constexpr std::size_t kChunk = 4u << 20;

  std::string case_id(std::uint64_t n) const { return fmt::format("{}-{:0{}}", prefix_, n, width_); }
  std::int64_t office_secs() { return rng_.range(8 * 3600, 18 * 3600 + 3599); }

  // ---- events ---------------------------------------------------------------
  template <class W>
  int add(Type t, Days date, int amends, W& w, bool alt) {
    Event e{date, std::int64_t(date) * 86400, std::uint32_t(arena_.size()), 0, amends, t, false};
    Body b{arena_};
    w(b, alt);
    e.len = std::uint32_t(arena_.size() - e.off);
    ev_.push_back(e);
    return int(ev_.size()) - 1;
  }

  // Appends one event, unless it falls after --end. The writer w(body, alt)
  // writes the fields; alt asks for the corrected content of an amendment.
  template <class W>
  void emit(Type t, Days date, W&& w, bool amendable = true) {
    if (date > end_) return;
    const int idx = add(t, date, -1, w, false);
    if (rng_.chance(0.10)) {  // entered into the case system late
      const int lag = std::array{0, 1, rng_.range(2, 4), rng_.range(5, 14), rng_.range(15, 45)}
          [std::size_t(rng_.pick({15, 35, 30, 15, 5}))];
      ev_[idx].rec = std::int64_t(std::min(date + lag, end_)) * 86400 + office_secs();
      ev_[idx].rec_explicit = true;
    }
    if (amendable && rng_.chance(0.01)) amend(idx, w);
  }

  // A correction recorded 1-30 days after the event it amends, with the same
  // effective date; now and then the correction is itself corrected back.
  // Recorded by 19:00 on the end day at the latest, leaving write_case() room.
  template <class W>
  void amend(int idx, W& w) {
    const std::int64_t limit = std::int64_t(end_) * 86400 + 19 * 3600 - 1;
    for (int a = idx, alt = 1;; alt = !alt) {
      const Days day = Days(ev_[a].rec / 86400) + rng_.range(1, 30);
      const std::int64_t rec = std::min(std::int64_t(day) * 86400 + office_secs(), limit);
      if (rec <= ev_[a].rec) return;
      const int b = add(ev_[idx].type, ev_[idx].date, a, w, alt);
      ev_[b].rec = rec, ev_[b].rec_explicit = true;
      if (!rng_.chance(0.15)) return;
      a = b;
    }
  }

  void simple(Type t, Days d, std::string_view key, std::string_view value) {
    emit(t, d, [&](Body& b, bool) { b.str(key, value); }, false);
  }
  void letter(Days d, std::string_view kind) { simple(Letter, d, "kind", kind); }
  void end_plan(Days d) { simple(CarePlan, d, "status", "ended"); }

  void advocacy(Days began) {
    Rng& r = rng_;
    const Days d = weekday(began + (r.chance(0.8) ? r.range(1, 5) : r.range(6, 25)));
    const int org = r.below(int(std::size(kAdvocate)));
    emit(Advocacy, d, [&](Body& b, bool alt) {
      b.str("status", "referred");
      if (alt) b.str("advocate", kAdvocate[org]);
    });
    if (r.chance(0.05)) return simple(Advocacy, weekday(d + r.range(1, 10)), "status", "declined");
    if (r.chance(0.12)) return;  // still waiting for an advocate
    const Days a = weekday(d + r.range(2, 15));
    emit(Advocacy, a, [&](Body& b, bool alt) {
      b.str("status", "allocated");
      b.str("advocate", kAdvocate[(org + alt) % int(std::size(kAdvocate))]);
    });
    if (r.chance(0.4)) simple(Advocacy, a + r.range(30, 150), "status", "ended");
  }

  struct Individual {
    int kind = 0, rel = 0;  // kind: 0 absent, 1 null, 2 someone named
    bool paid = false, agrees = true, able = true, implicated = false;
    bool ok() const { return kind == 2 && !paid && agrees && able && !implicated; }
  };

  bool involvement(Days d, double p, Individual& ai) {  // returns "has substantial difficulty"
    Rng& r = rng_;
    bool diff[4] = {};
    if (r.chance(p)) {
      const int must = r.below(4);
      for (int i = 0; i < 4; ++i) diff[i] = i == must || r.chance(0.4);
    }
    ai.kind = r.pick({10, 35, 55});
    ai.rel = r.chance(0.08) ? r.range(10, 11) : r.range(0, 9);
    ai.paid = ai.rel >= 10, ai.agrees = r.chance(0.9), ai.able = r.chance(0.88), ai.implicated = r.chance(0.03);
    emit(Involvement, d, [&](Body& b, bool alt) {
      static constexpr std::string_view kArea[4] = {"understanding", "retaining", "weighing", "communicating"};
      b.open("difficulty");
      for (int i = 0; i < 4; ++i) b.boolean(kArea[i], alt && i == 3 ? !diff[i] : diff[i]);
      b.close();
      if (ai.kind == 1) b.null("appropriate_individual");
      if (ai.kind != 2) return;
      b.open("appropriate_individual");
      b.str("relationship", kRelationship[ai.rel]);
      b.boolean("paid_or_professional", ai.paid);
      b.boolean("person_agrees", alt ? !ai.agrees : ai.agrees);
      b.boolean("able_to_support", ai.able);
      b.boolean("implicated_in_safeguarding", ai.implicated);
      b.close();
    });
    return diff[0] || diff[1] || diff[2] || diff[3];
  }

  // A completed assessment with its determination (and advice) letters.
  void completed(Days done, const Findings& f) {
    Rng& r = rng_;
    emit(Assessment, done, [&](Body& b, bool alt) { write_findings(b, f, alt); });
    if (f.contract == True) return;  // not a carer (CA s.10(9)): no determination due
    const int when = r.pick({85, 8, 7});  // on time, late, never
    const Days ld = weekday(done + (when == 0 ? r.range(0, 6) : r.range(8, 40)));
    if (when < 2) letter(ld, "determination");
    if (r.chance(f.eligible() ? 0.1 : 0.65))
      letter(when < 2 ? ld : weekday(done + r.range(0, 10)), "advice_and_information");
  }

  // One assessment process from day t. Returns true when it completed (f then
  // holds the findings); last_ is the latest day the process reached.
  bool assess(Days t, bool carer, bool need_adv, Findings& f) {
    Rng& r = rng_;
    const std::string_view kind = carer ? "carer" : "needs";
    const Days began = weekday(t + r.range(0, 7));
    Days sched = kNone;
    last_ = began;
    if (r.chance(0.4)) {
      sched = weekday(began + r.range(5, 28));
      for (int i = 0, n = r.chance(0.1) ? 2 : 1; i < n; ++i) {  // sometimes re-planned
        const Days d = i == 0 ? began : weekday(sched - r.range(1, 4));
        if (i) sched = weekday(sched + r.range(5, 21));
        emit(Assessment, d, [&](Body& b, bool alt) {
          b.str("kind", kind), b.str("status", "planned");
          b.date("scheduled_for", alt ? weekday(sched + 7) : sched);
        });
      }
    }
    if ((need_adv && r.chance(0.75)) || r.chance(0.02)) advocacy(began);
    if (r.chance(0.06)) {
      last_ = sched != kNone ? weekday(sched - r.range(0, 3)) : weekday(began + r.range(1, 20));
      emit(Assessment, last_, [&](Body& b, bool) { b.str("kind", kind), b.str("status", "cancelled"); }, false);
      return false;
    }
    const Days done = sched != kNone ? weekday(sched + (r.chance(0.8) ? 0 : r.range(1, 14)))
                                     : weekday(began + r.range(3, 40));
    if (done > end_) return false;
    f = draw_findings(r, carer, done);
    completed(done, f);
    last_ = done;
    return true;
  }

  void review(Days d, std::string_view status, int reason, int outcome, Opt dpc, Days sched = kNone) {
    emit(Review, d, [&](Body& b, bool alt) {
      b.str("status", status);
      if (sched != kNone) b.date("scheduled_for", alt ? sched + 7 : sched);
      b.str("reason", kReviewReason[reason]);
      if (outcome >= 0) b.str("outcome", kOutcome[outcome]);
      b.opt("direct_payments_considered", alt && sched == kNone ? (dpc == True ? False : True) : dpc);
    });
  }

  void feedback(Days d) {
    Rng& r = rng_;
    const bool asked = r.chance(0.93), given = asked && r.chance(0.8);
    const Opt acted = given ? opt(r, 30, 25, 45) : Absent, told = given ? opt(r, 40, 25, 35) : Absent;
    emit(Feedback, d, [&](Body& b, bool alt) {
      b.boolean("asked", asked), b.boolean("given", given);
      b.opt("acted_on", acted), b.opt("told_of_change", alt ? True : told);
    });
  }

  // Care visits from a small pool of workers, weighted towards the regulars.
  void visits(Days from, Days to) {
    Rng& r = rng_;
    if (to < from) return;
    static constexpr int kRegulars[12] = {40, 25, 15, 10, 7, 5, 4, 3, 3, 2, 2, 2}, kChurn[12] = {
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    const bool intensive = r.chance(0.1);
    const double rate = intensive ? r.range(15, 50) : r.range(2, 6);  // visits a year
    const int n = std::clamp(int(rate * (to - from + 1) / 365.25 + r.unit()), 3, 45);
    int pool = 1 + (intensive ? r.pick({5, 15, 20, 15, 10, 5, 30}) : r.pick({12, 25, 25, 15, 8, 5, 10})), worker[12];
    if (pool == 7) pool = r.range(7, 12);
    const int* weight = pool >= 7 && r.chance(0.5) ? kChurn : kRegulars;  // agency churn: no regulars
    bool seen[12] = {};
    for (int i = 0; i < pool; ++i) worker[i] = r.range(1, 999);
    for (int i = 0; i < n; ++i) {
      const Days d = from + Days(double(to - from) * (i + r.unit()) / n);
      const int w = r.pick_from(weight, pool);
      const Opt told = i > 0 && !seen[w] ? opt(r, 20, 25, 55) : Absent;  // told about a new worker?
      seen[w] = true;
      emit(Visit, d, [&](Body& b, bool alt) {
        b.worker("worker", alt ? worker[w] % 999 + 1 : worker[w]);
        b.opt("new_worker_notified", told);
      });
    }
  }

  void placement(Days d, bool hospital) {
    Rng& r = rng_;
    static constexpr int kHospital[] = {10, 14, 21, 27, 28, 29, 35, 42, 60};  // around the 28-day line
    static constexpr int kHome[] = {21, 28, 42, 55, 56, 57, 70, 84, 120};     // around the 56-day line
    const bool hosp = hospital || r.chance(0.3), nhs = r.chance(0.6);
    const int days = (hosp ? kHospital : kHome)[r.below(9)];
    auto put = [&](Days on, Opt best, Opt ended) {
      emit(Placement, on, [&](Body& b, bool alt) {
        b.str("setting", hosp ? "hospital" : "care_home");
        b.boolean("arranged_by_nhs", nhs);
        b.num("expected_days", std::uint64_t(alt ? days + 7 : days));
        b.opt("advocate_in_best_interests", best), b.opt("ended", ended);
      });
    };
    Opt best = opt(r, 15, 25, 40, 20);
    put(d, best, opt(r, 70, 30, 0));
    if ((best == Absent || best == Null) && r.chance(0.6)) {  // the best-interests decision is made
      best = r.chance(0.6) ? True : False, d = weekday(d + r.range(2, 15));
      put(d, best, Absent);
    }
    if (r.chance(0.75)) put(d + std::max(1, days + r.range(-7, 14)), best, True);
  }

  bool is_carer(std::uint64_t j) const {  // fixed per case number, so carers can name others
    std::uint64_t x = seed_ * 0x9E3779B97F4A7C15ull + j;
    return j > 1 && splitmix64(x) % 1000 < 150;
  }

  void story(std::uint64_t index);
  void plan_cycle(Days assessed, bool carer, bool need_adv);
  void write_case();

  void flush() {
    if (!out_.empty() && std::fwrite(out_.data(), 1, out_.size(), stdout) != out_.size()) ok_ = false;
    bytes_ += out_.size();
    out_.clear();
  }

  std::uint64_t seed_;
  Days start_, end_, last_ = 0;
  std::string prefix_, id_, arena_, out_;
  int width_ = 4;
  Rng rng_;
  std::vector<Event> ev_;
  std::vector<std::uint32_t> order_, kof_;
  bool ok_ = true;
  std::uint64_t cases_ = 0, events_ = 0, bytes_ = 0, recorded_ = 0, amendments_ = 0;
  std::uint64_t big_cases_ = 0, max_events_ = 0;
  std::array<std::uint64_t, kTypes> count_{};
};

// ---- a person's history -----------------------------------------------------
void Generator::story(std::uint64_t index) {
  Rng& r = rng_;
  const bool carer = is_carer(index);
  const Days contact = start_ + r.below(end_ - start_ + 1);
  const int reason = carer ? -1 : r.pick({50, 5, 14, 10, 12, 6, 3});
  int age = 0;
  switch (reason) {
    case -1: age = r.range(25, 88); break;
    case kMemory: age = r.range(62, 98); break;
    case kLearning: age = r.range(17, 70); break;
    case kMental: age = r.range(18, 80); break;
    case kPhysical: age = r.chance(0.8) ? r.range(65, 101) : r.range(18, 64); break;
    default: age = r.range(18, 95);
  }
  const int route = age < 19 ? 3 : carer ? r.pick({85, 0, 0, 0, 0, 15}) : r.pick({58, 22, 1, 0, 9, 10});
  const Days dob = contact - (age * 365 + age / 4) - r.below(365), dob_fix = r.range(1, 400);
  const int lang = r.chance(0.08) ? r.below(int(std::size(kLanguage))) : -1;
  const double pcomm = reason == kSensory || reason == kLearning ? 0.5 : 0.06;
  const int comm = r.chance(pcomm) ? r.below(int(std::size(kCommunication))) : -1;
  std::string cares;
  if (carer) {  // someone a little earlier in the caseload who is not a carer (case 1 never is)
    std::uint64_t j = index - std::uint64_t(r.range(1, int(std::min<std::uint64_t>(index - 1, 25))));
    while (is_carer(j)) --j;
    cares = case_id(j);
  }
  emit(Person, contact, [&](Body& b, bool alt) {
    b.date("date_of_birth", alt ? dob - dob_fix : dob);
    b.str("client_type", carer ? "carer" : "service_user");
    if (reason >= 0) b.str("primary_support_reason", kReason[reason]);
    if (carer) b.str("cares_for", cares);
    if (lang >= 0) b.str("language", kLanguage[lang]);
    if (comm >= 0) b.str("communication_needs", kCommunication[comm]);
  });
  emit(Request, contact, [&](Body& b, bool alt) { b.str("route", kRoute[alt ? (route ? 0 : 5) : route]); });
  const double pdiff = carer ? 0.04 : reason == kMemory || reason == kLearning ? 0.6 : reason == kMental ? 0.3 : 0.08;
  Individual ai;
  const bool need_adv = involvement(contact + r.range(0, 3), pdiff, ai) && !ai.ok();
  if (r.chance(route == 1 ? 0.3 : 0.04)) placement(contact + r.range(0, 20), route == 1);
  if (r.chance(0.04)) {  // a safeguarding concern somewhere in the history
    Days d = contact + r.below(end_ - contact + 1);
    simple(Safeguarding, d, "stage", "concern");
    if (r.chance(0.55)) simple(Safeguarding, d = weekday(d + r.range(2, 20)), "stage", "enquiry");
    if (r.chance(0.04)) simple(Safeguarding, d += r.range(20, 90), "stage", "adults_review");
    if (r.chance(0.8)) simple(Safeguarding, d + r.range(14, 120), "stage", "closed");
  }
  if (ai.kind == 2 && r.chance(0.03)) {  // a disagreement with the appropriate individual
    const bool both = r.chance(0.6);
    Days d = weekday(contact + r.range(5, 60));
    auto put = [&](bool resolved) {
      emit(Disagreement, d, [&](Body& b, bool alt) {
        b.boolean("both_agree_advocate", alt ? !both : both), b.boolean("resolved", resolved);
      });
    };
    put(false);
    if (r.chance(0.6)) d += r.range(10, 90), put(true);
  }
  if (r.chance(0.06)) {  // circumstances change: a fresh involvement judgement
    Individual later;
    involvement(contact + r.range(30, 700), std::min(1.0, pdiff * 2 + 0.1), later);
  }
  if (!carer && r.chance(0.25)) return;  // signposted elsewhere: no assessment

  Days t = contact;
  for (int episode = 0; episode < 3; ++episode) {
    if (episode) {  // a fresh referral after a cancelled or not-eligible assessment
      if (!r.chance(0.12)) return;
      t = weekday(t + r.range(60, 540));
      const int rt = r.pick({80, 5, 15});
      emit(Request, t, [&](Body& b, bool alt) { b.str("route", kRoute[alt || rt == 2 ? 5 : rt == 1 ? 4 : 0]); });
    }
    Findings f;
    const bool done = assess(t, carer, need_adv, f);
    t = last_;
    if (done && (f.eligible() || r.chance(0.03))) return plan_cycle(t, carer, need_adv);
  }
}

// The care and support plan (a support plan for a carer), its reviews and visits.
void Generator::plan_cycle(Days assessed, bool carer, bool need_adv) {
  Rng& r = rng_;
  Plan p;
  p.coordinator = r.chance(0.85) ? r.range(1, 999) : 0;
  p.carer_involved = carer ? opt(r, 60, 0, 0, 40) : r.chance(0.5) ? opt(r, 5, 20, 75) : opt(r, 70, 0, 0, 30);
  p.budget = r.chance(0.9);
  p.delivery = carer ? r.pick({70, 15, 10, 5}) : r.pick({30, 45, 13, 12});
  p.preferred = r.chance(0.8) ? (r.chance(0.85) ? p.delivery : r.below(4)) : -1;
  p.explained = r.chance(0.88);
  const double u = r.unit();
  const auto pounds = carer ? std::uint32_t(r.range(300, 3000)) : std::uint32_t(2000 + 58000 * u * u);
  p.pence = r.chance(0.8) ? pounds / 10 * 1000 : pounds * 100 + std::uint32_t(r.below(100));
  p.views = r.chance(0.9), p.strengths = r.chance(0.8), p.wishes = r.chance(0.85);
  p.copy = opt(r, 15, 10, 75);
  const bool dp = p.budget && (p.delivery == 0 || p.delivery == 3);
  auto dpc = [&] { return dp ? opt(r, 10, 15, 75) : opt(r, 85, 15, 0); };

  Days d = weekday(assessed + r.range(3, 30));
  if (r.chance(0.5)) {
    Plan draft = p;
    draft.views = r.chance(0.7), draft.copy = Absent;
    emit(CarePlan, d, [&](Body& b, bool alt) { write_plan(b, "draft", draft, alt); });
    if (need_adv && r.chance(0.3)) advocacy(d);
    d = weekday(d + r.range(5, 40));
  }
  if (dp && r.chance(0.85)) p.dp_from = std::min(end_, d + r.range(0, 28));
  auto agree = [&](Days on) {
    emit(CarePlan, on, [&](Body& b, bool alt) { write_plan(b, "agreed", p, alt); });
    if (p.copy != True && r.chance(0.25)) letter(weekday(on + r.range(1, 20)), "plan_copy");
    return on;
  };
  auto revise = [&](Days on) {  // a re-agreed plan, often with a new budget
    if (p.budget && r.chance(0.6)) {
      const std::int64_t tens = std::int64_t(p.pence / 1000) * r.range(85, 130) / 100;  // whole £10s
      p.pence = std::uint32_t(std::max<std::int64_t>(30, tens) * 1000);  // at least £300
    }
    p.copy = opt(r, 15, 10, 75), p.views = r.chance(0.9);
    return agree(on);
  };
  const Days first_agreed = agree(d);
  Days clock = first_agreed, cur = first_agreed, plan_end = kNone;  // clock: what the next review runs from
  if (const int c = r.pick({45, 15, 40}); c < 2) {  // the light-touch review at 6-8 weeks (or not quite)
    const Days lt = weekday(cur + (c == 0 ? r.range(42, 54) : r.chance(0.5) ? r.range(14, 40) : r.range(57, 120)));
    const bool revised = r.chance(0.12);
    review(lt, "completed", 0, revised ? 1 : 0, dpc());
    clock = cur = revised ? revise(weekday(lt + r.range(0, 14))) : lt;
  }
  for (int guard = 0; guard < 40 && cur <= end_; ++guard) {
    const Days due = add_months(clock, 12);
    const Days fb = r.chance(0.2) ? cur + r.range(1, std::max(1, due - cur)) : kNone;
    if (r.chance(0.06)) {  // the plan ends: moved away, died, needs met another way
      plan_end = weekday(cur + r.range(1, std::max(1, due - cur)));
      if (fb != kNone && fb < plan_end) feedback(fb);
      end_plan(plan_end);
      break;
    }
    if (fb != kNone) feedback(fb);
    if (r.chance(0.08)) {  // an unplanned review, or one the person asked for
      Days rd = weekday(cur + r.range(20, std::max(20, due - cur - 20)));
      const bool requested = r.chance(0.4);
      if (requested) {
        review(rd, "planned", 2, -1, Absent, r.chance(0.5) ? weekday(rd + r.range(7, 28)) : kNone);
        const int fate = r.pick({75, 12, 13});  // done, declined with reasons, left open
        if (fate == 1) letter(weekday(rd + r.range(3, 25)), "review_decision");
        if (fate != 0) {
          cur = rd;
          continue;
        }
        rd = weekday(rd + r.range(5, 35));
      }
      const int outcome = r.pick({78, 22});
      review(rd, "completed", requested ? 2 : 1, outcome, dpc());
      clock = cur = outcome == 1 ? revise(weekday(rd + r.range(0, 14))) : rd;
      continue;
    }
    const bool planned = r.chance(0.45);  // the annual review
    Days lo = cur + 1;
    if (planned) {
      const Days pd = weekday(std::max(lo, due - r.range(21, 42)));
      review(pd, "planned", 0, -1, Absent, weekday(due - r.range(0, 14)));
      if (need_adv && r.chance(0.3)) advocacy(pd);
      lo = pd + 1;
    }
    const int timing = r.pick({70, 22, 8});  // on time, late, never (it stays overdue)
    if (timing == 2) {
      if (planned && r.chance(0.5)) review(weekday(std::max(lo, due - r.range(0, 5))), "cancelled", 0, -1, Absent);
      break;
    }
    const Days rd = weekday(std::max(lo, timing == 0 ? due - r.range(0, 20) : due + r.range(1, 100)));
    if (rd > end_) break;
    const int outcome = r.pick({66, 17, 5, 12});
    review(rd, "completed", 0, outcome, dpc());
    clock = cur = rd;
    if (outcome == 1) clock = cur = revise(weekday(rd + r.range(0, 14)));
    if (outcome == 2) {  // services ended
      plan_end = rd;
      if (r.chance(0.3)) end_plan(rd);
      break;
    }
    if (outcome == 3) {  // reassessment
      const Days re = weekday(rd + r.range(7, 45));
      if (re > end_) break;
      const Findings g = draw_findings(r, carer, re);
      completed(re, g);
      cur = re;
      if (!g.eligible() && r.chance(0.5)) {
        end_plan(plan_end = weekday(re + r.range(7, 30)));
        break;
      }
      if (r.chance(0.6)) clock = cur = revise(weekday(re + r.range(3, 30)));
    }
  }
  if (!carer && r.chance(0.25)) visits(first_agreed + r.range(0, 14), plan_end == kNone ? end_ : plan_end - 1);
}

// Orders the case by (date, generation order), makes `recorded` non-decreasing
// within a day so that the contract's order (date, recorded, line) agrees,
// numbers the events in that order and writes them out.
void Generator::write_case() {
  const std::size_t n = ev_.size();
  order_.resize(n), kof_.resize(n);
  for (std::size_t i = 0; i < n; ++i) order_[i] = std::uint32_t(i);
  std::stable_sort(order_.begin(), order_.end(), [&](auto a, auto b) { return ev_[a].date < ev_[b].date; });
  const std::int64_t limit = std::int64_t(end_) * 86400 + 86399;
  for (std::size_t i = 1; i < n; ++i) {
    const Event& p = ev_[order_[i - 1]];
    Event& e = ev_[order_[i]];
    if (e.date == p.date && e.rec < p.rec)
      e.rec = std::max(p.rec, std::min(p.rec + rng_.range(30, 600), limit)), e.rec_explicit = true;
  }
  for (std::size_t i = 0; i < n; ++i) kof_[order_[i]] = std::uint32_t(i + 1);
  for (std::size_t i = 0; i < n; ++i) {
    const Event& e = ev_[order_[i]];
    out_ += "{\"id\":\"", out_ += id_, out_ += "-e", put_uint(out_, i + 1);
    out_ += "\",\"case\":\"", out_ += id_, out_ += "\",\"type\":\"", out_ += kTypeName[e.type];
    out_ += "\",\"date\":\"", put_date(out_, e.date), out_ += '"';
    if (e.rec_explicit) out_ += ",\"recorded\":\"", put_timestamp(out_, e.rec), out_ += '"', ++recorded_;
    if (e.amends >= 0) {
      out_ += ",\"amends\":\"", out_ += id_, out_ += "-e", put_uint(out_, kof_[e.amends]), out_ += '"';
      ++amendments_;
    }
    out_.append(arena_, e.off, e.len);
    out_ += "}\n";
    ++count_[e.type];
  }
  ++cases_, events_ += n, big_cases_ += n >= 20, max_events_ = std::max<std::uint64_t>(max_events_, n);
  if (out_.size() >= kChunk) flush();
}

}  // namespace

int main(int argc, char** argv) {
  auto usage = [](std::string_view why) {
    if (!why.empty()) fmt::print(stderr, "carerules-generate: {}\n", why);
    fmt::print(stderr, "usage: carerules-generate --cases N [--seed S] [--start YYYY-MM-DD] "
                       "[--end YYYY-MM-DD] [--prefix P] [--stats]\n");
    return why.empty() ? 0 : 2;
  };
  std::uint64_t cases = 0, seed = 1;
  bool have_cases = false, stats = false;
  Days start = 0, end = 0;
  parse_date("2023-01-01", start), parse_date("2026-10-31", end);
  std::string prefix = "P";
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--help" || a == "-h") return usage("");
    if (a == "--stats") {
      stats = true;
      continue;
    }
    if (i + 1 >= argc) return usage(fmt::format("{} needs a value", a));
    const std::string_view v = argv[++i];
    auto number = [&](std::uint64_t& out) {
      auto r = std::from_chars(v.data(), v.data() + v.size(), out);
      return r.ec == std::errc{} && r.ptr == v.data() + v.size();
    };
    if (a == "--cases") {
      if (!number(cases)) return usage(fmt::format("bad --cases '{}'", v));
      have_cases = true;
    } else if (a == "--seed") {
      if (!number(seed)) return usage(fmt::format("bad --seed '{}'", v));
    } else if (a == "--start" || a == "--end") {
      if (!parse_date(v, a == "--start" ? start : end))
        return usage(fmt::format("bad {} '{}' (want YYYY-MM-DD)", a, v));
    } else if (a == "--prefix") {
      prefix = v;
    } else {
      return usage(fmt::format("unknown option '{}'", a));
    }
  }
  if (!have_cases) return usage("--cases is required");
  if (start > end) return usage("--start is after --end");
  if (to_ymd(end).year() > chr::year{9990}) return usage("--end is too late");

  Generator g(seed, cases, start, end, json_escape(prefix));
  for (std::uint64_t i = 1; i <= cases; ++i) g.generate(i);
  if (!g.finish()) {
    fmt::print(stderr, "carerules-generate: write error\n");
    return 1;
  }
  if (stats) g.print_stats();
  return 0;
}
