#include "tasks/images/analyze.hpp"

#include <fmt/format.h>
#include <boost/random/uniform_int_distribution.hpp>

#include <nlohmann/json.hpp>

#include <limits>
#include <numeric>

#include "engine/base/error.hpp"
#include "engine/base/files.hpp"
#include "engine/base/text.hpp"
#include "engine/formats/charts.hpp"
#include "engine/report/artifacts.hpp"
#include "engine/run/checkpoint.hpp"
#include "tasks/images/dataset.hpp"
#include "tasks/images/representation.hpp"
#include "tasks/supervised/training.hpp"

namespace innate {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

Eigen::VectorXf load_network(const fs::path& path, const MlpShape& shape) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw InputError(
        fmt::format("{}: not found (innate analyze needs an image run with the direct arm)", path.string()));
  const auto genes =
      read_genome_archive(read_file(path), fmt::format("network/{}", fmt::join(shape.sizes, "-")), path.string());
  if (genes.size() != shape.param_count()) throw InputError(fmt::format("{}: network of another size", path.string()));
  for (std::size_t i = 0; i < genes.size(); ++i)  // an analysis of NaN activations would print zeros
    if (!std::isfinite(genes[i]))
      throw InputError(
          fmt::format("{}: weight {} is {}; a network must hold finite weights", path.string(), i, genes[i]));
  return Eigen::Map<const Eigen::VectorXf>(genes.data(), static_cast<Eigen::Index>(genes.size()));
}

// Hidden activations of every hidden layer, (samples x units) each, in double.
std::vector<Eigen::MatrixXd> hidden(const MlpShape& shape, const Eigen::VectorXf& params, const Matrix& images) {
  MlpWorkspace ws;
  mlp_forward(shape, params.data(), images, ws);
  std::vector<Eigen::MatrixXd> out;
  for (int k = 0; k + 1 < shape.layers(); ++k)
    out.push_back(ws.a[static_cast<std::size_t>(k)].transpose().cast<double>());
  return out;
}

// Per hidden layer: linear CKA and RSA between the two networks, and each one's
// participation ratio.
Json layers_json(const MlpShape& shape, const Eigen::VectorXf& innate, const Eigen::VectorXf& direct,
                 const Matrix& images) {
  const auto hi = hidden(shape, innate, images), hd = hidden(shape, direct, images);
  Json layers = Json::array();
  const Eigen::Index rsa_n = std::min<Eigen::Index>(images.cols(), 300);
  for (std::size_t k = 0; k < hi.size(); ++k) {
    Json l;
    l["layer"] = k + 1;
    l["units"] = hi[k].cols();
    l["cka"] = linear_cka(hi[k], hd[k]);
    l["rsa"] = rsa(hi[k].topRows(rsa_n), hd[k].topRows(rsa_n));
    l["participation_ratio"] = {{"innate", participation_ratio(hi[k])}, {"direct", participation_ratio(hd[k])}};
    layers.push_back(l);
  }
  return layers;
}

// Ablation: silence hidden units (zero their outgoing weights) in one fixed random order.
Json ablation_json(const MlpShape& shape, const Eigen::VectorXf& innate, const Eigen::VectorXf& direct,
                   const Dataset& test) {
  std::vector<std::pair<int, int>> units;  // (hidden layer, unit)
  for (int k = 1; k < static_cast<int>(shape.sizes.size()) - 1; ++k)
    for (int i = 0; i < shape.sizes[static_cast<std::size_t>(k)]; ++i) units.push_back({k, i});
  Rng rng = stream({0, 0, 0, Purpose::run_constant});
  for (std::size_t i = units.size(); i > 1; --i)
    std::swap(units[i - 1], units[boost::random::uniform_int_distribution<std::size_t>(0, i - 1)(rng)]);
  Json fractions = Json::array(), acc_innate = Json::array(), acc_direct = Json::array();
  for (int step = 0; step <= 9; ++step) {
    const double f = step / 10.0;
    const std::size_t silenced = static_cast<std::size_t>(f * double(units.size()));
    Eigen::VectorXf a = innate, b = direct;
    for (std::size_t u = 0; u < silenced; ++u) {
      const auto [k, i] = units[u];
      shape.weight(a.data(), k).col(i).setZero();  // layer k's weights read unit i of neuron layer k
      shape.weight(b.data(), k).col(i).setZero();
    }
    fractions.push_back(f);
    acc_innate.push_back(accuracy(shape, {a.data(), std::size_t(a.size())}, test));
    acc_direct.push_back(accuracy(shape, {b.data(), std::size_t(b.size())}, test));
  }
  return {{"fraction", fractions}, {"innate", acc_innate}, {"direct", acc_direct}};
}

// The analysis drawn for the report: ablation curves and per-layer similarity and
// dimensionality, one series or bar per network it names.
std::string analysis_html(const std::string& label, const Json& a) {
  if (!a.is_object()) return "";
  std::string html;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (a.contains("ablation")) {
    const auto& ab = a["ablation"];
    const auto f = ab["fraction"].get<std::vector<double>>();
    std::vector<Series> series;
    for (const auto& [net, values] : ab.items())
      if (net != "fraction") series.push_back({net, f, values.get<std::vector<double>>(), {}});
    html +=
        line_chart(fmt::format("{}: ablation", label), "fraction of hidden units silenced", "test accuracy", series);
  }
  for (const auto& layer : a.value("layers", Json::array())) {
    const std::string name = fmt::format("{}: hidden layer {}", label, layer.value("layer", 0));
    html += grouped_bar_chart(
        name + ", similarity of the two networks", "similarity",
        {{"", {{"linear CKA", layer.value("cka", 0.0), nan, nan}, {"RSA", layer.value("rsa", 0.0), nan, nan}}}});
    BarGroup ratios{"", {}};
    const Json by_network = layer.value("participation_ratio", Json::object());  // kept alive for items()
    for (const auto& [net, value] : by_network.items()) ratios.bars.push_back({net, value.get<double>(), nan, nan});
    html += grouped_bar_chart(name + ", dimensionality", "participation ratio", {ratios});
  }
  return html;
}

}  // namespace

fs::path analyze_run(const fs::path& dir, const Catalog& catalog, int samples) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / "scenario.toml", ec))
    throw InputError(fmt::format("{}: not a run directory (no scenario.toml)", dir.string()));
  const Scenario scenario = Scenario::from_file(dir / "scenario.toml", {}, catalog.schema());
  const Section task = scenario.section("task");
  if (task.text("name") != "images")
    throw InputError(fmt::format("{}: innate analyze needs an image run", dir.string()));
  const MlpShape shape = *encoding_context(scenario, catalog).network;
  const Eigen::VectorXf innate = load_network(dir / "innate_network.cereal", shape);
  const Eigen::VectorXf direct = load_network(dir / "direct_network.cereal", shape);
  const Split data = load_dataset(task.text("dataset"), task.real("validation_fraction", 0.0, 1.0));
  const auto n = std::min<Eigen::Index>(samples, static_cast<Eigen::Index>(data.test.size()));
  Dataset test = data.test;
  test.images = data.test.images.leftCols(n);
  test.labels.resize(static_cast<std::size_t>(n));

  Json result;
  result["samples"] = n;
  result["layers"] = layers_json(shape, innate, direct, test.images);
  result["ablation"] = ablation_json(shape, innate, direct, test);
  const fs::path out = dir / "analysis.json";
  write_file_atomic(out, result.dump(2) + "\n");
  const fs::path clean = dir.lexically_normal();
  const std::string label = (clean.filename().empty() ? clean.parent_path() : clean).filename().string();
  declare_artifact(dir, "Analysis: the decoded and the directly trained network", "analysis.html",
                   analysis_html(label, result));
  return out;
}

}  // namespace innate
