#include <doctest/doctest.h>

#include <fmt/format.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <boost/random/normal_distribution.hpp>

#include <cmath>

#include "engine/base/error.hpp"
#include "engine/run/checkpoint.hpp"
#include "genomes/celltype.hpp"
#include "genomes/connectome.hpp"
#include "genomes/cppn.hpp"
#include "genomes/direct.hpp"
#include "genomes/gnet.hpp"
#include "tasks/catalog.hpp"

#include "tests/gradient_check.hpp"
#include "tests/support.hpp"

using namespace innate;

namespace {

MlpShape mlp(std::vector<int> sizes) { return test::mlp_of(std::move(sizes), Activation::relu); }

std::vector<float> genome_for(const Encoding& e, std::uint64_t seed = 7) {
  std::vector<float> g(e.genome_size());
  Rng rng = stream({seed, 0, 0, Purpose::initialise});
  e.initialise(g, rng);
  return g;
}

std::vector<float> decoded(const NetworkEncoding& e, const std::vector<float>& g, std::uint64_t birth_seed = 3) {
  std::vector<float> params(e.network().param_count());
  Rng birth = stream({birth_seed, 0, 0, Purpose::evaluate});
  e.decode(g, params, birth);
  return params;
}

// backward() against central differences over every gene (the networks are small), on
// the genes whose difference quotient is stable (at least 70% of them).
double gradient_error(const Encoding& e) {
  const test::GradientCheck c = test::check_gradient(e);
  CHECK(c.stable_fraction >= 0.7);
  return c.error;
}

std::unique_ptr<Encoding> from_scenario(const std::vector<std::string>& sets) {
  const std::string text = "[task]\n[network]\nlayers = [784, 800, 10]\n";
  return make_encoding(Scenario::from_text(text, "t.toml", sets, builtin_catalog().schema()), builtin_catalog());
}

}  // namespace

TEST_CASE("g-network sizes match Shuvaev et al.: GN5 613, GN20 1353, GN30 1973 for 784-800-10") {
  struct Row {
    std::string hidden;
    std::size_t params;
    double compression;
  };
  for (const Row& row : {Row{"[10, 5]", 613, 1038}, Row{"[20, 10]", 1353, 470}, Row{"[30, 10]", 1973, 322}}) {
    const auto e = from_scenario({"genome.encoding=\"gnet\"", "genome.hidden=" + row.hidden});
    CHECK(e->genome_size() == row.params);
    CHECK(*e->network_params() == 636010);
    CHECK(std::round(636010.0 / double(e->genome_size())) == row.compression);
    CHECK(e->genome_bits() == 32.0 * double(row.params));
  }
}

TEST_CASE("identity codes: Gray-coded pixels, binary hidden units, one-hot outputs") {
  const Matrix img = image_codes(28, 28);
  CHECK(img.rows() == 10);
  // pixel x = 3, y = 5: Gray(3) = 00010, Gray(5) = 00111
  const Eigen::VectorXf expected = (Eigen::VectorXf(10) << 0, 0, 0, 1, 0, 0, 0, 1, 1, 1).finished();
  CHECK(img.col(5 * 28 + 3) == expected);
  const Matrix hidden = binary_codes(800);
  CHECK(hidden.rows() == 10);
  CHECK(hidden.col(0) == (Eigen::VectorXf(10) << 0, 0, 0, 0, 0, 0, 0, 0, 0, 1).finished());    // unit 1
  CHECK(hidden.col(799) == (Eigen::VectorXf(10) << 1, 1, 0, 0, 1, 0, 0, 0, 0, 0).finished());  // 800
  CHECK(one_hot_codes(10) == Matrix::Identity(10, 10));
  // Gray codes of neighbouring pixels differ in one bit.
  CHECK((img.col(28 * 5 + 3) - img.col(28 * 5 + 4)).cwiseAbs().sum() == 1.0f);
}

TEST_CASE("g-net decode equals the naive evaluation of g on every concatenated code pair") {
  GNet e(mlp({12, 7, 4}), {3, 4}, {6, 3}, {2}, Activation::relu);
  const auto g = genome_for(e);
  const auto params = decoded(e, g);
  MlpWorkspace ws;
  for (int k = 0; k < 2; ++k) {
    const auto w = e.network().weight(params.data(), k);
    const Matrix &post = e.codes(k + 1), &pre = e.codes(k);
    for (Eigen::Index i = 0; i < w.rows(); ++i)
      for (Eigen::Index j = 0; j < w.cols(); ++j) {
        Matrix pair(post.rows() + pre.rows(), 1);
        pair << post.col(i), pre.col(j);
        const float naive = mlp_forward(e.gnet(k), g.data() + e.gnet_offset(k), pair, ws)(0, 0);
        CHECK(w(i, j) == doctest::Approx(naive).epsilon(1e-5));
      }
  }
}

TEST_CASE("CPPN weights are the CPPN evaluated at the substrate coordinates") {
  Cppn e(mlp({6, 3}), {2, 3}, {5}, {Activation::sin}, {3});
  const auto g = genome_for(e);
  const auto params = decoded(e, g);
  const auto w = e.network().weight(params.data(), 0);
  MlpWorkspace ws;
  // Input pixel (x=2, y=1) of a 2x3 image sits at (1, 1); output unit 0 of 3 at (-1, 0).
  Matrix in(5, 1);
  in << -1, 0, 1, 1, std::sqrt(4.0f + 1.0f);
  CHECK(w(0, 5) == doctest::Approx(mlp_forward(e.weight_cppn(0), g.data() + e.weight_offset(0), in, ws)(0, 0)));
}

TEST_CASE("connectome: W = s X_post O X_pre^T on a hand-computed case") {
  Connectome e(mlp({2, 2}), 1, true, 0);
  CHECK(e.genome_size() == 2 + 2 + 1 + 2);
  // X_pre = [1, 2], X_post = [3, 4], O = [0.5], biases [0.1, 0.2]; s = sqrt(2/2) / 1 = 1.
  const std::vector<float> g{1, 2, 3, 4, 0.5f, 0.1f, 0.2f};
  const auto p = decoded(e, g);
  const auto w = e.network().weight(p.data(), 0);
  CHECK(w(0, 0) == doctest::Approx(1.5));
  CHECK(w(0, 1) == doctest::Approx(3.0));
  CHECK(w(1, 0) == doctest::Approx(2.0));
  CHECK(w(1, 1) == doctest::Approx(4.0));
  CHECK(e.network().bias(p.data(), 0)(1) == doctest::Approx(0.2));
}

TEST_CASE("connectome weights start at the Kaiming scale") {
  Connectome e(mlp({400, 300}), 9, true, 0);
  const auto p = decoded(e, genome_for(e));
  const auto w = e.network().weight(p.data(), 0);
  const double mean = w.mean(), var = (w.array() - float(mean)).square().mean();
  CHECK(std::sqrt(var) == doctest::Approx(std::sqrt(2.0 / 400)).epsilon(0.15));
}

TEST_CASE("g-net weights start zero-mean at start_scale times the Kaiming scale of their layer") {
  for (float scale : {1.0f, 0.1f}) {
    INFO(scale);
    GNet e(mlp({784, 100, 10}), {28, 28}, {10, 5}, {5}, Activation::relu, scale);
    const auto p = decoded(e, genome_for(e));
    for (int k = 0; k < 2; ++k) {
      const auto w = e.network().weight(p.data(), k);
      const double mean = w.cast<double>().mean();
      const double sd = std::sqrt((w.cast<double>().array() - mean).square().mean());
      CHECK(std::abs(mean) < 1e-3 * sd);
      CHECK(sd == doctest::Approx(scale * std::sqrt(2.0 / double(e.network().sizes[std::size_t(k)]))).epsilon(1e-3));
    }
  }
  CHECK_THROWS_WITH_AS(GNet(mlp({4, 2}), {}, {3}, {2}, Activation::relu, 0.0f),
                       "GNet(): genome.start_scale must be positive", InputError);
}

TEST_CASE("cell types: every weight of a block is its mean, sampled blocks scatter by the spread") {
  CellType fixed(mlp({4, 2}), 2, false);
  CHECK(fixed.genome_size() == 2 * 2 * 2 + 2);
  // means (post x pre) column-major: m00=1, m10=2, m01=3, m11=4; spreads 0; biases 5, 6
  const std::vector<float> g{1, 2, 3, 4, 0, 0, 0, 0, 5, 6};
  const auto p = decoded(fixed, g);
  const auto w = fixed.network().weight(p.data(), 0);
  // input units 0,1 are type 0 and 2,3 type 1; the 2 outputs are types 0 and 1
  CHECK(w(0, 0) == 1);
  CHECK(w(0, 1) == 1);
  CHECK(w(0, 2) == 3);
  CHECK(w(1, 3) == 4);
  CHECK(w(1, 1) == 2);
  CHECK(fixed.network().bias(p.data(), 0)(1) == 6);

  CellType sampled(mlp({2000, 2}), 1, true);
  const std::vector<float> gs{0.5f, 0.1f, 0.0f};  // mean 0.5, spread 0.1, bias 0
  const auto ps = decoded(sampled, gs);
  const auto ws = sampled.network().weight(ps.data(), 0);
  const double m = ws.mean(), sd = std::sqrt((ws.array() - float(m)).square().mean());
  CHECK(m == doctest::Approx(0.5).epsilon(0.01));
  CHECK(sd == doctest::Approx(0.1).epsilon(0.05));
  CHECK(decoded(sampled, gs, 3) == ps);  // the same birth stream, the same weights
  CHECK(decoded(sampled, gs, 4) != ps);  // another birth, other weights
}

TEST_CASE("direct quantisation rounds to 2^bits levels over [-range, range]") {
  Direct e(mlp({1, 1}), 2, 1.0f);  // levels -1, -1/3, 1/3, 1
  CHECK(e.quantise(0.2f) == doctest::Approx(1.0 / 3));
  CHECK(e.quantise(-0.9f) == doctest::Approx(-1.0));
  CHECK(e.quantise(5.0f) == doctest::Approx(1.0));
  CHECK(e.quantise(-0.2f) == doctest::Approx(-1.0 / 3));
  CHECK(e.genome_bits() == 2.0 * 2);
  Direct full(mlp({1, 1}), 32, 1.0f);
  CHECK(full.quantise(0.123456f) == 0.123456f);
}

TEST_CASE("every backward pass agrees with finite differences") {
  const MlpShape net = mlp({6, 5, 3});
  SUBCASE("direct") { CHECK(gradient_error(Direct(net, 32, 1.0f)) < 1e-3); }
  SUBCASE("gnet, relu") { CHECK(gradient_error(GNet(net, {2, 3}, {4, 3}, {2}, Activation::relu)) < 1e-3); }
  SUBCASE("gnet, tanh") { CHECK(gradient_error(GNet(net, {}, {4, 3}, {2}, Activation::tanh)) < 1e-3); }
  SUBCASE("gnet, more post units than one parallel block") {
    CHECK(gradient_error(GNet(mlp({6, 70, 3}), {}, {4, 3}, {2}, Activation::tanh)) <
          1e-3);  // smooth: 70 x 6 pairs straddle ReLU kinks
  }
  SUBCASE("connectome, learned expression") { CHECK(gradient_error(Connectome(net, 3, true, 0)) < 1e-3); }
  SUBCASE("connectome, fixed expression") { CHECK(gradient_error(Connectome(net, 3, false, 5)) < 1e-3); }
  SUBCASE("cppn") {
    CHECK(gradient_error(Cppn(net, {2, 3}, {4, 3}, {Activation::sin, Activation::gaussian}, {2})) < 1e-3);
  }
  SUBCASE("celltype, mean weights") { CHECK(gradient_error(CellType(net, 2, false)) < 1e-3); }
  SUBCASE("celltype, sampled weights") { CHECK(gradient_error(CellType(net, 2, true)) < 1e-3); }
}

TEST_CASE("decoding and its backward are deterministic and independent of the thread count") {
  GNet e(mlp({784, 64, 10}), {28, 28}, {30, 10}, {5}, Activation::relu);
  std::vector<std::vector<float>> genomes;
  for (std::uint64_t s = 0; s < 6; ++s) genomes.push_back(genome_for(e, s));
  auto decode_all = [&](int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    std::vector<std::vector<float>> out(genomes.size());
    tbb::parallel_for(std::size_t{0}, genomes.size(), [&](std::size_t i) { out[i] = decoded(e, genomes[i]); });
    return out;
  };
  const auto one = decode_all(1);
  CHECK(decode_all(3) == one);
  CHECK(decode_all(2) == one);
  // One genome alone: its decode and backward split the post units over the threads.
  // Eigen-allocated buffers, as the engine's own: a product's rounding may follow the
  // alignment of a plain vector's memory, which varies from one allocation to the next.
  const Eigen::VectorXf genome = Eigen::Map<const Eigen::VectorXf>(genomes[0].data(), Eigen::Index(genomes[0].size()));
  const Eigen::VectorXf r = Eigen::VectorXf::Constant(Eigen::Index(e.network().param_count()), 1e-3f);
  auto backward = [&] {
    Eigen::VectorXf grad = Eigen::VectorXf::Zero(Eigen::Index(e.genome_size()));
    Rng birth = stream({3, 0, 0, Purpose::evaluate});
    e.backward({genome.data(), std::size_t(genome.size())}, {r.data(), std::size_t(r.size())},
               {grad.data(), std::size_t(grad.size())}, birth);
    return grad;
  };
  Eigen::VectorXf backward_one;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    backward_one = backward();
  }
  for (int threads : {2, 3}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    CHECK(decoded(e, genomes[0]) == one[0]);
    CHECK(backward() == backward_one);
  }
}

// Found by fuzz/checkpoint.cpp: a damaged gene count asked the allocator for 2^60 floats.
TEST_CASE("a genome archive claiming more genes than it holds is refused before allocating") {
  const std::string tag = "direct/3";
  std::string bytes = genome_archive(tag, std::vector<float>{1.0f, 2.0f, 3.0f});
  const std::size_t count_at = 1 + 8 + tag.size();  // endianness byte, tag length, tag
  REQUIRE(bytes[count_at] == 3);
  bytes[count_at + 7] = 0x10;  // 2^60 + 3 genes, little-endian
  try {
    read_genome_archive(bytes, tag, "run/genome.cereal");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "run/genome.cereal: truncated genome archive");
  }
}

TEST_CASE("a network encoding without a [network] section is a clear input error") {
  try {
    make_encoding(Scenario::from_text("[task]\n", "t.toml", {"genome.encoding=gnet"}, builtin_catalog().schema()),
                  builtin_catalog());
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("add a [network] section") != std::string::npos);
  }
}

TEST_CASE("entry-wise decode and backward agree with the full passes (g-net, connectome)") {
  GNet gnet(mlp({12, 7, 4}), {3, 4}, {6, 3}, {2}, Activation::relu);
  Connectome learned(mlp({12, 7, 4}), 3, true, 0), fixed(mlp({12, 7, 4}), 3, false, 2);
  for (const NetworkEncoding* enc :
       {static_cast<const NetworkEncoding*>(&gnet), static_cast<const NetworkEncoding*>(&learned),
        static_cast<const NetworkEncoding*>(&fixed)}) {
    const NetworkEncoding& e = *enc;
    const auto g = genome_for(e);
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < e.network().param_count(); i += 3)
      idx.push_back(i);  // weights and biases of both layers
    std::vector<float> fast(idx.size()), slow(idx.size()), grads(idx.size());
    Rng r1 = stream({1, 0, 0, Purpose::evaluate}), r2 = r1;
    e.decode_entries(g, idx, fast, r1);
    e.Encoding::decode_entries(g, idx, slow, r2);
    for (std::size_t k = 0; k < idx.size(); ++k) CHECK(fast[k] == doctest::Approx(slow[k]).epsilon(1e-5));
    for (std::size_t k = 0; k < idx.size(); ++k) grads[k] = std::sin(float(k));
    std::vector<float> gf(g.size(), 0.0f), gs(g.size(), 0.0f);
    e.backward_entries(g, idx, grads, gf, r1);
    e.Encoding::backward_entries(g, idx, grads, gs, r2);
    for (std::size_t k = 0; k < g.size(); ++k) CHECK(gf[k] == doctest::Approx(gs[k]).epsilon(1e-4));
  }
}
