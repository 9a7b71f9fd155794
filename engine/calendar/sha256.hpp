// SHA-256 (FIPS 180-4), for pack hashes and content fingerprints. Written here
// rather than taken from OpenSSL so the foundation library has no crypto
// dependency; it is not used for anything secret.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace carerules {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  // The digest of everything given so far. Does not disturb the running
  // state: more data may follow and a later call covers it too.
  std::array<std::uint8_t, 32> digest() const;
  // The digest as 64 lowercase hex digits.
  std::string hex() const;

 private:
  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> block_{};
  std::size_t block_used_ = 0;
  std::uint64_t total_bytes_ = 0;
  void compress(const std::uint8_t* block);
};

// The CPU's SHA instructions are used where it has them; false forces the
// portable code (for tests that compare the two).
void sha256_use_cpu_instructions(bool use);

// Lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace carerules
