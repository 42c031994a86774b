// A task the engine has never heard of, added inside this file as a user would add one:
// a task, two encodings and a catalog, nothing in engine/ changed. The run loop writes its
// declared column, arms run side by side with the declared nature fraction, a sweep
// tabulates its declared scores, resume keeps what is finished, and the report draws its
// declared curve, column group and fraction.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "engine/base/files.hpp"
#include "engine/base/text.hpp"
#include "engine/optimizers/openai_es.hpp"
#include "engine/report/report.hpp"
#include "engine/studies/resume.hpp"
#include "engine/studies/sweep.hpp"
#include "tests/support.hpp"

using namespace innate;
using namespace innate::test;
namespace fs = std::filesystem;

namespace {

// "reach": the phenotype (size values) should equal the target t_i = i / size; the score
// is minus the mean squared error, the column its square root.
class Reach final : public Task {
 public:
  explicit Reach(int size) : size_(size) {}

  double evaluate(const Individual& individual, const Draws& draws, std::span<double> metrics) const override {
    const double mse = error(individual, draws.own());
    metrics[0] = std::sqrt(mse);
    return -mse;
  }

  FinalScores final_scores(const Individual& individual, const Budget& run, std::uint64_t seed,
                           const fs::path& dir) const override {
    Rng rng = stream({seed, 0, 0, Purpose::final_evaluation});
    const double mse = error(individual, rng);
    if (!dir.empty())  // the declared curve: the error as the phenotype is scaled from 0 to 1
      write_file_atomic(dir / "approach.csv", fmt::format("scale,error\n0,{}\n1,{}\n", target_power(), mse));
    FinalScores out;
    out.test = {{"floor", -target_power()}, {kind_, -mse}};
    out.budgets = {{kind_, run}};
    return out;
  }

  static TaskEntry entry() {
    TaskEntry e;
    e.choice = {
        "reach", "match a ramp", {{"size", "8", "values in the phenotype"}, {"arms", "[]", "arms side by side"}}};
    e.measures.columns = {"distance"};
    e.measures.groups = {{"distance to the ramp", "root mean squared error", {"distance"}}};
    e.measures.scores = {"floor", "compact", "full"};
    e.measures.fraction = {"floor", "compact", "full"};
    e.measures.curves = {{"approach.csv", "scale", "error along the way", "scale", "mean squared error"}};
    e.measures.arms = {{"compact", {{"genome", "compact"}}, {}}, {"full", {{"genome", "full"}}, {}}};
    e.make = [](const Section& cfg, const TaskContext& context) -> std::unique_ptr<Task> {
      auto task = std::make_unique<Reach>(static_cast<int>(cfg.integer("size", 1, 1000)));
      task->kind_ = context.encoding.name();
      return task;
    };
    return e;
  }

 private:
  double target(int i) const { return double(i) / size_; }
  double target_power() const {
    double p = 0;
    for (int i = 0; i < size_; ++i) p += target(i) * target(i);
    return p / size_;
  }
  double error(const Individual& individual, Rng& rng) const {
    std::vector<float> phenotype(static_cast<std::size_t>(size_));
    individual.develop(phenotype, rng);
    double e = 0;
    for (int i = 0; i < size_; ++i) e += std::pow(phenotype[std::size_t(i)] - target(i), 2);
    return e / size_;
  }
  int size_;
  std::string kind_;
};

// "full": a gene per value; "compact": one gene for every value.
class Ramp final : public Encoding {
 public:
  Ramp(std::size_t genes, std::size_t size, std::string name) : genes_(genes), size_(size), name_(std::move(name)) {}
  std::string name() const override { return name_; }
  std::size_t genome_size() const override { return genes_; }
  double genome_bits() const override { return 32.0 * double(genes_); }
  GeneDomain domain() const override { return {0}; }
  void initialise(std::span<float> genome, Rng&) const override { std::fill(genome.begin(), genome.end(), 0.0f); }
  std::size_t phenotype_size() const override { return size_; }
  void decode(GenomeView genome, std::span<float> phenotype, Rng&) const override {
    for (std::size_t i = 0; i < size_; ++i) phenotype[i] = genome[genes_ == 1 ? 0 : i];
  }

 private:
  std::size_t genes_, size_;
  std::string name_;
};

Catalog reach_catalog() {
  Catalog c;
  c.tasks = {Reach::entry()};
  // The size comes from the task's section, which an encoding does not see: these tests
  // fix it at 8 for the encodings and vary only what the task reads.
  for (bool compact : {true, false})
    c.encodings.push_back({{compact ? "compact" : "full", "a ramp's genes", {}},
                           [compact](const Section&, const EncodingContext&) -> std::unique_ptr<Encoding> {
                             return std::make_unique<Ramp>(compact ? 1 : 8, 8, compact ? "compact" : "full");
                           }});
  c.optimizers = {OpenAiEs::entry()};
  c.lifetimes = {no_lifetime_entry()};
  return c;
}

Scenario reach_scenario(const Catalog& catalog, const std::vector<std::string>& sets = {}) {
  return Scenario::from_text(R"(
[task]
name = "reach"
size = 8
arms = ["compact", "full"]
[genome]
encoding = "full"
[optimizer]
kind = "openai_es"
learning_rate = 0.05
[run]
name = "reach"
generations = 60
population = 16
)",
                             "(reach)", sets, catalog.schema());
}

}  // namespace

TEST_CASE("a task of the user's own: its columns, arms, fraction, sweep, resume and report, no engine change") {
  const Catalog catalog = reach_catalog();
  TempDir tmp;
  RunOptions options;
  options.quiet = true;
  options.threads = 2;

  options.out = tmp / "arms";
  REQUIRE(start(reach_scenario(catalog), catalog, options) == 0);
  CHECK(slurp(tmp / "arms" / "full" / "metrics.csv").rfind("generation,best,mean,std,distance\n", 0) == 0);
  const auto result = nlohmann::json::parse(slurp(tmp / "arms" / "result.json"));
  const double floor = result["scores"]["floor"], compact = result["scores"]["compact"],
               full = result["scores"]["full"];
  // The best constant is the ramp's mean, 7/16: no compact genome can beat minus the variance.
  double variance = 0;
  for (int i = 0; i < 8; ++i) variance += std::pow(i / 8.0 - 7.0 / 16.0, 2) / 8;
  CHECK(compact <= -variance + 1e-6);
  CHECK(compact > floor);
  CHECK(full > compact);
  CHECK(double(result["nature_fraction"]) == doctest::Approx((compact - floor) / (full - floor)));
  CHECK(result["arms"]["compact"]["genome_params"] == 1);

  // Resume of a finished set of arms keeps every arm as it is.
  const std::string before = slurp(tmp / "arms" / "full" / "metrics.csv");
  CHECK(sub_run_state(tmp / "arms" / "full") == SubRunState::finished);
  REQUIRE(resume(tmp / "arms", catalog, options) == 0);
  CHECK(slurp(tmp / "arms" / "full" / "metrics.csv") == before);

  // A sweep over a key of the task tabulates the declared scores and fraction.
  options.out = tmp / "sweep";
  REQUIRE(run_sweep(reach_scenario(catalog, {"task.arms=[]"}), parse_vary("run.generations=2;4"), catalog, options) ==
          0);
  const std::string csv = slurp(tmp / "sweep" / "sweep.csv");
  CHECK(csv.rfind("value,genome_params,genome_bits,compression,floor,compact,full,nature_fraction\n2,8,256,,", 0) == 0);

  // The report draws what was declared.
  const std::string html = render_report({tmp / "arms", tmp / "sweep"}, catalog);
  CHECK(html.find("arms/full: error along the way") != std::string::npos);
  CHECK(html.find("arms/full: distance to the ramp") != std::string::npos);
  CHECK(html.find("(compact - floor) / (full - floor)") != std::string::npos);
  CHECK(html.find("sweep: score against genome size") != std::string::npos);
  CHECK(html.find("data-bar=\"compact\"") != std::string::npos);
}
