// Shared by the store tests: a scratch folder, the frozen test rules, files.
#pragma once
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "dsl/load_program.hpp"
#include "engine/calendar/sha256.hpp"
#include "engine/read_file.hpp"

namespace carerules::test {

// A fresh folder under the system's temporary folder, removed afterwards.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "carerules-store-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~ScratchFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string source_path(const std::string& relative) { return std::string(CARERULES_SOURCE_DIR) + "/" + relative; }

inline std::string file_text(const std::string& path) {
  auto text = read_whole_file(path);
  REQUIRE(text);
  return *text;
}

inline std::string file_sha256(const std::string& path) { return sha256_hex(file_text(path)); }

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// The frozen copy of the national schema and eligibility rules the golden tests use.
inline const Program& test_rules() {
  static const std::unique_ptr<Program> program = [] {
    Diagnostics diagnostics;
    auto p = load_program({source_path("tests/golden/rules/national")}, LoadOptions{}, diagnostics);
    if (!p) FAIL(diagnostics.render(false));
    return p;
  }();
  return *program;
}

// Three events of one case, in the contract's shape.
inline const char* kPersonLine =
    R"({"id":"E1-1","case":"E1","type":"person","date":"2025-01-06","date_of_birth":"1943-06-12","client_type":"service_user","primary_support_reason":"physical_support"})";
inline const char* kRequestLine = R"({"id":"E1-2","case":"E1","type":"request","date":"2025-01-07","route":"community"})";
inline const char* kOtherCaseLine =
    R"({"id":"E2-1","case":"E2","type":"request","date":"2025-02-01","recorded":"2025-02-03T09:30:00Z","route":"hospital_discharge"})";

}  // namespace carerules::test
