// Queries over the visible part of a case's history: latest, first, all, any,
// no, count of, distinct — with `where` filters and date windows.
#include <algorithm>

#include "engine/case_fold.hpp"
#include "engine/evaluate.hpp"

namespace carerules {


bool Evaluator::window_bounds(const Query& q, Bounds& bounds, bool& unknown) {
  Date& from = bounds.from;
  Date& to = bounds.to;
  from = Date{INT32_MIN};
  to = as_of_;
  unknown = false;
  for (const Window& w : q.windows) {
    Value v = eval(*w.value);
    if (v.is_unknown()) {
      unknown = true;
      return false;
    }
    if (v.kind == ValueKind::event) {
      // A window bounded by an event counts in the history's order, so that
      // events of the same day fall on the right side of it.
      const Event* e = v.event;
      bool lower = w.kind == WindowKind::since || w.kind == WindowKind::after;
      bool inclusive = w.kind == WindowKind::since || w.kind == WindowKind::until;
      if (lower) {
        if (!bounds.lower || before_in_history(bounds.lower, e)) bounds.lower = e, bounds.lower_inclusive = inclusive;
      } else {
        if (!bounds.upper || before_in_history(e, bounds.upper)) bounds.upper = e, bounds.upper_inclusive = inclusive;
      }
      continue;
    }
    switch (w.kind) {
      case WindowKind::last: {
        // "in the last 12 weeks" is the 84 days up to and including today;
        // "in the last 12 months" starts the day after today − 12 months.
        Value start = add_duration(as_of_, v, true);
        from = std::max(from, add_days(start.as_date(), 1));
        break;
      }
      case WindowKind::since: from = std::max(from, v.as_date()); break;
      case WindowKind::after: from = std::max(from, add_days(v.as_date(), 1)); break;
      case WindowKind::before: to = std::min(to, add_days(v.as_date(), -1)); break;
      case WindowKind::until: to = std::min(to, v.as_date()); break;
    }
  }
  return from <= to;
}

Value Evaluator::eval_query(const Expr& e) {
  if (e.op == Op::pick && e.b >= 0) {
    auto slot = static_cast<std::size_t>(e.b);
    if (query_stamp_[slot] != stamp_) {
      query_stamp_[slot] = stamp_;
      query_cache_[slot] = eval_query_uncached(e);
    } else if (events_read_ && query_cache_[slot].kind == ValueKind::event) {
      events_read_->push_back(query_cache_[slot].event);
    }
    return query_cache_[slot];
  }
  return eval_query_uncached(e);
}

Value Evaluator::eval_query_uncached(const Expr& e) {
  const Query& q = *e.query;
  Bounds bounds;
  bool unknown = false;
  bool any_room = window_bounds(q, bounds, unknown);
  if (unknown) return Value::unknown();
  const Date from = bounds.from, to = bounds.to;
  const std::vector<const Event*>& history = *history_;
  auto matches = [&](const Event* ev) -> bool {
    if (ev->type != q.event_type || ev->date < from || to < ev->date) return false;
    if (bounds.lower && (ev == bounds.lower ? !bounds.lower_inclusive : before_in_history(ev, bounds.lower))) return false;
    if (bounds.upper && (ev == bounds.upper ? !bounds.upper_inclusive : before_in_history(bounds.upper, ev))) return false;
    if (!q.where) return true;
    scope_.push_back(ev);
    Value keep = eval(*q.where);
    scope_.pop_back();
    return keep.kind == ValueKind::boolean && keep.b;  // an unknown filter does not match
  };
  switch (e.op) {
    case Op::pick: {
      if (!any_room) return Value::unknown();
      if (e.latest) {
        for (std::size_t i = visible_; i-- > 0;)
          if (matches(history[i])) {
            if (events_read_) events_read_->push_back(history[i]);
            return Value::of_event(history[i]);
          }
      } else {
        for (std::size_t i = 0; i < visible_; ++i)
          if (matches(history[i])) {
            if (events_read_) events_read_->push_back(history[i]);
            return Value::of_event(history[i]);
          }
      }
      return Value::unknown();
    }
    case Op::exists: {
      bool found = false;
      if (any_room)
        for (std::size_t i = 0; i < visible_ && !found; ++i)
          if (matches(history[i])) {
            found = true;
            if (events_read_) events_read_->push_back(history[i]);
          }
      return Value::of_bool(found != e.negated);
    }
    case Op::count_events: {
      std::size_t n = 0;
      if (any_room)
        for (std::size_t i = 0; i < visible_; ++i)
          if (matches(history[i])) {
            ++n;
            if (events_read_) events_read_->push_back(history[i]);
          }
      return Value::of_number(static_cast<double>(n));
    }
    case Op::all: {
      if (event_lists_used_ == event_lists_.size()) event_lists_.emplace_back();
      std::vector<const Event*>& list = event_lists_[event_lists_used_++];
      list.clear();
      if (any_room)
        for (std::size_t i = 0; i < visible_; ++i)
          if (matches(history[i])) list.push_back(history[i]);
      Value v;
      v.kind = ValueKind::event_list;
      v.events = &list;
      return v;
    }
    case Op::distinct: {
      bool is_text = e.type.ref < 0;
      std::uint64_t mask = 0;
      if (text_sets_used_ == text_sets_.size()) text_sets_.emplace_back();
      std::vector<std::uint32_t>& texts = text_sets_[text_sets_used_++];
      texts.clear();
      if (any_room)
        for (std::size_t i = 0; i < visible_; ++i) {
          if (!matches(history[i])) continue;
          const Value& field = history[i]->fields[e.a];
          if (field.is_unknown()) continue;
          if (events_read_) events_read_->push_back(history[i]);
          if (is_text) texts.push_back(static_cast<std::uint32_t>(field.small));
          else mask |= std::uint64_t{1} << field.small;
        }
      if (!is_text) return Value::of_enum_set(mask);
      std::sort(texts.begin(), texts.end());
      texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
      Value v;
      v.kind = ValueKind::text_set;
      v.texts = &texts;
      return v;
    }
    default: return Value::unknown();
  }
}

}  // namespace carerules
