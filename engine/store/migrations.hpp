// The database schema, as an ordered list of migrations. Migration N brings a
// database from schema version N - 1 to N (PRAGMA user_version); each is
// applied in a transaction of its own. Never edit a released migration: add
// the next one.
#pragma once
#include <vector>

namespace carerules {

struct Migration {
  int version = 0;
  const char* summary = "";  // what it adds, in a few words
  const char* sql = "";      // one or more statements
};

const std::vector<Migration>& migrations();

// The newest schema version this program knows.
int current_schema_version();

}  // namespace carerules
