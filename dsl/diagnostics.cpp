#include "dsl/diagnostics.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <tuple>

namespace carerules {

static Diagnostic make(Severity severity, const Span& span, std::string message, std::string help) {
  Diagnostic d;
  d.severity = severity;
  d.span = span;
  if (span.file) {
    d.file = span.file->path;
    d.line_text = std::string(span.file->line_text(span.line));
  }
  d.span.file = nullptr;  // never followed after this point
  d.message = std::move(message);
  d.help = std::move(help);
  return d;
}

void Diagnostics::error(const Span& span, std::string message, std::string help) {
  items_.push_back(make(Severity::error, span, std::move(message), std::move(help)));
}

void Diagnostics::warning(const Span& span, std::string message, std::string help) {
  items_.push_back(make(Severity::warning, span, std::move(message), std::move(help)));
}

void Diagnostics::error_in_file(std::string file, std::string message) {
  Diagnostic d;
  d.file = std::move(file);
  d.message = std::move(message);
  items_.push_back(std::move(d));
}

void Diagnostics::add_note(std::size_t first, const std::string& note) {
  for (std::size_t i = first; i < items_.size(); ++i) {
    std::string& help = items_[i].help;
    help = help.empty() ? note : help + " (" + note + ")";
  }
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

static const std::string& file_of(const Diagnostic& d) { return d.file; }

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out = items_;
  auto key = [](const Diagnostic& d) {
    return std::make_tuple(file_of(d), d.span.line, d.span.column, d.message);
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  out.erase(std::unique(out.begin(), out.end(),
                        [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
            out.end());
  return out;
}

std::string render_diagnostic(const Diagnostic& d, bool colour) {
  const char* bold = colour ? "\x1b[1m" : "";
  const char* red = colour ? "\x1b[1;31m" : "";
  const char* yellow = colour ? "\x1b[1;33m" : "";
  const char* cyan = colour ? "\x1b[1;36m" : "";
  const char* reset = colour ? "\x1b[0m" : "";
  const char* kind = d.severity == Severity::error ? "error" : "warning";
  const char* kind_colour = d.severity == Severity::error ? red : yellow;
  std::string out;
  if (d.span.line > 0) {
    out += fmt::format("{}{}:{}:{}:{} {}{}:{} {}\n", bold, d.file, d.span.line,
                       d.span.column, reset, kind_colour, kind, reset, d.message);
    std::string_view line = d.line_text;
    std::string number = std::to_string(d.span.line);
    std::string gutter(number.size(), ' ');
    out += fmt::format("{} |\n", gutter);
    out += fmt::format("{} | {}\n", number, line);
    // Columns count characters; a tab stays a tab so the caret lines up.
    std::string marker;
    int characters = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
      ++characters;
      if (characters < d.span.column) marker += line[i] == '\t' ? '\t' : ' ';
    }
    int width = std::max(1, d.span.length);
    int room = characters - (d.span.column - 1);
    if (room > 0) width = std::min(width, room);
    marker += std::string(static_cast<std::size_t>(width), '^');
    out += fmt::format("{} | {}{}{}\n", gutter, kind_colour, marker, reset);
    if (!d.help.empty()) out += fmt::format("{} = {}help:{} {}\n", gutter, cyan, reset, d.help);
  } else {
    out += fmt::format("{}{}:{} {}{}:{} {}\n", bold, d.file, reset, kind_colour, kind, reset, d.message);
    if (!d.help.empty()) out += fmt::format("  = {}help:{} {}\n", cyan, reset, d.help);
  }
  return out;
}

std::string Diagnostics::render(bool colour) const {
  std::string out;
  for (const Diagnostic& d : sorted()) out += render_diagnostic(d, colour);
  return out;
}

// Damerau-Levenshtein (optimal string alignment) distance.
static std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> dist(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) dist[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) dist[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      dist[i][j] = std::min({dist[i - 1][j] + 1, dist[i][j - 1] + 1, dist[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        dist[i][j] = std::min(dist[i][j], dist[i - 2][j - 2] + 1);
    }
  }
  return dist[a.size()][b.size()];
}

std::string closest_name(const std::string& wrong, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, wrong.size() / 3) + 1;
  for (const std::string& name : known) {
    std::size_t d = edit_distance(wrong, name);
    if (d < best_distance || (d == best_distance && !best.empty() && name < best)) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

}  // namespace carerules
