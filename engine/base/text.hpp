#pragma once
// Small text utilities shared across the engine.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace innate {

// Edit distance (insertions, deletions, substitutions), for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, or "" when none is close enough to be a useful hint.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

// FNV-1a 64-bit hash: stable across platforms and runs (fingerprints, checksums).
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ULL);

// Shortest decimal text that reads back to the same double ("0.1", "19", "1e-07").
std::string format_number(double x);

}  // namespace innate
