#include <doctest/doctest.h>

#include "engine/base/error.hpp"
#include "genomes/hebbian.hpp"
#include "genomes/random_weights.hpp"
#include "tasks/catalog.hpp"

#include "tests/support.hpp"

using namespace innate;

namespace {

MlpShape net(std::vector<int> sizes) { return test::mlp_of(std::move(sizes), Activation::tanh); }

std::unique_ptr<Lifetime> lifetime_from(const std::vector<std::string>& sets) {
  const std::string text =
      "[task]\nname = \"control\"\n[genome]\nencoding = \"random\"\n[network]\nlayers = [4, 32, 2]\n"
      "[lifetime]\nkind = \"hebbian\"\n";
  const Scenario s = Scenario::from_text(text, "h.toml", sets, builtin_catalog().schema());
  const auto enc = make_encoding(s, builtin_catalog());
  return make_lifetime(s, builtin_catalog(), *enc);
}

}  // namespace

TEST_CASE("Hebbian ABCD update on a hand-computed synapse") {
  HebbianRules rules(net({2, 1}), HebbianRules::Sharing::per_synapse, {}, 0, false);
  REQUIRE(rules.genome_size() == 2 * 5);
  // synapse (0,0): eta 0.5, A 1, B 2, C 3, D 4; synapse (0,1): eta 1, A 0, B 0, C 0, D -1
  const std::vector<float> genes{0.5f, 1, 2, 3, 4, 1, 0, 0, 0, -1};
  Plasticity p;
  rules.expand(genes, p);
  Eigen::VectorXf params(3);
  params << 0.1f, 0.2f, 0.0f;  // W = [0.1 0.2], b = 0
  Matrix pre(2, 1), post(1, 1);
  pre << 0.5f, -1.0f;
  post << 0.8f;
  rules.update(p, 0, net({2, 1}).weight(params.data(), 0), pre, post);
  // dw00 = 0.5 (1*0.8*0.5 + 2*0.8 + 3*0.5 + 4) = 0.5 * 7.5 = 3.75; dw01 = 1 * (-1) = -1
  CHECK(params[0] == doctest::Approx(0.1 + 3.75));
  CHECK(params[1] == doctest::Approx(0.2 - 1.0));
  CHECK(params[2] == 0.0f);  // biases are not plastic
}

TEST_CASE("rule sharing sets the number of rules: per synapse, per type pair, K shared") {
  CHECK(lifetime_from({})->genome_size() == 5 * (4 * 32 + 32 * 2));
  CHECK(lifetime_from({"lifetime.rules=\"per_type_pair\"", "lifetime.types=[2, 4, 2]"})->genome_size() ==
        5 * (4 * 2 + 2 * 4));
  CHECK(lifetime_from({"lifetime.rules=10"})->genome_size() == 5 * 10);
  CHECK_THROWS_AS(lifetime_from({"lifetime.rules=\"per_type_pair\""}), InputError);
  CHECK_THROWS_AS(lifetime_from({"lifetime.rules=\"per_type_pair\"", "lifetime.types=[2, 2]"}), InputError);
  CHECK_THROWS_AS(lifetime_from({"lifetime.rules=\"per_nothing\""}), InputError);
}

TEST_CASE("per-type-pair rules: every synapse of a block follows its block's rule") {
  HebbianRules rules(net({4, 2}), HebbianRules::Sharing::per_type_pair, {{0, 0, 1, 1}, {0, 1}}, 0, false);
  REQUIRE(rules.rules() == 4);
  std::vector<float> genes(20);
  for (int r = 0; r < 4; ++r) genes[static_cast<std::size_t>(5 * r + 4)] = float(r + 1);  // D of rule r = r + 1
  Plasticity p;
  rules.expand(genes, p);
  // rule index = post type * 2 + pre type
  CHECK(p.layers[0].d(0, 0) == 1);
  CHECK(p.layers[0].d(0, 3) == 2);
  CHECK(p.layers[0].d(1, 1) == 3);
  CHECK(p.layers[0].d(1, 2) == 4);
}

TEST_CASE("random weights are drawn afresh at every birth within the range") {
  RandomWeights enc(net({4, 8, 2}), 0.1f);
  std::vector<float> a(enc.network().param_count()), b(a.size());
  Rng r1 = stream({1, 0, 0, Purpose::evaluate}), r2 = stream({1, 0, 1, Purpose::evaluate});
  enc.decode({}, a, r1);
  enc.decode({}, b, r2);
  CHECK(a != b);
  for (float w : a) CHECK(std::abs(w) <= 0.1f);
  CHECK(enc.network().bias(a.data(), 0).isZero());
}

TEST_CASE("per-type-pair rules can take their types from a celltype genome") {
  const std::string text =
      "[task]\nname = \"control\"\n[genome]\nencoding = \"celltype\"\ntypes = 3\n[network]\n"
      "layers = [4, 32, 2]\n[lifetime]\nkind = \"hebbian\"\nrules = \"per_type_pair\"\n";
  const Scenario s = Scenario::from_text(text, "h.toml", {}, builtin_catalog().schema());
  const auto enc = make_encoding(s, builtin_catalog());
  // types per layer: min(3, n) = 3, 3, 2 -> 3*3 + 2*3 = 15 rules
  CHECK(make_lifetime(s, builtin_catalog(), *enc)->genome_size() == 5 * 15);
}
