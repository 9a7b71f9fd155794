// What a practitioner records on a task (`carerules task`): acknowledging it,
// passing it to another worker, or adding a note. Each is a history row and
// an audit entry, refused in plain words where the workflow does not allow it.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include "dsl/program.hpp"
#include "engine/store/database.hpp"

namespace carerules::workflows {

struct ActionRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct PractitionerAction {
  std::int64_t task_id = 0;
  std::string action;  // acknowledge, reassign, note
  std::string value;   // reassign: the worker; note: the text
  std::string by;      // the worker recording it
  Date on;             // the day it is recorded
};

// `program`: the rules of the latest run, whose workflow says which actions
// are allowed (null: the task's workflow cannot be found, so all three are).
// Returns what was recorded, in words.
std::string record_action(Database& db, const Program* program, const PractitionerAction& action);

}  // namespace carerules::workflows
