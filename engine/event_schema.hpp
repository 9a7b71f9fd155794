// A Program's event types arranged for reading case data: names found through
// small hash tables (no std::map, no string building per field) and the
// `required when` conditions of record fields evaluated over read values.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/program.hpp"
#include "engine/value.hpp"

namespace carerules {

// The envelope every event has, beside its type's own fields.
enum Envelope : int { kId, kCase, kType, kDate, kRecorded, kAmends };
inline constexpr std::string_view kEnvelopeNames[] = {"id", "case", "type", "date", "recorded", "amends"};
// The envelope field named `key`, or -1.
int envelope_field(std::string_view key);

// Name -> index for a handful of names (a record's fields, an enum's values).
class NameTable {
 public:
  NameTable() = default;
  explicit NameTable(std::vector<std::string_view> names);
  // The index of `name`, or -1. `hint` is the index to try first: exporters
  // tend to write fields in declaration order, so the next one is cheap.
  int find(std::string_view name, int hint = -1) const;
  const std::vector<std::string_view>& names() const { return names_; }
  std::vector<std::string> name_strings() const { return {names_.begin(), names_.end()}; }

 private:
  std::vector<std::string_view> names_;  // point into the Program
  std::vector<std::int32_t> slots_;      // -1 when empty
  std::size_t mask_ = 0;
};

struct EventSchema {
  const Program& program;
  NameTable event_types;
  std::vector<NameTable> fields;  // by record id
  std::vector<NameTable> values;  // by enum id

  explicit EventSchema(const Program& program);
  // "one of a, b, c" for messages (without "one of " when `one_of` is false).
  std::string value_list(int enum_id, bool one_of = true) const;
  // What a value of `type` looks like, for "expected ...; found ..." messages.
  std::string expected(const Type& type) const;
  // "unknown field `path` [in a `T` event][; did you mean `x`?]".
  std::string unknown_field(int record, std::string_view key, const std::string& path, bool top_level) const;
  // A field's `required when` condition over the values read so far of its
  // record. Kleene logic inside; a condition that is unknown does not hold.
  bool condition_holds(const Expr& condition, int record, const Value* values,
                       const StringPool& strings) const;
  // The first field of the record that is unknown (absent or null) though
  // required, or -1.
  int first_missing(int record, const Value* values, const StringPool& strings) const;
  // " (required when COND)" as the author wrote it, or "" for plain fields.
  static std::string why_required(const FieldDef& field);

 private:
  // By record, the fields that can be required, in order, each with its
  // condition: an index into conditions_ (the same condition written on
  // several fields is one entry, evaluated once a line), or -1 for always.
  struct MaybeRequired {
    std::uint32_t field;
    std::int32_t condition;
  };
  std::vector<std::vector<MaybeRequired>> maybe_required_;
  std::vector<std::vector<const Expr*>> conditions_;
  // The common shape of a condition, `field is constant and ...`, as a list
  // of terms that all hold exactly when the condition does. Empty `terms`
  // with `simple` false: evaluate the expression.
  struct Term {
    std::uint32_t field;
    ValueKind kind;
    std::int64_t payload;  // b, small or big, by kind
  };
  struct Compiled {
    bool simple = false;
    std::vector<Term> terms;
  };
  std::vector<std::vector<Compiled>> compiled_;  // parallel to conditions_
  bool compile(const Expr& e, int record, std::vector<Term>& terms) const;
  bool holds(const Compiled& compiled, const Value* values) const;
};

// `text` in quotes for a message, shortened when long.
std::string quoted(std::string_view text);

// Why `text` is not a date / timestamp, in plain words.
std::string date_problem(std::string_view text);
std::string timestamp_problem(std::string_view text);

}  // namespace carerules
