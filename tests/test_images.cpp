// The image task end to end on a small synthetic IDX dataset written by the test: every
// arm scored, curve and networks written, byte-identical across thread counts, resume
// after SIGKILL equal to an uninterrupted run, for both gradient fitting optimizers.
#include <doctest/doctest.h>

#include <signal.h>
#include <zlib.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include <boost/random/normal_distribution.hpp>

#include "engine/base/rng.hpp"
#include "engine/information/quantise.hpp"
#include "engine/optimizers/genome_fitting.hpp"
#include "engine/run/bound.hpp"
#include "engine/run/checkpoint.hpp"
#include "tasks/catalog.hpp"
#include "tests/support.hpp"

using namespace innate;
using namespace innate::test;
namespace fs = std::filesystem;

namespace {

// 6x6 images of 3 classes: class c brightens a 2x6 band, plus noise.
void write_dataset(const fs::path& dir, std::uint32_t draw = 0) {
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& bytes) {
    gzFile f = gzopen((dir / name).c_str(), "wb");
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
  };
  auto header = [](std::uint8_t rank, std::vector<std::uint32_t> dims) {
    std::string b{'\0', '\0', '\x08', static_cast<char>(rank)};
    for (auto d : dims)
      for (int s = 24; s >= 0; s -= 8) b += static_cast<char>((d >> s) & 0xff);
    return b;
  };
  for (const auto& [prefix, n, seed] : {std::tuple{"train", 600u, 1u + draw}, std::tuple{"t10k", 300u, 2u + draw}}) {
    std::string images = header(3, {n, 6, 6}), labels = header(1, {n});
    Rng rng = stream({seed, 0, 0, Purpose::task});
    boost::random::normal_distribution<double> noise(0.0, 40.0);
    for (std::uint32_t i = 0; i < n; ++i) {
      const int c = static_cast<int>(i % 3);
      labels += static_cast<char>(c);
      for (int p = 0; p < 36; ++p) {
        const double v = (p / 12 == c ? 160.0 : 40.0) + noise(rng);
        images += static_cast<char>(static_cast<std::uint8_t>(std::clamp(v, 0.0, 255.0)));
      }
    }
    write(std::string(prefix) + "-images-idx3-ubyte.gz", images);
    write(std::string(prefix) + "-labels-idx1-ubyte.gz", labels);
  }
}

std::string scenario(const fs::path& data, const std::string& optimizer) {
  return fmt::format(R"([task]
name = "images"
dataset = "{}"
image_shape = [6, 6]
eval_images = 200
batch = 20
nurture_steps = 30
curve_points = 6
direct_epochs = 2

[genome]
encoding = "gnet"
hidden = [6, 4]
bias_hidden = [3]

[network]
layers = [36, 16, 3]

[optimizer]
kind = "{}"
batches = 5
{}
[run]
generations = 8
population = 1
checkpoint_every = 3
)",
                     data.string(), optimizer,
                     optimizer == "intermittent" ? "samples = [300, 30]\nfit_batch = 100\nfit_anneal = 0.1\n" : "");
}

// The scenario searched by SNES, 8 individuals a generation.
std::string snes_scenario(const fs::path& data) {
  std::string text = scenario(data, "snes");
  text.replace(text.find("batches = 5\n"), 12, "");
  text.replace(text.find("population = 1"), 14, "population = 8");
  return text;
}

}  // namespace

TEST_CASE("images: all arms, curve and networks, the same bytes for 1 and 2 threads, exact resume") {
  TempDir tmp;
  write_dataset(tmp / "data");
  for (const char* optimizer : {"intermittent", "gradient"}) {
    INFO(optimizer);
    const fs::path file = tmp / (std::string(optimizer) + ".toml");
    std::ofstream(file) << scenario(tmp / "data", optimizer);
    const fs::path one = tmp / (std::string(optimizer) + "1"), two = tmp / (std::string(optimizer) + "2"),
                   cut = tmp / (std::string(optimizer) + "cut");
    REQUIRE(run_innate(fmt::format("run {} --quiet --threads 1 --out {}", file.string(), one.string())).code == 0);
    REQUIRE(run_innate(fmt::format("run {} --quiet --threads 2 --out {}", file.string(), two.string())).code == 0);
    for (const char* f : {"metrics.csv", "result.json", "curve.csv"}) CHECK(slurp(one / f) == slurp(two / f));
    const std::string result = slurp(one / "result.json");
    for (const char* arm : {"chance", "innate", "hot_start", "cold_start", "direct"})
      CHECK(result.find(fmt::format("\"{}\"", arm)) != std::string::npos);
    const std::string curve = slurp(one / "curve.csv");
    CHECK(curve.rfind("examples,hot_start,cold_start\n0,", 0) == 0);
    CHECK(std::count(curve.begin(), curve.end(), '\n') == 8);  // header, 0 and 6 log-spaced points up to 30 steps
    CHECK(fs::file_size(one / "innate_network.cereal") > 36 * 16 * 4);
    CHECK(fs::exists(one / "direct_network.cereal"));
    CHECK(run_innate(fmt::format("run {} --quiet --out {}", file.string(), cut.string()),
                     "INNATE_TEST_KILL_AFTER_GENERATION=5")
              .code == 128 + SIGKILL);
    const auto resumed = run_innate("resume " + cut.string() + " --quiet");
    INFO(resumed.err);
    REQUIRE(resumed.code == 0);
    CHECK(slurp(cut / "metrics.csv") == slurp(one / "metrics.csv"));
    CHECK(slurp(cut / "result.json") == result);
  }
}

TEST_CASE("images: an evolution strategy on the genome, and SGD training, run end to end") {
  TempDir tmp;
  write_dataset(tmp / "data");
  std::string text = scenario(tmp / "data", "openai_es");
  text.replace(text.find("batches = 5\n"), 12, "sigma = 0.05\n");
  text.replace(text.find("population = 1"), 14, "population = 8");
  text.replace(text.find("batch = 20"), 10, "batch = 20\ntrainer = \"sgd\"\nlearning_rate = 0.1");
  std::ofstream(tmp / "es.toml") << text;
  const auto r = run_innate(fmt::format("run {} --quiet --out {}", (tmp / "es.toml").string(), (tmp / "es").string()));
  INFO(r.err);
  REQUIRE(r.code == 0);
  const std::string result = slurp(tmp / "es" / "result.json");
  CHECK(result.find("\"evaluations\": 72") != std::string::npos);  // 8 individuals x 9 generations
  CHECK(result.find("\"hot_start\"") != std::string::npos);
}

TEST_CASE(
    "images: Darwinian and Baldwinian fitness: a sample per generation shared by its individuals, a life of learning") {
  TempDir tmp;
  write_dataset(tmp / "data");
  auto bound = [&](const std::string& task_keys, const std::string& lifetime, bool direct = false) {
    std::string text = snes_scenario(tmp / "data");
    const auto at = text.find("encoding = \"gnet\"");
    if (direct) text.replace(at, text.find("[network]") - at, "encoding = \"direct\"\n\n");
    text.replace(text.find("eval_images = 200"), 17, "eval_images = 200\n" + task_keys);
    return bind(load_scenario_text(text + lifetime, "test", "t", {}), builtin_catalog());
  };
  auto score = [](const Bound& b, const Eigen::VectorXf& genome, std::uint64_t own, std::uint64_t generation) {
    Rng birth = stream({own, 0, 0, Purpose::task});
    const Draws draws(birth, 7, generation);
    return b.task->evaluate(b.individual({genome.data(), static_cast<std::size_t>(genome.size())}), draws, {});
  };
  const Bound first = bound("", ""), drawn = bound("fitness_images = \"generation\"\n", "");
  Eigen::VectorXf genome(static_cast<Eigen::Index>(first.genome->genome_size()));
  Rng init = stream({3, 0, 0, Purpose::task});
  first.genome->initialise({genome.data(), static_cast<std::size_t>(genome.size())}, init);
  // "first": the same 200 images whatever the generation.
  CHECK(score(first, genome, 1, 0) == score(first, genome, 1, 5));
  // "generation": the individuals of one generation share a sample; generations differ
  // (200 of 600 images drawn afresh: the same accuracy on all would be a coincidence).
  std::set<double> per_generation;
  for (std::uint64_t g = 0; g < 6; ++g) {
    CHECK(score(drawn, genome, 1, g) == score(drawn, genome, 2, g));
    per_generation.insert(score(drawn, genome, 1, g));
  }
  CHECK(per_generation.size() > 1);

  // A life of learning (from a Kaiming start: this small g-net's start has dead ReLUs):
  // the scored network is the trained one, and its steps are budgeted.
  const Bound born = bound("", "", true);
  const Bound learning = bound("", "\n[lifetime]\nkind = \"learning\"\nsteps = 30\nlearning_rate = 0.01\n", true);
  Eigen::VectorXf weights(static_cast<Eigen::Index>(born.genome->genome_size()));
  born.genome->initialise({weights.data(), static_cast<std::size_t>(weights.size())}, init);
  const double before = score(born, weights, 1, 0), after = score(learning, weights, 1, 0);
  CHECK(after > before + 0.2);
  CHECK(after > 0.9);
  CHECK(score(learning, weights, 2, 0) == after);  // the generation's minibatches: the same life
  const Budget plain = born.task->evaluation_cost({}), life = learning.task->evaluation_cost({});
  CHECK(plain.examples == 200);
  CHECK(life.examples == 200 + 30 * 20);  // 30 steps of batch 20
  CHECK(life.gradient_steps == 30);
  CHECK(life.flops == doctest::Approx(plain.flops + 30 * 6.0 * (36 * 16 + 16 + 16 * 3 + 3) * 20));
  // The genome is not changed by learning: scoring it again without a life gives `before`.
  CHECK(score(born, weights, 1, 0) == before);
  // run.keep = "validation" keeps a Baldwinian genome by what it is selected on: its
  // validation accuracy after the same life, whose steps the run budgets.
  auto validation = [&](const Bound& b) {
    return b.task->validation_score(b.individual({weights.data(), static_cast<std::size_t>(weights.size())}), 1);
  };
  CHECK(validation(learning) > validation(born) + 0.2);
  CHECK(validation(learning) > 0.9);
  CHECK(born.task->validation_cost().examples == 0);
  CHECK(learning.task->validation_cost().examples == 30 * 20);

  // A Baldwinian run end to end: the same bytes on 1 and 2 threads, every life budgeted.
  std::string text = snes_scenario(tmp / "data");
  text.replace(text.find("generations = 8"), 15, "generations = 3");
  text.replace(text.find("eval_images = 200"), 17, "eval_images = 200\nfitness_images = \"generation\"");
  std::ofstream(tmp / "baldwin.toml") << text << "\n[lifetime]\nkind = \"learning\"\nsteps = 5\n";
  for (int threads : {1, 2})
    REQUIRE(run_innate(fmt::format("run {} --quiet --threads {} --out {}", (tmp / "baldwin.toml").string(), threads,
                                   (tmp / fmt::format("b{}", threads)).string()))
                .code == 0);
  for (const char* f : {"metrics.csv", "result.json"}) CHECK(slurp(tmp / "b1" / f) == slurp(tmp / "b2" / f));
  // Killed after generation 2 and resumed (from generation 0's checkpoint): the same bytes.
  CHECK(run_innate(fmt::format("run {} --quiet --out {}", (tmp / "baldwin.toml").string(), (tmp / "cut").string()),
                   "INNATE_TEST_KILL_AFTER_GENERATION=2")
            .code == 128 + SIGKILL);
  REQUIRE(run_innate("resume " + (tmp / "cut").string() + " --quiet").code == 0);
  for (const char* f : {"metrics.csv", "result.json"}) CHECK(slurp(tmp / "cut" / f) == slurp(tmp / "b1" / f));
  const auto result = nlohmann::json::parse(slurp(tmp / "b1" / "result.json"));
  CHECK(result["budget"]["innate"]["examples"] == 8 * 4 * (200 + 5 * 20));  // 8 lives x 4 generations (0-3)
  // Kept by validation after learning (checks after generations 0, 2 and 3; direct
  // weights, whose Kaiming start learns): the kept score is the trained network's, well
  // above the innate one's, and each check's life is in the budget.
  const auto at = text.find("encoding = \"gnet\"");
  text.replace(at, text.find("[network]") - at, "encoding = \"direct\"\n\n");
  std::ofstream(tmp / "kept.toml") << text << "keep = \"validation\"\nvalidate_every = 2\n"
                                   << "\n[lifetime]\nkind = \"learning\"\nsteps = 30\nlearning_rate = 0.01\n";
  const auto kept_run =
      run_innate(fmt::format("run {} --quiet --out {}", (tmp / "kept.toml").string(), (tmp / "kept").string()));
  INFO(kept_run.err);
  REQUIRE(kept_run.code == 0);
  const auto kept = nlohmann::json::parse(slurp(tmp / "kept" / "result.json"));
  REQUIRE(kept.contains("kept"));
  CHECK(kept["kept"]["validation_score"].get<double>() > kept["validation_scores"]["innate"].get<double>() + 0.2);
  CHECK(kept["budget"]["innate"]["examples"] == 8 * 4 * (200 + 30 * 20) + 3 * 30 * 20);
  CHECK(kept["evaluations"] == result["evaluations"]);
}

TEST_CASE("run.keep = \"validation\": of the recommendations scored on validation, the best is the genome scored") {
  TempDir tmp;
  write_dataset(tmp / "data");
  std::string text = snes_scenario(tmp / "data");
  text.replace(text.find("population = 8"), 14, "population = 8\nvalidate_every = 3");
  std::ofstream(tmp / "last.toml") << text;
  std::ofstream(tmp / "kept.toml") << text << "keep = \"validation\"\n";
  auto run = [&](const std::string& file, const std::string& out, const std::string& env = "") {
    return run_innate(fmt::format("run {} --quiet --out {}", (tmp / file).string(), (tmp / out).string()), env);
  };
  REQUIRE(run("last.toml", "last").code == 0);
  REQUIRE(run("kept.toml", "kept").code == 0);
  const auto last = nlohmann::json::parse(slurp(tmp / "last" / "result.json"));
  const auto kept = nlohmann::json::parse(slurp(tmp / "kept" / "result.json"));
  CHECK_FALSE(last.contains("kept"));
  REQUIRE(kept.contains("kept"));
  const auto generation = kept["kept"]["generation"].get<int>();
  CHECK((generation % 3 == 0 || generation == 8));  // generations 0, 3, 6 and the last, 8
  // The kept genome is the one scored: its validation accuracy is the one it was kept
  // for, and no lower than the last recommendation's (which was among those scored).
  CHECK(kept["validation_scores"]["innate"] == kept["kept"]["validation_score"]);
  CHECK(kept["kept"]["validation_score"].get<double>() >= last["validation_scores"]["innate"].get<double>());
  CHECK(kept["evaluations"] == last["evaluations"]);  // the same search; only the choice differs
  // Resumed after a kill between checks: the same bytes.
  CHECK(run("kept.toml", "cut", "INNATE_TEST_KILL_AFTER_GENERATION=4").code == 128 + SIGKILL);
  REQUIRE(run_innate("resume " + (tmp / "cut").string() + " --quiet").code == 0);
  CHECK(slurp(tmp / "cut" / "result.json") == slurp(tmp / "kept" / "result.json"));
  // A task without validation data refuses it in one line.
  const auto refused =
      run_innate("run scenarios/baldwin.toml --quiet --set 'run.keep=\"validation\"' --out " + (tmp / "no").string());
  CHECK(refused.code == 2);
  CHECK(refused.lines_of_err() == 1);
  CHECK(refused.err.find("holds no validation data") != std::string::npos);
}

TEST_CASE("images: Algorithm 1 lifts the decoded network itself far above chance on a small synthetic task") {
  TempDir tmp;
  write_dataset(tmp / "data");
  const fs::path file = tmp / "s.toml";
  std::ofstream(file) << scenario(tmp / "data", "intermittent");
  // 60 iterations, 20 network steps and 5,000 + 500 sampled weights each (the default
  // scenario above runs 8 tiny iterations, for speed).
  REQUIRE(
      run_innate(fmt::format("run {} --quiet --set run.generations=60 --set optimizer.batches=20 "
                             "--set 'optimizer.samples=[5000, 500]' --set optimizer.fit_learning_rate=0.003 --out {}",
                             file.string(), (tmp / "r").string()))
          .code == 0);
  const auto result = nlohmann::json::parse(slurp(tmp / "r" / "result.json"));
  const double chance = result["scores"]["chance"], test = result["scores"]["innate"],
               validation = result["validation_scores"]["innate"];
  MESSAGE("innate: test ", test, ", validation ", validation, " (chance ", chance, ")");
  CHECK(chance == doctest::Approx(1.0 / 3));
  CHECK(test > 0.9);
  CHECK(validation > 0.9);
  CHECK(result["splits"]["validation"] == 50);  // 1/12 of the 600 training images, held out
}

TEST_CASE("images: end-to-end fitting through the decoder lifts the decoded network far above chance") {
  TempDir tmp;
  write_dataset(tmp / "data");
  const fs::path file = tmp / "s.toml";
  std::ofstream(file) << scenario(tmp / "data", "gradient");
  REQUIRE(run_innate(fmt::format("run {} --quiet --set run.generations=40 --set optimizer.batches=20 "
                                 "--set genome.start_scale=0.1 --set optimizer.fit_learning_rate=0.003 --out {}",
                                 file.string(), (tmp / "r").string()))
              .code == 0);
  const auto result = nlohmann::json::parse(slurp(tmp / "r" / "result.json"));
  const double test = result["scores"]["innate"], validation = result["validation_scores"]["innate"];
  MESSAGE("innate: test ", test, ", validation ", validation);
  CHECK(test > 0.9);
  CHECK(validation > 0.9);
}

TEST_CASE("images: the direct arm learns the synthetic classes, bad setups are one-line errors") {
  TempDir tmp;
  write_dataset(tmp / "data");
  const fs::path file = tmp / "s.toml";
  std::ofstream(file) << scenario(tmp / "data", "intermittent");
  REQUIRE(run_innate(fmt::format("run {} --quiet --out {}", file.string(), (tmp / "r").string())).code == 0);
  const std::string result = slurp(tmp / "r" / "result.json");
  const auto at = result.find("\"direct\": ");
  REQUIRE(at != std::string::npos);
  CHECK(std::stod(result.substr(at + 10)) > 0.9);
  // The analysis of the two saved networks, and the report of the run.
  const auto analyzed = run_innate("analyze " + (tmp / "r").string());
  REQUIRE(analyzed.code == 0);
  const std::string analysis = slurp(tmp / "r" / "analysis.json");
  for (const char* key : {"\"cka\"", "\"rsa\"", "\"participation_ratio\"", "\"ablation\"", "\"fraction\""})
    CHECK(analysis.find(key) != std::string::npos);
  CHECK(slurp(tmp / "r" / "artifacts.json").find("\"file\": \"analysis.html\"") != std::string::npos);
  REQUIRE(run_innate("report " + (tmp / "r").string()).code == 0);
  const std::string html = slurp(tmp / "report.html");
  for (const char* section : {"Learning curves", "learning from the decoded start",
                              "<h2>Analysis: the decoded and the directly trained network: r</h2>", "r: ablation",
                              "linear CKA", "participation ratio", "data-bar=\"hot_start\"",
                              "data-series=\"cold_start\" data-points=\"6\"",  // step 0 is off the log axis
                              "labelled examples (log scale)"})
    CHECK(html.find(section) != std::string::npos);
  const auto not_images = run_innate("analyze " + tmp.path().string());
  CHECK(not_images.code == 2);
  const auto wrong = run_innate(
      fmt::format("run {} --set 'network.layers=[36, 16, 4]' --out {}", file.string(), (tmp / "w").string()));
  CHECK(wrong.code == 2);
  CHECK(wrong.err.find("end with 3 (classes)") != std::string::npos);
  const auto pop =
      run_innate(fmt::format("run {} --set run.population=4 --out {}", file.string(), (tmp / "p").string()));
  CHECK(pop.code == 2);
  CHECK(pop.err.find("run.population = 1") != std::string::npos);
  const auto no_validation = run_innate(
      fmt::format("run {} --set task.validation_fraction=0.0001 --out {}", file.string(), (tmp / "v").string()));
  CHECK(no_validation.code == 2);
  CHECK(no_validation.err.find("leaves 0 of 600 training images for validation") != std::string::npos);
  CHECK(no_validation.lines_of_err() == 1);
  const auto missing = run_innate(fmt::format("run {} --set task.dataset=\"{}\" --out {}", file.string(),
                                              (tmp / "nothing").string(), (tmp / "m").string()));
  CHECK(missing.code == 2);
  CHECK(missing.lines_of_err() == 1);
}

TEST_CASE("intermittent fitting: the genome's step size follows a half cosine to fit_anneal of its start") {
  CHECK(cosine_annealed(1e-3, 0.1, 1, 500) == doctest::Approx(1e-3));
  CHECK(cosine_annealed(1e-3, 0.1, 500, 500) == doctest::Approx(1e-4));
  CHECK(cosine_annealed(1e-3, 0.1, 3, 5) == doctest::Approx(0.55e-3));      // halfway: the mean of the ends
  CHECK(cosine_annealed(1e-3, 0.0, 2, 4) == doctest::Approx(1e-3 * 0.75));  // cos(pi/3) = 1/2
  CHECK(cosine_annealed(1e-3, 1.0, 7, 9) == doctest::Approx(1e-3));         // 1: constant
  CHECK(cosine_annealed(2e-4, 0.5, 1, 1) == doctest::Approx(2e-4));         // one iteration
}

TEST_CASE("genome fitting: fit_warmup raises the step size linearly over its first iterations") {
  FitSettings s;
  s.fit_learning_rate = 1e-3;
  s.fit_warmup = 4;
  CHECK(genome_step_size(s, 1, 100) == doctest::Approx(0.25e-3));
  CHECK(genome_step_size(s, 3, 100) == doctest::Approx(0.75e-3));
  CHECK(genome_step_size(s, 4, 100) == doctest::Approx(1e-3));
  CHECK(genome_step_size(s, 50, 100) == doctest::Approx(1e-3));
  s.fit_anneal = 0.0;  // the warm-up scales the cosine: iteration 2 of 3 is halfway down it
  CHECK(genome_step_size(s, 2, 3) == doctest::Approx(0.5 * 0.5e-3));
  s.fit_warmup = 0;  // none: the schedule itself
  CHECK(genome_step_size(s, 1, 3) == doctest::Approx(1e-3));
}

TEST_CASE("resume reads the data the run started on, and analyze refuses a network of NaN weights") {
  TempDir tmp;
  write_dataset(tmp / "a" / "data");
  write_dataset(tmp / "b" / "data", 10);                // the same names, other images
  std::string text = scenario("data", "intermittent");  // a relative path, read from the working directory
  std::ofstream(tmp / "a" / "run.toml") << text;
  const std::string in_a = fmt::format("cd '{}' && ", (tmp / "a").string());
  const fs::path cut = tmp / "a" / "cut";
  REQUIRE(run_shell(fmt::format("{}INNATE_TEST_KILL_AFTER_GENERATION=5 '{}' run run.toml --quiet --out cut", in_a,
                                INNATE_KILLABLE_BINARY))
              .code == 128 + SIGKILL);
  const auto elsewhere =
      run_shell(fmt::format("cd '{}' && '{}' resume '{}' --quiet", (tmp / "b").string(), INNATE_BINARY, cut.string()));
  CHECK(elsewhere.code == 2);
  CHECK(elsewhere.lines_of_err() == 1);
  CHECK(elsewhere.err.find("inputs.json: the run started on " + (tmp / "a" / "data").string()) != std::string::npos);
  CHECK(elsewhere.err.find("resumed here it would read " + (tmp / "b" / "data").string()) != std::string::npos);
  CHECK_FALSE(fs::exists(cut / "result.json"));
  REQUIRE(run_shell(fmt::format("{}'{}' resume cut --quiet", in_a, INNATE_BINARY)).code == 0);

  const fs::path network = cut / "direct_network.cereal";
  GenomeArchive archive = read_genome_archive(slurp(network), network.string());
  archive.genes[3] = std::nanf("");
  std::ofstream(network, std::ios::binary) << genome_archive(archive.tag, archive.genes);
  const auto analyzed = run_shell(fmt::format("{}'{}' analyze cut", in_a, INNATE_BINARY));
  CHECK(analyzed.code == 2);
  CHECK(analyzed.err == "innate: cut/direct_network.cereal: weight 3 is nan; a network must hold finite weights\n");
}

TEST_CASE("images: result.json and innate info give the genome's nominal and effective bits") {
  TempDir tmp;
  write_dataset(tmp / "data");
  std::ofstream(tmp / "run.toml") << scenario(tmp / "data", "intermittent");
  REQUIRE(run_innate(fmt::format("run {} --quiet --out {}", (tmp / "run.toml").string(), (tmp / "r").string())).code ==
          0);
  const auto result = nlohmann::json::parse(slurp(tmp / "r" / "result.json"));
  const auto& info = result.at("information");
  CHECK(info.at("nominal_bits") == 32 * result.at("genome_params").get<std::uint64_t>());
  REQUIRE(info.at("levels").size() == 16);
  // The float genome is scored as the run scores validation: the innate arm's accuracy.
  CHECK(info.at("float_validation_score") == result.at("validation_scores").at("innate"));
  const double low = info.at("float_validation_score").get<double>() - info.at("validation_half_width").get<double>();
  CHECK(info.at("effective_validation_score").get<double>() >= low);
  CHECK(info.at("effective_bits").get<std::uint64_t>() <= info.at("nominal_bits").get<std::uint64_t>());
  for (const auto& level : info.at("levels"))  // nothing smaller keeps the score
    if (level.at("validation_score").get<double>() >= low)
      CHECK(level.at("coded_bits").get<std::uint64_t>() >= info.at("effective_bits").get<std::uint64_t>());
  const auto printed = run_innate("info " + (tmp / "r").string());
  CHECK(printed.code == 0);
  CHECK(printed.out.find(fmt::format("effective bits   {} (", info.at("effective_bits").get<std::uint64_t>())) !=
        std::string::npos);
}

TEST_CASE("images: Algorithm 1 fitted quantisation-aware keeps its validation score stored at its bits") {
  TempDir tmp;
  write_dataset(tmp / "data");
  std::string text = scenario(tmp / "data", "intermittent");
  text.replace(text.find("batches = 5\n"), 12, "batches = 5\nquantise_bits = 4\n");
  std::ofstream(tmp / "run.toml") << text;
  const auto r = run_innate(fmt::format("run {} --quiet --out {}", (tmp / "run.toml").string(), (tmp / "r").string()));
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto result = nlohmann::json::parse(slurp(tmp / "r" / "result.json"));
  const auto& info = result.at("information");
  // The regenerated network, the regression and the genome scored all saw the 4-bit
  // genome: stored at 4 bits it is itself, so it scores what the run scored.
  CHECK(info.at("levels")[3].at("validation_score") == info.at("float_validation_score"));
  CHECK(info.at("float_validation_score") == result.at("validation_scores").at("innate"));
  CHECK(info.at("effective_bits_per_gene").get<int>() <= 4);
  // The genome reported is its own 4-bit version: at most 16 values in each tensor.
  const Bound b = bind(load_scenario_text(text, "test", "t", {}), builtin_catalog());
  const auto genome = read_genome_archive(slurp(tmp / "r" / "genome.cereal"), "genome.cereal").genes;
  REQUIRE(genome.size() == b.genome->genome_size());
  std::vector<float> again(genome.size());
  quantise_genes(genome, b.genome->genome_tensors(), 4, again);
  for (std::size_t i = 0; i < genome.size(); ++i) CHECK(std::abs(again[i] - genome[i]) <= 1e-6f);
}

TEST_CASE("images: a sweep's runs are each the run alone, byte for byte, the direct arm trained once a seed") {
  TempDir tmp;
  write_dataset(tmp / "data");
  std::ofstream(tmp / "run.toml") << scenario(tmp / "data", "intermittent");
  const auto swept = run_innate(fmt::format("sweep {} --quiet --vary 'genome.hidden=[6, 4];[4, 2]' --out {}",
                                            (tmp / "run.toml").string(), (tmp / "sweep").string()));
  INFO(swept.err);
  REQUIRE(swept.code == 0);
  REQUIRE(run_innate(fmt::format("run {} --quiet --set 'genome.hidden=[4, 2]' --out {}", (tmp / "run.toml").string(),
                                 (tmp / "alone").string()))
              .code == 0);
  // The second size met the first size's direct network, shared in the process: the same
  // bytes as training it afresh.
  for (const char* f : {"direct_network.cereal", "innate_network.cereal", "curve.csv", "metrics.csv"})
    CHECK(slurp(tmp / "sweep" / "2_4_2" / f) == slurp(tmp / "alone" / f));
  auto swept_result = nlohmann::json::parse(slurp(tmp / "sweep" / "2_4_2" / "result.json")),
       alone_result = nlohmann::json::parse(slurp(tmp / "alone" / "result.json"));
  CHECK(swept_result["scenario"] == "run-2_4_2");  // the sweep names its runs by value; nothing else differs
  swept_result.erase("scenario");
  alone_result.erase("scenario");
  CHECK(swept_result.dump() == alone_result.dump());

  // Other data in the same process: its own direct network, not the first one's.
  write_dataset(tmp / "other", 1);
  REQUIRE(run_innate(fmt::format("sweep {} --quiet --vary 'task.dataset=\"{}\";\"{}\"' --out {}",
                                 (tmp / "run.toml").string(), (tmp / "data").string(), (tmp / "other").string(),
                                 (tmp / "by_data").string()))
              .code == 0);
  REQUIRE(run_innate(fmt::format("run {} --quiet --set 'task.dataset=\"{}\"' --out {}", (tmp / "run.toml").string(),
                                 (tmp / "other").string(), (tmp / "other_alone").string()))
              .code == 0);
  const fs::path other_run =
      *std::find_if(fs::directory_iterator(tmp / "by_data"), fs::directory_iterator(),
                    [](const auto& e) { return e.path().filename().string().rfind("2_", 0) == 0; });
  CHECK(slurp(other_run / "direct_network.cereal") == slurp(tmp / "other_alone" / "direct_network.cereal"));
  CHECK(slurp(other_run / "direct_network.cereal") != slurp(tmp / "sweep" / "1_6_4" / "direct_network.cereal"));
}
