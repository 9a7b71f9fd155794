#include <catch2/catch.hpp>

#include <string>

#include "engine/calendar/sha256.hpp"

using namespace carerules;

TEST_CASE("sha256 matches the FIPS 180-4 test vectors", "[sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                   "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("sha256 of a million 'a', fed in uneven pieces", "[sha256]") {
  const std::string expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  CHECK(sha256_hex(std::string(1000000, 'a')) == expected);

  Sha256 hash;
  std::string piece(997, 'a');
  std::size_t fed = 0;
  while (fed + piece.size() <= 1000000) {
    hash.update(piece);
    fed += piece.size();
  }
  hash.update(std::string(1000000 - fed, 'a'));
  CHECK(hash.hex() == expected);
}

TEST_CASE("sha256 digest can be taken midway and the hash continued", "[sha256]") {
  Sha256 hash;
  hash.update("ab");
  CHECK(hash.hex() == sha256_hex("ab"));
  hash.update("c");
  CHECK(hash.hex() == sha256_hex("abc"));
  // Lengths around the 56-byte padding boundary.
  for (std::size_t n : {55u, 56u, 57u, 63u, 64u, 65u, 119u, 120u}) {
    std::string text(n, 'x');
    Sha256 split;
    split.update(text.substr(0, n / 2));
    split.update(text.substr(n / 2));
    CHECK(split.hex() == sha256_hex(text));
  }
}

TEST_CASE("sha256 gives the same digests with and without the CPU's SHA instructions", "[sha256]") {
  std::string text;
  std::uint32_t x = 12345;
  for (int i = 0; i < 5000; ++i) {
    x = x * 1103515245u + 12345u;
    text += static_cast<char>(x >> 24);
  }
  for (std::size_t n : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 127u, 128u, 1000u, 4999u, 5000u}) {
    sha256_use_cpu_instructions(false);
    const std::string portable = sha256_hex(text.substr(0, n));
    sha256_use_cpu_instructions(true);
    CHECK(sha256_hex(text.substr(0, n)) == portable);
  }
  sha256_use_cpu_instructions(false);
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  sha256_use_cpu_instructions(true);
}
