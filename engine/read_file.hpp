// Reading files whole (event files can be gigabytes).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace carerules {

// The file's bytes, or nullopt when it cannot be read.
std::optional<std::string> read_whole_file(const std::string& path);

// A file's bytes mapped read-only into memory: no copy, and the operating
// system's cached pages are used directly. Falls back to reading for things
// that cannot be mapped (pipes, empty files).
class MappedFile {
 public:
  static std::optional<MappedFile> open(const std::string& path);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&&) = delete;
  MappedFile(const MappedFile&) = delete;
  ~MappedFile();
  std::string_view text() const { return mapped_ ? std::string_view(mapped_, size_) : std::string_view(copy_); }

 private:
  MappedFile() = default;
  const char* mapped_ = nullptr;
  std::size_t size_ = 0;
  std::string copy_;
};

}  // namespace carerules
