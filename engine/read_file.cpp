#include "engine/read_file.hpp"

#include <cstdio>
#include <memory>

namespace carerules {

std::optional<std::string> read_whole_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return std::nullopt;
  std::string data;
  char chunk[1 << 16];
  if (std::fseek(file.get(), 0, SEEK_END) == 0) {
    long size = std::ftell(file.get());
    if (size > 0) data.reserve(static_cast<std::size_t>(size));
    std::rewind(file.get());
  }
  std::size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, file.get())) > 0) data.append(chunk, n);
  if (std::ferror(file.get())) return std::nullopt;
  return data;
}

}  // namespace carerules
