// What the deterministic fuzz loops of the unit tests share: a small seeded
// random generator (splitmix64: the same numbers on every machine, so a
// failure is repeated by running the test again) and the number of rounds,
// which CARERULES_FUZZ_ROUNDS=N raises for a longer soak.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace carerules::testing {

struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // 0 <= result < n (0 when n is 0).
  std::size_t below(std::size_t n) { return n ? static_cast<std::size_t>(next() % n) : 0; }
};

// `normal` rounds, or CARERULES_FUZZ_ROUNDS when set.
inline int fuzz_rounds(int normal) {
  const char* env = std::getenv("CARERULES_FUZZ_ROUNDS");
  return env ? std::max(1, std::atoi(env)) : normal;
}

}  // namespace carerules::testing
