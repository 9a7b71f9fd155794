// Reading a whole file into memory in one go (event files can be gigabytes).
#pragma once
#include <optional>
#include <string>

namespace carerules {

// The file's bytes, or nullopt when it cannot be read.
std::optional<std::string> read_whole_file(const std::string& path);

}  // namespace carerules
