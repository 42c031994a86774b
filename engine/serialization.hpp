#pragma once
// Small helpers shared by the components that checkpoint Eigen state through cereal, and
// by the writers of result.json.
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

// result["nature_fraction"] = (innate - chance) / (direct - chance) when result["scores"]
// has the three arms (null when direct equals chance).
inline void add_nature_fraction(Json& result) {
  if (!result.contains("scores")) return;
  const Json& s = result["scores"];
  if (!s.contains("chance") || !s.contains("innate") || !s.contains("direct")) return;
  const double chance = s["chance"], innate = s["innate"], direct = s["direct"];
  result["nature_fraction"] = direct != chance ? Json((innate - chance) / (direct - chance)) : Json(nullptr);
}

}  // namespace innate
