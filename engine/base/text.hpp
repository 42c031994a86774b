#pragma once
// Small text and file utilities shared across the engine.
#include <cstdint>
#include <filesystem>
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

// Writes `bytes` to `path` through a temporary file and a rename, so a reader (or a
// resumed run after a crash) sees either the old file or the new one, never a torn one.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

std::string read_file(const std::filesystem::path& path);

}  // namespace innate
