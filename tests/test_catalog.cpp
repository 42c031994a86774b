// Tests that loop over the built-in catalog, so that an optimizer, an encoding or an
// environment added to it is tested without editing a test: every optimizer improves on
// a sphere and resumes from its saved state exactly; every encoding decodes to exactly
// the size it declares, deterministically, and (when differentiable) carries gradients
// that agree with central differences; every environment is deterministic from its
// seed, keeps its observations inside the bounds it declares and truncates on time.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cereal/archives/portable_binary.hpp>

#include <cmath>
#include <sstream>

#include "engine/base/error.hpp"
#include "engine/components/supervision.hpp"
#include "engine/run/checkpoint.hpp"
#include "tasks/catalog.hpp"
#include "tasks/control/envs/environment.hpp"
#include "tests/gradient_check.hpp"
#include "tests/support.hpp"

using namespace innate;
using innate::test::decode;
using innate::test::initial_genome;

namespace {

const std::vector<int> kLayers{4, 5, 3};

// A scenario of the built-in catalog with these overrides (the first task: any would do).
Scenario scenario_with(const std::vector<std::string>& sets) {
  return Scenario::from_text("[task]\n", "catalog.toml", sets, builtin_catalog().schema());
}

// Encoding `name` on the network 4-5-3, or without a network where it decodes to none.
std::unique_ptr<Encoding> encoding_named(const std::string& name) {
  const std::string choose = fmt::format("genome.encoding=\"{}\"", name);
  try {
    return make_encoding(scenario_with({choose, fmt::format("network.layers=[{}]", fmt::join(kLayers, ", "))}),
                         builtin_catalog());
  } catch (const InputError&) {
    return make_encoding(scenario_with({choose, "network.kind=\"none\""}), builtin_catalog());
  }
}

// The sphere as a task's labelled data would offer it: loss 0.5 |params - 1|^2.
class SphereSupervision final : public Supervision {
 public:
  void train(std::span<float> params, double learning_rate, std::size_t steps, Rng&) const override {
    for (std::size_t s = 0; s < steps; ++s)
      for (float& p : params) p -= static_cast<float>(learning_rate) * (p - 1.0f);
  }
  std::vector<std::size_t> training_examples(std::size_t, Rng) const override { return {}; }
  double gradient(std::span<const float> params, Rng&, std::span<float> grad) const override {
    double loss = 0;
    for (std::size_t i = 0; i < params.size(); ++i) {
      loss += 0.5 * double(params[i] - 1.0f) * double(params[i] - 1.0f);
      grad[i] += params[i] - 1.0f;
    }
    return loss;
  }
  Budget step_cost() const override { return {}; }
};

// The sphere's score of a genome through the direct encoding: 1 / (1 + |decode - 1|^2),
// positive, so selection proportional to fitness works too.
double sphere_score(const Encoding& e, const Eigen::VectorXf& genome) {
  const auto p = decode(e, std::vector<float>(genome.data(), genome.data() + genome.size()));
  double d = 0;
  for (float x : p) d += double(x - 1.0f) * double(x - 1.0f);
  return 1.0 / (1.0 + d);
}

struct Search {
  std::unique_ptr<Encoding> encoding;
  SphereSupervision supervision;
  std::unique_ptr<Optimizer> optimizer;
};

// Optimizer `entry` at its defaults on a direct genome of the network 4-5-3.
std::unique_ptr<Search> search_with(const OptimizerEntry& entry, std::uint64_t seed) {
  auto s = std::make_unique<Search>();
  const Scenario scenario = scenario_with({"genome.encoding=\"direct\"", "network.layers=[4, 5, 3]",
                                           fmt::format("optimizer.kind=\"{}\"", entry.choice.name)});
  s->encoding = make_encoding(scenario, builtin_catalog());
  const std::size_t population = entry.default_population ? entry.default_population(s->encoding->genome_size()) : 16;
  MlpShape shape = test::mlp_of(kLayers, Activation::relu);
  const OptimizerContext context{*s->encoding, population, seed, 100, &s->supervision, shape};
  try {
    s->optimizer = entry.make(scenario.section("optimizer"), context);
  } catch (const InputError&) {  // a method that improves one genome
    s->optimizer =
        entry.make(scenario.section("optimizer"), OptimizerContext{*s->encoding, 1, seed, 100, &s->supervision, shape});
  }
  return s;
}

void generation(Search& s, std::uint64_t g) {
  const Population& p = s.optimizer->ask(g);
  std::vector<double> scores(static_cast<std::size_t>(p.rows()));
  for (Eigen::Index i = 0; i < p.rows(); ++i) scores[std::size_t(i)] = sphere_score(*s.encoding, p.row(i).transpose());
  s.optimizer->tell(scores);
}

}  // namespace

TEST_CASE("catalog: every optimizer at its defaults improves its recommendation on a sphere") {
  for (const OptimizerEntry& entry : builtin_catalog().optimizers) {
    INFO(entry.choice.name);
    auto s = search_with(entry, 5);
    double first_best = 0;
    const Population& p0 = s->optimizer->ask(0);
    for (Eigen::Index i = 0; i < p0.rows(); ++i)
      first_best = std::max(first_best, sphere_score(*s->encoding, p0.row(i).transpose()));
    for (std::uint64_t g = 0; g < 100; ++g) generation(*s, g);
    const double last = sphere_score(*s->encoding, s->optimizer->recommendation());
    CHECK(last > first_best);
  }
}

TEST_CASE("catalog: every optimizer resumes from its saved state exactly") {
  for (const OptimizerEntry& entry : builtin_catalog().optimizers) {
    INFO(entry.choice.name);
    auto a = search_with(entry, 9), b = search_with(entry, 9);
    for (std::uint64_t g = 0; g < 7; ++g) generation(*a, g);
    std::stringstream blob;
    {
      cereal::PortableBinaryOutputArchive out(blob);
      a->optimizer->save(out);
    }
    cereal::PortableBinaryInputArchive in(blob);
    b->optimizer->load(in);
    CHECK(a->optimizer->recommendation() == b->optimizer->recommendation());
    CHECK(a->optimizer->ask(7) == b->optimizer->ask(7));
  }
}

TEST_CASE("catalog: every encoding decodes to the size it declares, the same from the same genome, and round-trips") {
  const std::size_t weights = 4 * 5 + 5 + 5 * 3 + 3;
  for (const EncodingEntry& entry : builtin_catalog().encodings) {
    INFO(entry.choice.name);
    const auto e = encoding_named(entry.choice.name);
    CHECK(e->genome_bits() >= 0.0);  // none: the weights come from birth alone (random)
    CHECK(e->genome_bits() <= 32.0 * double(e->genome_size()));
    if (e->network_params()) {
      CHECK(*e->network_params() == weights);
      CHECK(e->phenotype_size() == weights);
    }
    const auto genome = initial_genome(*e, 1);
    const auto phenotype = decode(*e, genome);
    CHECK(phenotype.size() == e->phenotype_size());
    CHECK(decode(*e, genome) == phenotype);
    for (float x : phenotype) CHECK(std::isfinite(x));
    if (e->genome_size() > 0) CHECK(initial_genome(*e, 2) != genome);  // a seed draws its own genome
    // genome.cereal round-trips it exactly, and refuses another encoding's or a cut file.
    const std::string tag = fmt::format("{}/{}", e->name(), e->genome_size());
    CHECK(read_genome_archive(genome_archive(tag, genome), tag, "g") == genome);
    CHECK_THROWS_AS(read_genome_archive(genome_archive(tag, genome), "other/1", "g"), InputError);
    CHECK_THROWS_AS(read_genome_archive(genome_archive(tag, genome).substr(0, 20), tag, "g"), InputError);
    // Its tensors tile the genome in order, as quantisation needs (engine/information/).
    std::size_t covered = 0;
    for (const auto& t : e->genome_tensors()) {
      CHECK(t.first == covered);
      covered += t.count;
    }
    CHECK(covered == e->genome_size());
  }
}

TEST_CASE("catalog: every differentiable encoding's gradient agrees with central differences") {
  for (const EncodingEntry& entry : builtin_catalog().encodings) {
    INFO(entry.choice.name);
    const auto e = encoding_named(entry.choice.name);
    if (!e->differentiable()) {
      std::vector<float> grad(e->genome_size());
      Rng birth = stream({3, 0, 0, Purpose::evaluate});
      CHECK_THROWS_AS(e->backward(initial_genome(*e, 7), std::vector<float>(e->phenotype_size()), grad, birth),
                      std::logic_error);
      continue;
    }
    if (e->genome_size() == 0) continue;
    const test::GradientCheck c = test::check_gradient(*e);
    CHECK(c.error < 1e-3);
    CHECK(c.stable_fraction >= 0.7);
  }
}

TEST_CASE("catalog: every environment is deterministic, inside its bounds, and truncates on time") {
  for (const std::string& name : environment_names()) {
    INFO(name);
    if (!environment_built(name)) continue;  // a MuJoCo body in a build without MuJoCo
    auto roll = [&](std::uint64_t seed) {
      auto env = make_environment(name);
      Rng rng = stream({seed, 0, 0, Purpose::common}), act = stream({seed, 0, 1, Purpose::task});
      env->reset(rng);
      const ObservationBounds bounds = env->observation_bounds();
      std::vector<float> obs(static_cast<std::size_t>(env->observation_size()));
      std::vector<double> trace;
      int steps = 0;
      for (; steps < env->max_steps(); ++steps) {
        env->observe(obs);
        for (std::size_t i = 0; i < obs.size(); ++i) {
          CHECK(obs[i] >= bounds.low[i]);
          CHECK(obs[i] <= bounds.high[i]);
        }
        std::vector<double> a(static_cast<std::size_t>(env->action_size()));
        for (double& v : a)
          v = env->discrete_actions() > 0
                  ? double(boost::random::uniform_int_distribution<int>(0, env->discrete_actions() - 1)(act))
                  : boost::random::uniform_real_distribution<double>(-env->max_action(), env->max_action())(act);
        const StepResult r = env->step(a);
        CHECK(std::isfinite(r.reward));
        trace.push_back(r.reward);
        trace.insert(trace.end(), env->state().begin(), env->state().end());
        if (r.terminated) break;
      }
      CHECK(steps <= env->max_steps());
      return trace;
    };
    const auto a = roll(1);
    CHECK(a == roll(1));
    CHECK(a != roll(2));
  }
}
