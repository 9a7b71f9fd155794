#include "dsl/source.hpp"

namespace carerules {

std::string_view SourceFile::line_text(int line) const {
  std::size_t start = 0;
  for (int l = 1; l < line; ++l) {
    start = text.find('\n', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  std::size_t end = text.find('\n', start);
  if (end == std::string::npos) end = text.size();
  std::string_view line_view(text.data() + start, end - start);
  if (!line_view.empty() && line_view.back() == '\r') line_view.remove_suffix(1);
  return line_view;
}

static std::size_t offset_of(const SourceFile& file, int line, int column) {
  std::size_t start = 0;
  for (int l = 1; l < line; ++l) {
    start = file.text.find('\n', start);
    if (start == std::string::npos) return file.text.size();
    ++start;
  }
  // Columns count characters (as the parser does), not bytes.
  std::size_t at = start;
  for (int c = 1; c < column && at < file.text.size() && file.text[at] != '\n'; ++c) {
    ++at;
    while (at < file.text.size() && (static_cast<unsigned char>(file.text[at]) & 0xC0) == 0x80) ++at;
  }
  return at;
}

std::string span_text(const Span& from, const Span& to) {
  if (!from.known() || !to.known() || from.file != to.file) return {};
  std::size_t a = offset_of(*from.file, from.line, from.column);
  std::size_t b = offset_of(*to.file, to.line, to.column + to.length);
  if (b < a) return {};
  std::string out;
  bool space = false;
  for (char c : std::string_view(from.file->text).substr(a, b - a)) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace carerules
