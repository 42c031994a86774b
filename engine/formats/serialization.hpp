#pragma once
// Small helpers shared by the components that checkpoint Eigen state through cereal, and
// the JSON type of the files a run writes.
#include <Eigen/Core>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/base/error.hpp"
#include "engine/base/files.hpp"
#include "engine/base/text.hpp"

namespace innate {

using Json = nlohmann::ordered_json;

// A JSON file a run wrote; a damaged one is an InputError naming it.
inline Json read_json(const std::filesystem::path& path) {
  try {
    return Json::parse(read_file(path));
  } catch (const Json::exception& e) {
    throw InputError(fmt::format("{}: damaged JSON ({})", path.string(), e.what()));
  }
}

// A run's result.json: an object whose "scores" and "validation_scores", where present,
// are objects of numbers; anything else is refused as damaged.
inline Json read_result(const std::filesystem::path& path) {
  Json r = read_json(path);
  auto damaged = [&](const char* why) {
    return InputError(fmt::format("{}: damaged result ({})", path.string(), why));
  };
  if (!r.is_object()) throw damaged("not a JSON object");
  for (const char* block : {"scores", "validation_scores"}) {
    if (!r.contains(block)) continue;
    if (!r[block].is_object()) throw damaged("scores are not an object");
    for (const auto& [name, value] : r[block].items())
      if (!value.is_number() && !value.is_null()) throw damaged("a score is not a number");
  }
  return r;
}

// Runs `read`, which gathers the result files below `dir`: a field missing or of the
// wrong type there (a hand-edited or damaged file) is an InputError naming `dir`.
template <class Read>
auto reading_results(const std::filesystem::path& dir, Read&& read) {
  try {
    return read();
  } catch (const Json::exception& e) {
    throw InputError(fmt::format("{}: damaged result files ({})", dir.string(), e.what()));
  }
}

// An Eigen matrix or vector as a flat std::vector (column-major), for cereal.
template <class Derived>
std::vector<typename Derived::Scalar> to_std(const Eigen::PlainObjectBase<Derived>& m) {
  return {m.data(), m.data() + m.size()};
}

// Back into `m`, whose size the scenario fixes; a checkpoint of another size is refused.
template <class Derived>
void from_std(const std::vector<typename Derived::Scalar>& in, Eigen::PlainObjectBase<Derived>& m, const char* who) {
  if (static_cast<Eigen::Index>(in.size()) != m.size())
    throw InputError(std::string(who) + ": checkpoint size does not match the scenario");
  std::copy(in.begin(), in.end(), m.data());
}

}  // namespace innate
