#include "engine/reading/fast_reader.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/reading/fast_names.hpp"
#include "engine/reading/line_scan.hpp"
#include "engine/reading/plain_scalars.hpp"
#include "engine/reading/shared_blocks.hpp"
#include "engine/reading/text_cache.hpp"

namespace carerules::reading {

namespace {

using Verdict = FastReader::Verdict;

// Parses a line into scratch_, then commits in the general reader's order
// (texts interned in document order, nested records checked where they end,
// the id last).
class LineParser {
 public:
  LineParser(const EventSchema& schema, CaseBase& base, EventImport& import);
  Verdict read(const char* line, std::size_t length, std::uint32_t line_no);

 private:
  const EventSchema& schema_;
  CaseBase& base_;
  EventImport& import_;
  std::optional<FastNames> event_names_;
  std::vector<FastNames> field_names_;  // by record id
  std::vector<FastNames> value_names_;  // by enum id
  const char* end_ = nullptr;           // of the line
  // The line's values: the body's fields, then each record and map in it.
  struct Scratch {
    std::unique_ptr<Value[]> values;
    std::size_t size = 0, capacity = 0;
    // n more values, unknown; their first index.
    [[gnu::always_inline]] std::size_t add(std::size_t n) {
      if (size + n > capacity) grow(size + n);
      Value* v = values.get() + size;
      for (std::size_t i = 0; i < n; ++i) v[i] = Value();
      size += n;
      return size - n;
    }
    [[gnu::noinline]] void grow(std::size_t least) {
      capacity = std::max(2 * capacity, least);
      auto bigger = std::make_unique<Value[]>(capacity);
      if (size != 0) std::memcpy(static_cast<void*>(bigger.get()), values.get(), size * sizeof(Value));
      values = std::move(bigger);
    }
    Value& operator[](std::size_t i) { return values[i]; }
  } scratch_;
  struct Block {
    std::uint32_t at, count;
    std::int32_t parent;  // the slot that holds it, -1 for the body
  };
  std::vector<Block> blocks_;  // in the order they open: a record's parts after it
  DateCache dates_;
  SharedBlocks shared_blocks_;
  std::vector<std::uint8_t> canonical_;  // by scratch slot: holds a block kept in shared_blocks_
  struct FastOp {
    enum Kind : std::uint8_t { kCase, kAmends, kText, kSetBegin, kSetText, kSetEnd, kCheck } kind;
    std::uint32_t slot = 0;  // in scratch_
    std::int32_t record = -1;
    std::string_view text;
  };
  // The ops of the line, in document order (a vector whose push stays inline).
  struct Ops {
    std::unique_ptr<FastOp[]> ops = std::make_unique<FastOp[]>(64);
    std::size_t size = 0, capacity = 64;
    void push_back(const FastOp& op) {
      if (size == capacity) grow();
      ops[size++] = op;
    }
    [[gnu::noinline]] void grow() {
      auto bigger = std::make_unique<FastOp[]>(2 * capacity);
      std::copy(ops.get(), ops.get() + size, bigger.get());
      ops = std::move(bigger);
      capacity *= 2;
    }
    const FastOp* begin() const { return ops.get(); }
    const FastOp* end() const { return ops.get() + size; }
  } ops_;
  TextCache texts_seen_;
  std::uint32_t case_hash_ = 0;  // StringPool::hash of a new case id (its slot is being fetched)
  std::vector<std::uint32_t> texts_;  // scratch for text sets
  // intern(text) for a text of the line (16 readable bytes past it).
  std::uint32_t intern_text(std::string_view text) {
    std::uint32_t id;
    if (texts_seen_.find(text, id)) return id;
    id = base_.strings.intern(text);
    texts_seen_.put(text, id);
    return id;
  }
  [[gnu::always_inline]] bool fast_string(const char*& p, std::string_view& text) {
    if (*p != '"') return false;
    const char* start = p + 1;
    const char* quote = find_quote(start, end_);
    if (quote == nullptr) return false;
    text = std::string_view(start, static_cast<std::size_t>(quote - start));
    p = quote + 1;
    return true;
  }
  bool fast_head(int which, const char*& p, Head& head);
  bool fast_fields(const char*& p, int record, std::size_t at, int depth);
  // The common kinds inline; the rest (and anything odd) in fast_other.
  [[gnu::always_inline]] bool fast_value(const char*& p, const Type& type, std::size_t slot, int depth) {
    switch (type.kind) {
      case TypeKind::enumeration:
        if (*p == '"') {
          const FastNames& names = value_names_[type.ref];
          const int index = names.match(p + 1, end_);
          if (index >= 0) {
            p += names.size_of(index) + 2;
            scratch_[slot] = Value::of_enum(index);
            return true;
          }
        }
        break;
      case TypeKind::boolean:
        if (*p == 't' && load4(p) == load4("true")) {
          p += 4;
          scratch_[slot] = Value::of_bool(true);
          return true;
        }
        if (*p == 'f' && load4(p + 1) == load4("alse")) {
          p += 5;
          scratch_[slot] = Value::of_bool(false);
          return true;
        }
        break;
      case TypeKind::date: {
        // A date is ten bytes; anything else the general reader refuses.
        Date date;
        if (*p == '"' && end_ - p > 11 && p[11] == '"' && dates_.get(std::string_view(p + 1, 10), date)) {
          p += 12;
          scratch_[slot] = Value::of_date(date);
          return true;
        }
        break;
      }
      default: break;
    }
    return fast_other(p, type, slot, depth);
  }
  bool fast_other(const char*& p, const Type& type, std::size_t slot, int depth);
  bool fast_set(const char*& p, const Type& type, std::size_t slot);
  bool fast_map(const char*& p, const Type& type, std::size_t slot);
};

LineParser::LineParser(const EventSchema& schema, CaseBase& base, EventImport& import)
    : schema_(schema), base_(base), import_(import), shared_blocks_(base) {
  event_names_.emplace(schema.event_types);
  for (const NameTable& table : schema.fields) field_names_.emplace_back(table);
  for (const NameTable& table : schema.values) value_names_.emplace_back(table);
  scratch_.add(256);
}

Verdict LineParser::read(const char* line, std::size_t length, std::uint32_t line_no) {
  const char* p = line;
  end_ = line + length;
  scratch_.size = 0;
  ops_.size = 0;
  blocks_.clear();
  Head head;
  if (*p != '{') return Verdict::general;
  p = skip_spaces(p + 1);
  if (*p != '}') {
    std::uint64_t seen = 0;
    int hint = 0;
    const FastNames* names = nullptr;  // the body's, once `type` is read
    const std::vector<FieldDef>* fields = nullptr;
    for (;;) {
      if (*p != '"') return Verdict::general;
      const char* key = p + 1;
      int index = -1;
      if (names != nullptr && names->is(key, end_, hint)) {
        index = hint;
        p = key + names->size_of(index) + 1;
      } else {
        const char* quote = find_quote(key, end_);
        if (quote == nullptr) return Verdict::general;
        const auto size = static_cast<std::size_t>(quote - key);
        p = quote + 1;
        const int envelope = envelope_key(key, size);
        if (envelope >= 0) {
          if (*p != ':' && *(p = skip_spaces(p)) != ':') return Verdict::general;
          p = skip_spaces(p + 1);
          if (!fast_head(envelope, p, head)) return Verdict::general;
          if (envelope == kType) {
            const int record = schema_.program.events[head.type].record;
            names = &field_names_[record];
            fields = &schema_.program.records[record].fields;
          }
          index = -1;
        } else {
          // A body field before `type` (or of an event without one) is the
          // general reader's business.
          if (names == nullptr) return Verdict::general;
          index = names->find(key, size);
          if (index < 0) return Verdict::general;
        }
      }
      if (index >= 0) {
        if (seen >> index & 1) return Verdict::general;
        seen |= std::uint64_t(1) << index;
        hint = index + 1;
        if (*p != ':' && *(p = skip_spaces(p)) != ':') return Verdict::general;
        p = skip_spaces(p + 1);
        if (!fast_value(p, (*fields)[static_cast<std::size_t>(index)].type, static_cast<std::size_t>(index), 0)) {
          return Verdict::general;
        }
      }
      if (*p == ' ') p = skip_spaces(p);
      if (*p == ',') {
        p = skip_spaces(p + 1);
        continue;
      }
      if (*p == '}') break;
      return Verdict::general;
    }
  }
  if (p + 1 != end_) return Verdict::general;
  constexpr unsigned kRequired = 1u << kId | 1u << kCase | 1u << kType | 1u << kDate;
  if ((head.seen & kRequired) != kRequired) return Verdict::general;

  // The line is well-formed and every value has its type: commit.
  import_.at_line(line_no);
  const int record = schema_.program.events[head.type].record;
  // Records and maps point into the scratch values until they are placed.
  Value* values = scratch_.values.get();
  for (std::size_t b = 1; b < blocks_.size(); ++b) values[blocks_[b].parent].items = values + blocks_[b].at;
  for (const FastOp& op : ops_) {
    switch (op.kind) {
      case FastOp::kCase: head.case_id = import_.case_id(op.text, case_hash_); break;
      case FastOp::kAmends: head.amends = base_.strings.intern(op.text); break;
      case FastOp::kText: values[op.slot] = Value::of_text(intern_text(op.text)); break;
      case FastOp::kSetBegin: texts_.clear(); break;
      case FastOp::kSetText: texts_.push_back(intern_text(op.text)); break;
      case FastOp::kSetEnd:
        std::sort(texts_.begin(), texts_.end());
        texts_.erase(std::unique(texts_.begin(), texts_.end()), texts_.end());
        values[op.slot] = Value::unknown();
        values[op.slot].kind = ValueKind::text_set;
        values[op.slot].texts = base_.add_text_set(texts_);
        break;
      case FastOp::kCheck:
        // A required field missing: the general reader says which, the same
        // way (what was interned so far, it interns again to no effect).
        if (schema_.first_missing(op.record, values + op.slot, base_.strings) >= 0) return Verdict::general;
        break;
    }
  }
  if (schema_.first_missing(record, values, base_.strings) >= 0) return Verdict::general;
  // Into the case base, parts first so that their places are known.
  canonical_.assign(scratch_.size, 0);
  const Value* body = nullptr;
  for (std::size_t b = blocks_.size(); b-- > 0;) {
    const Block& block = blocks_[b];
    bool shared = false;
    const Value* placed = shared_blocks_.place(values + block.at, canonical_.data() + block.at, block.count, shared);
    if (block.parent < 0) {
      body = placed;
    } else {
      values[block.parent].items = placed;
      canonical_[static_cast<std::size_t>(block.parent)] = shared;
    }
  }
  return import_.add_event(head, body, std::string_view(line, length)) ? Verdict::read : Verdict::refused;
}

bool LineParser::fast_head(int which, const char*& p, Head& head) {
  if (head.seen & (1u << which)) return false;
  if (*p == 'n') return (which == kRecorded || which == kAmends) && literal(p, "null");
  if (*p != '"') return false;
  head.seen |= 1u << which;
  if (which == kType) {
    int type = event_names_->match(p + 1, end_);
    if (type >= 0) {
      p += event_names_->size_of(type) + 2;
    } else {
      std::string_view text;
      if (!fast_string(p, text)) return false;
      type = event_names_->find(text.data(), text.size());
      if (type < 0) return false;
    }
    head.type = type;
    const std::size_t count = schema_.program.records[schema_.program.events[type].record].fields.size();
    if (count > 64) return false;
    scratch_.add(count);
    blocks_.push_back({0, static_cast<std::uint32_t>(count), -1});
    return true;
  }
  if (which == kDate) {
    // A date is ten bytes; anything else the general reader refuses.
    if (end_ - p <= 11 || p[11] != '"' || !dates_.get(std::string_view(p + 1, 10), head.date)) return false;
    head.has_date = true;
    p += 12;
    return true;
  }
  std::string_view text;
  if (!fast_string(p, text)) return false;
  switch (which) {
    case kId:
      if (text.empty()) return false;
      head.id = text;
      head.id_hash = StringPool::hash(text);
      base_.strings.prefetch(head.id_hash);
      return true;
    case kCase:
      if (text.empty()) return false;
      if (!import_.is_last_case(text)) {
        case_hash_ = StringPool::hash(text);
        base_.strings.prefetch(case_hash_);
      }
      ops_.push_back({FastOp::kCase, 0, -1, text});
      return true;
    case kAmends:
      if (text.empty()) return false;
      ops_.push_back({FastOp::kAmends, 0, -1, text});
      return true;
    default:
      head.has_recorded = true;
      return fast_timestamp(text, head.recorded, dates_);
  }
}

// A nested record's fields, at scratch_[at...]; p is on its `{`.
bool LineParser::fast_fields(const char*& p, int record, std::size_t at, int depth) {
  const std::vector<FieldDef>& fields = schema_.program.records[record].fields;
  const FastNames& names = field_names_[record];
  p = skip_spaces(p + 1);
  if (*p != '}') {
    std::uint64_t seen = 0;
    int hint = 0;
    for (;;) {
      if (*p != '"') return false;
      const char* key = p + 1;
      int index = hint;
      if (names.is(key, end_, hint)) {
        p = key + names.size_of(index) + 1;
      } else {
        const char* quote = find_quote(key, end_);
        if (quote == nullptr) return false;
        index = names.find(key, static_cast<std::size_t>(quote - key));
        if (index < 0) return false;
        p = quote + 1;
      }
      if (seen >> index & 1) return false;
      seen |= std::uint64_t(1) << index;
      hint = index + 1;
      if (*p != ':' && *(p = skip_spaces(p)) != ':') return false;
      p = skip_spaces(p + 1);
      if (!fast_value(p, fields[static_cast<std::size_t>(index)].type, at + static_cast<std::size_t>(index), depth)) {
        return false;
      }
      if (*p == ' ') p = skip_spaces(p);
      if (*p == ',') {
        p = skip_spaces(p + 1);
        continue;
      }
      if (*p == '}') break;
      return false;
    }
  }
  ++p;
  ops_.push_back({FastOp::kCheck, static_cast<std::uint32_t>(at), record, {}});
  return true;
}

bool LineParser::fast_other(const char*& p, const Type& type, std::size_t slot, int depth) {
  if (*p == 'n') return literal(p, "null");  // unknown, as scratch_ starts
  switch (type.kind) {
    case TypeKind::boolean:
      if (literal(p, "true")) {
        scratch_[slot] = Value::of_bool(true);
      } else if (literal(p, "false")) {
        scratch_[slot] = Value::of_bool(false);
      } else {
        return false;
      }
      return true;
    case TypeKind::number:
    case TypeKind::money: {
      double number = 0;
      if (!fast_number(p, number)) return false;
      scratch_[slot] = Value::of_number(number);
      return true;
    }
    case TypeKind::enumeration: {
      if (*p != '"') return false;
      const FastNames& names = value_names_[type.ref];
      int index = names.match(p + 1, end_);
      if (index >= 0) {
        p += names.size_of(index) + 2;
      } else {
        std::string_view text;
        if (!fast_string(p, text)) return false;
        index = names.find(text.data(), text.size());
        if (index < 0) return false;
      }
      scratch_[slot] = Value::of_enum(index);
      return true;
    }
    case TypeKind::date: {
      // A date is ten bytes; anything else the general reader refuses.
      Date date;
      if (*p != '"' || end_ - p <= 11 || p[11] != '"' || !dates_.get(std::string_view(p + 1, 10), date)) return false;
      p += 12;
      scratch_[slot] = Value::of_date(date);
      return true;
    }
    case TypeKind::text:
    case TypeKind::timestamp: {
      std::string_view text;
      if (!fast_string(p, text)) return false;
      if (type.kind == TypeKind::text) {
        ops_.push_back({FastOp::kText, static_cast<std::uint32_t>(slot), -1, text});
      } else {
        Timestamp at;
        if (!fast_timestamp(text, at, dates_)) return false;
        scratch_[slot] = Value::of_timestamp(at);
      }
      return true;
    }
    case TypeKind::set: return fast_set(p, type, slot);
    case TypeKind::map: return fast_map(p, type, slot);
    case TypeKind::record: {
      if (*p != '{' || depth >= 16) return false;
      const std::size_t count = schema_.program.records[type.ref].fields.size();
      if (count > 64) return false;
      const std::size_t at = scratch_.add(count);
      scratch_[slot].kind = ValueKind::record;
      blocks_.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(count), static_cast<std::int32_t>(slot)});
      return fast_fields(p, type.ref, at, depth + 1);
    }
    default: return false;
  }
}

// A set of enum values is a bit mask; a set of texts, sorted unique ids
// (made at commit, when the texts are interned).
bool LineParser::fast_set(const char*& p, const Type& type, std::size_t slot) {
  if (*p != '[') return false;
  if (type.ref >= 0 && schema_.program.enums[type.ref].values.size() > 64) return false;
  if (type.ref < 0) ops_.push_back({FastOp::kSetBegin, static_cast<std::uint32_t>(slot), -1, {}});
  std::uint64_t mask = 0;
  p = skip_spaces(p + 1);
  if (*p != ']') {
    for (;;) {
      std::string_view text;
      if (!fast_string(p, text)) return false;
      if (type.ref >= 0) {
        const int index = value_names_[type.ref].find(text.data(), text.size());
        if (index < 0) return false;
        mask |= std::uint64_t(1) << index;
      } else {
        ops_.push_back({FastOp::kSetText, static_cast<std::uint32_t>(slot), -1, text});
      }
      p = skip_spaces(p);
      if (*p == ',') {
        p = skip_spaces(p + 1);
        continue;
      }
      if (*p == ']') break;
      return false;
    }
  }
  ++p;
  if (type.ref >= 0) {
    scratch_[slot] = Value::of_enum_set(mask);
  } else {
    ops_.push_back({FastOp::kSetEnd, static_cast<std::uint32_t>(slot), -1, {}});
  }
  return true;
}

// A map: an object keyed by the key enum's values, each an enum value.
bool LineParser::fast_map(const char*& p, const Type& type, std::size_t slot) {
  if (*p != '{' || type.ref2 < 0) return false;
  const FastNames& keys = value_names_[type.ref];
  const std::size_t count = schema_.program.enums[type.ref].values.size();
  if (count > 64) return false;
  const std::size_t at = scratch_.add(count);
  scratch_[slot].kind = ValueKind::map;
  blocks_.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(count), static_cast<std::int32_t>(slot)});
  p = skip_spaces(p + 1);
  if (*p != '}') {
    std::uint64_t seen = 0;
    int hint = 0;
    for (;;) {
      if (*p != '"') return false;
      const char* key = p + 1;
      int index = hint;
      if (keys.is(key, end_, hint)) {
        p = key + keys.size_of(index) + 1;
      } else {
        const char* quote = find_quote(key, end_);
        if (quote == nullptr) return false;
        index = keys.find(key, static_cast<std::size_t>(quote - key));
        if (index < 0) return false;
        p = quote + 1;
      }
      if (seen >> index & 1) return false;
      seen |= std::uint64_t(1) << index;
      hint = index + 1;
      if (*p != ':' && *(p = skip_spaces(p)) != ':') return false;
      p = skip_spaces(p + 1);
      if (*p == 'n') {
        if (!literal(p, "null")) return false;
      } else {
        if (*p != '"') return false;
        const FastNames& values = value_names_[type.ref2];
        int value = values.match(p + 1, end_);
        if (value >= 0) {
          p += values.size_of(value) + 2;
        } else {
          std::string_view text;
          if (!fast_string(p, text)) return false;
          value = values.find(text.data(), text.size());
          if (value < 0) return false;
        }
        scratch_[at + index] = Value::of_enum(value);
      }
      p = skip_spaces(p);
      if (*p == ',') {
        p = skip_spaces(p + 1);
        continue;
      }
      if (*p == '}') break;
      return false;
    }
  }
  ++p;
  return true;
}

}  // namespace

// The parser's parts have internal linkage this way (see fast_reader.hpp).
class FastReader::Parser : public LineParser {
 public:
  using LineParser::LineParser;
};

FastReader::FastReader(const EventSchema& schema, CaseBase& base, EventImport& import)
    : parser_(std::make_unique<Parser>(schema, base, import)) {}

FastReader::~FastReader() = default;

FastReader::Verdict FastReader::read(const char* line, std::size_t length, std::uint32_t line_no) {
  return parser_->read(line, length, line_no);
}

}  // namespace carerules::reading
