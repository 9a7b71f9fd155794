// A progress bar for long work (import, run): drawn on stderr only when it is
// a terminal, and wiped when done, so that piped output stays quiet.
#pragma once
#include <cstdio>
#include <fmt/format.h>
#include <string>
#include <unistd.h>

namespace carerules::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label) : label_(std::move(label)), shown_(isatty(STDERR_FILENO)) {}
  ~ProgressBar() { clear(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  void update(std::size_t done, std::size_t total) {
    if (!shown_ || total == 0) return;
    const std::size_t width = 30, filled = width * done / total;
    fmt::print(stderr, "\r{} [{}{}] {:3}%", label_, std::string(filled, '#'), std::string(width - filled, ' '),
               100 * done / total);
    std::fflush(stderr);
    drawn_ = true;
  }
  void clear() {
    if (drawn_) fmt::print(stderr, "\r\033[K");
    drawn_ = false;
  }

 private:
  std::string label_;
  bool shown_ = false, drawn_ = false;
};

}  // namespace carerules::cli
