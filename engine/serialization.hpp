#pragma once
// Small helpers shared by the components that checkpoint Eigen state through cereal, and
// the JSON type of the files a run writes.
#include <Eigen/Core>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "engine/error.hpp"

namespace innate {

using Json = nlohmann::ordered_json;

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
