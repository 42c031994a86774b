#include "scenarios/images/analyze.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <numeric>

#include "engine/checkpoint.hpp"
#include "engine/error.hpp"
#include "engine/representation.hpp"
#include "engine/text.hpp"
#include "scenarios/images/dataset.hpp"
#include "scenarios/images/training.hpp"

namespace innate {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

Eigen::VectorXf load_network(const fs::path& path, const MlpShape& shape) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw InputError(fmt::format("{}: not found (innate analyze needs an image run with the direct arm)", path.string()));
  const auto genes = read_genome_archive(read_file(path), fmt::format("network/{}", fmt::join(shape.sizes, "-")));
  if (genes.size() != shape.param_count()) throw InputError(fmt::format("{}: network of another size", path.string()));
  return Eigen::Map<const Eigen::VectorXf>(genes.data(), static_cast<Eigen::Index>(genes.size()));
}

// Hidden activations of every hidden layer, (samples x units) each, in double.
std::vector<Eigen::MatrixXd> hidden(const MlpShape& shape, const Eigen::VectorXf& params, const Matrix& images) {
  MlpWorkspace ws;
  mlp_forward(shape, params.data(), images, ws);
  std::vector<Eigen::MatrixXd> out;
  for (int k = 0; k + 1 < shape.layers(); ++k) out.push_back(ws.a[static_cast<std::size_t>(k)].transpose().cast<double>());
  return out;
}

}  // namespace

fs::path analyze_run(const fs::path& dir, const Catalog& catalog, int samples) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / "scenario.toml", ec))
    throw InputError(fmt::format("{}: not a run directory (no scenario.toml)", dir.string()));
  const Scenario scenario = Scenario::from_file(dir / "scenario.toml", {}, catalog.schema());
  const Section task = scenario.section("task");
  if (task.text("name") != "images") throw InputError(fmt::format("{}: innate analyze needs an image run", dir.string()));
  const EncodingContext context = encoding_context(scenario, catalog);
  const MlpShape& shape = *context.network;
  const Eigen::VectorXf innate = load_network(dir / "innate_network.cereal", shape);
  const Eigen::VectorXf direct = load_network(dir / "direct_network.cereal", shape);
  const Split data = load_dataset(task.text("dataset"), task.real("validation_fraction", 0.0, 1.0));
  const auto n = std::min<Eigen::Index>(samples, static_cast<Eigen::Index>(data.test.size()));
  Dataset test = data.test;
  test.images = data.test.images.leftCols(n);
  test.labels.resize(static_cast<std::size_t>(n));

  Json result;
  result["samples"] = n;
  const auto hi = hidden(shape, innate, test.images), hd = hidden(shape, direct, test.images);
  Json layers = Json::array();
  const Eigen::Index rsa_n = std::min<Eigen::Index>(n, 300);
  for (std::size_t k = 0; k < hi.size(); ++k) {
    Json l;
    l["layer"] = k + 1;
    l["units"] = hi[k].cols();
    l["cka"] = linear_cka(hi[k], hd[k]);
    l["rsa"] = rsa(hi[k].topRows(rsa_n), hd[k].topRows(rsa_n));
    l["participation_ratio"] = {{"innate", participation_ratio(hi[k])}, {"direct", participation_ratio(hd[k])}};
    layers.push_back(l);
  }
  result["layers"] = layers;

  // Ablation: silence hidden units (zero their outgoing weights) in one fixed random order.
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
  result["ablation"] = {{"fraction", fractions}, {"innate", acc_innate}, {"direct", acc_direct}};
  const fs::path out = dir / "analysis.json";
  write_file_atomic(out, result.dump(2) + "\n");
  return out;
}

}  // namespace innate
