#include "engine/components/measures.hpp"

#include <cmath>

#include <fmt/format.h>

namespace innate {

namespace {

Json pairs_json(const std::vector<std::pair<std::string, std::string>>& pairs) {
  Json j = Json::array();
  for (const auto& [a, b] : pairs) j.push_back(Json::array({a, b}));
  return j;
}

std::vector<std::pair<std::string, std::string>> pairs_of(const Json& j) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : j) out.push_back({p.at(0).get<std::string>(), p.at(1).get<std::string>()});
  return out;
}

Json curve_json(const Curve& c) {
  return {{"file", c.file},       {"x", c.x},        {"title", c.title}, {"x_label", c.x_label},
          {"y_label", c.y_label}, {"log_x", c.log_x}};
}

Curve curve_of(const Json& j) {
  return {j.at("file").get<std::string>(),    j.at("x").get<std::string>(),       j.at("title").get<std::string>(),
          j.at("x_label").get<std::string>(), j.at("y_label").get<std::string>(), j.at("log_x").get<bool>()};
}

}  // namespace

namespace {
// An unbounded end as null (JSON has no infinity).
Json range_bound(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }
double range_value(const Json& j, int sign) {
  return j.is_null() ? sign * std::numeric_limits<double>::infinity() : j.get<double>();
}
}  // namespace

Json measures_json(const Measures& m) {
  Json groups = Json::array(), curves = Json::array(), arms = Json::array();
  for (const auto& g : m.groups) groups.push_back({{"title", g.title}, {"y_label", g.y_label}, {"columns", g.columns}});
  for (const auto& c : m.curves) curves.push_back(curve_json(c));
  for (const auto& a : m.arms)
    arms.push_back({{"name", a.name}, {"sections", pairs_json(a.sections)}, {"refuses", pairs_json(a.refuses)}});
  return {{"columns", m.columns},
          {"groups", groups},
          {"scores", m.scores},
          {"range", {range_bound(m.range.lowest), range_bound(m.range.highest)}},
          {"paired", pairs_json(m.paired)},
          {"sampled", m.sampled},
          {"fraction", {{"floor", m.fraction.floor}, {"nature", m.fraction.nature}, {"full", m.fraction.full}}},
          {"curves", curves},
          {"arms", arms}};
}

Measures measures_from_json(const Json& j, const std::string& where) {
  try {
    Measures m;
    m.columns = j.at("columns").get<std::vector<std::string>>();
    for (const auto& g : j.at("groups"))
      m.groups.push_back({g.at("title").get<std::string>(), g.at("y_label").get<std::string>(),
                          g.at("columns").get<std::vector<std::string>>()});
    m.scores = j.at("scores").get<std::vector<std::string>>();
    if (j.contains("range")) m.range = {range_value(j["range"].at(0), -1), range_value(j["range"].at(1), 1)};
    if (j.contains("paired")) m.paired = pairs_of(j["paired"]);  // a run from before: none
    if (j.contains("sampled")) m.sampled = j["sampled"].get<std::vector<std::string>>();
    const Json& f = j.at("fraction");
    m.fraction = {f.at("floor").get<std::string>(), f.at("nature").get<std::string>(), f.at("full").get<std::string>()};
    for (const auto& c : j.at("curves")) m.curves.push_back(curve_of(c));
    for (const auto& a : j.at("arms"))
      m.arms.push_back({a.at("name").get<std::string>(), pairs_of(a.at("sections")), pairs_of(a.at("refuses"))});
    return m;
  } catch (const Json::exception& e) {
    throw InputError(fmt::format("{}: not a description of measures ({})", where, e.what()));
  }
}

}  // namespace innate
