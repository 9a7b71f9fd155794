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

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace carerules {

std::optional<MappedFile> MappedFile::open(const std::string& path) {
  MappedFile file;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    struct stat info {};
    if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
      void* p = mmap(nullptr, static_cast<std::size_t>(info.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (p != MAP_FAILED) {
        madvise(p, static_cast<std::size_t>(info.st_size), MADV_SEQUENTIAL);
        file.mapped_ = static_cast<const char*>(p);
        file.size_ = static_cast<std::size_t>(info.st_size);
        ::close(fd);
        return file;
      }
    }
    ::close(fd);
  }
  auto bytes = read_whole_file(path);
  if (!bytes) return std::nullopt;
  file.copy_ = std::move(*bytes);
  return file;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : mapped_(other.mapped_), size_(other.size_), copy_(std::move(other.copy_)) {
  other.mapped_ = nullptr;
  other.size_ = 0;
}

MappedFile::~MappedFile() {
  if (mapped_) munmap(const_cast<char*>(mapped_), size_);
}

}  // namespace carerules
