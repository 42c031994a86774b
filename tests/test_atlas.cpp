// The compressibility atlas end to end through the `innate` binary: one table over every
// task and size, read from the tasks' own sweeps; the figure; resume after a kill equal
// to an uninterrupted atlas; bad atlas files refused in one line before anything runs.
#include <doctest/doctest.h>

#include <cmath>
#include <csignal>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/formats/csv_table.hpp"
#include "engine/studies/tables.hpp"
#include "tests/support.hpp"

using namespace innate::test;
namespace fs = std::filesystem;

namespace {

// Two cheap tasks: tic-tac-toe (one generation, so a kill at generation 2 lands in the
// second task) and CartPole's innate and direct arms.
std::string atlas_text(const std::string& extra = "") {
  const fs::path scenarios = fs::path(INNATE_SOURCE_DIR) / "scenarios";
  return "name = \"tiny\"\nreplicates = 2\n" + extra + "[[task]]\nlabel = \"tic-tac-toe\"\nscenario = \"" +
         (scenarios / "tictactoe.toml").string() +
         "\"\nset = [\"run.generations=1\", \"run.population=8\", \"task.direct_epochs=1\"]\n"
         "vary = \"genome.genes=1;2\"\n"
         "[[task]]\nlabel = \"CartPole\"\nscenario = \"" +
         (scenarios / "cartpole_arms.toml").string() +
         "\"\nset = [\"run.generations=3\", \"run.population=8\", 'task.arms=[\"innate\", \"direct\"]', "
         "\"task.final_episodes=5\"]\n"
         "vary = \"genome.types=1;2\"\n";
}

fs::path write_atlas(const fs::path& dir, const std::string& text) {
  const fs::path file = dir / "atlas.toml";
  std::ofstream(file) << text;
  return file;
}

std::vector<std::string> lines(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Every file below `dir` by relative path, with its bytes: results, metrics, tables,
// scenarios, genomes and checkpoints, but not resources.json or the lock.
std::map<std::string, std::string> study_files(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name != "resources.json" && name != ".lock")
      files[e.path().lexically_relative(dir).string()] = slurp(e.path());
  }
  return files;
}

}  // namespace

TEST_CASE("atlas: every task's sizes in one table and one figure, resumable") {
  TempDir tmp;
  const fs::path file = write_atlas(tmp.path(), atlas_text());
  REQUIRE(run_innate(fmt::format("atlas {} --quiet --out {}", file.string(), (tmp / "whole").string())).code == 0);
  const std::string csv = slurp(tmp / "whole" / "atlas.csv");
  const auto rows = lines(csv);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0] ==
        "task,encoding,value,genome_params,genome_bits,compression,nature_mean,nature_ci95_low,nature_ci95_high,"
        "full_mean,floor_mean,nature_fraction_mean,nature_fraction_ci95_low,nature_fraction_ci95_high,"
        "data_equivalent_median,data_equivalent_median_censored,effective_bits_mean,effective_bits_ci95_low,"
        "effective_bits_ci95_high,innate_unbeatable_mean,direct_unbeatable_mean,plastic_mean");
  CHECK(rows[1].rfind("tic-tac-toe,connectome,1,", 0) == 0);
  CHECK(rows[3].rfind("CartPole,celltype,1,", 0) == 0);
  // The numbers are the tasks' own sweep tables, row for row.
  const auto atlas = innate::read_table(tmp / "whole" / "atlas.csv");
  const auto ttt = innate::read_table(tmp / "whole" / "1_tic-tac-toe" / "sweep.csv");
  const auto cartpole = innate::read_table(tmp / "whole" / "2_CartPole" / "sweep.csv");
  for (std::size_t r = 0; r < 2; ++r) {
    CHECK((*atlas.column("nature_mean"))[r] == (*ttt.column("innate_mean"))[r]);
    CHECK((*atlas.column("floor_mean"))[r] == (*ttt.column("chance_mean"))[r]);
    CHECK((*atlas.column("genome_bits"))[r] == (*ttt.column("genome_bits"))[r]);
    CHECK((*atlas.column("nature_fraction_ci95_high"))[r] == (*ttt.column("nature_fraction_ci95_high"))[r]);
    CHECK((*atlas.column("full_mean"))[2 + r] == (*cartpole.column("direct_mean"))[r]);
    CHECK((*atlas.column("nature_fraction_mean"))[2 + r] == (*cartpole.column("nature_fraction_mean"))[r]);
    CHECK((*atlas.column("effective_bits_mean"))[2 + r] == (*cartpole.column("effective_bits_mean"))[r]);
    CHECK((*atlas.column("effective_bits_mean"))[r] <= (*atlas.column("genome_bits"))[r]);
  }
  // One cell-type gene set per layer pair grows with the types: 1 type < 2 types.
  CHECK((*atlas.column("genome_params"))[2] < (*atlas.column("genome_params"))[3]);
  // Every replicate used the atlas's seeds and count.
  CHECK(fs::exists(tmp / "whole" / "2_CartPole" / "2_2" / "replicate-2" / "result.json"));
  CHECK_FALSE(fs::exists(tmp / "whole" / "2_CartPole" / "2_2" / "replicate-3"));
  const std::string svg = slurp(tmp / "whole" / "atlas.svg");
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.find("tic-tac-toe") != std::string::npos);
  CHECK(svg.find("CartPole") != std::string::npos);
  CHECK(svg.find("genome bits (log scale)") != std::string::npos);
  CHECK(svg.find("class=\"error-bar\"") != std::string::npos);  // the replicates' intervals
  // On effective bits, tic-tac-toe's trivial bound drawn; the crossings table per task.
  CHECK(svg.find("effective genome bits (log scale)") != std::string::npos);
  CHECK(svg.find("tic-tac-toe: optimal-move table") != std::string::npos);
  const auto crossings = lines(slurp(tmp / "whole" / "atlas_crossings.csv"));
  REQUIRE(crossings.size() == 3);
  CHECK(crossings[0] ==
        "task,bits,level,bits_at_level,bits_at_level_low,bits_at_level_high,seeds,seeds_reached,"
        "mean_curve_bits_at_level,largest_bits,bounds");
  CHECK(crossings[1].rfind("tic-tac-toe,effective,0.9,", 0) == 0);
  CHECK(crossings[1].find("optimal-move table=") != std::string::npos);
  CHECK(crossings[2].rfind("CartPole,effective,0.9,", 0) == 0);
  const auto per_task = innate::read_table(tmp / "whole" / "atlas_crossings.csv");
  CHECK((*per_task.column("seeds"))[0] == 2);  // the replicates at every size, seed by seed
  CHECK((*per_task.column("seeds"))[1] == 2);

  // The report shows the atlas's figure and table, then each task's sweep.
  REQUIRE(run_innate("report " + (tmp / "whole").string()).code == 0);
  const std::string html = slurp(tmp / "report.html");
  CHECK(html.find("<h2>Compressibility atlas: nature fraction against genome bits</h2>") != std::string::npos);
  CHECK(html.find("<td>tic-tac-toe</td><td>connectome</td>") != std::string::npos);
  CHECK(html.find("whole/tic-tac-toe: score against genome size") != std::string::npos);
  CHECK(html.find("whole/CartPole: score against genome size") != std::string::npos);

  // Killed in the second task's first run, then resumed: the same table.
  const auto killed = run_innate(fmt::format("atlas {} --quiet --out {}", file.string(), (tmp / "cut").string()),
                                 "INNATE_TEST_KILL_AFTER_GENERATION=2");
  CHECK(killed.code == 128 + SIGKILL);
  CHECK(fs::exists(tmp / "cut" / "1_tic-tac-toe" / "sweep.csv"));
  CHECK_FALSE(fs::exists(tmp / "cut" / "atlas.csv"));
  const auto early = run_innate("report " + (tmp / "cut").string());
  CHECK(early.code == 2);
  CHECK(early.err.find("the atlas has not finished") != std::string::npos);
  REQUIRE(run_innate("resume " + (tmp / "cut").string() + " --quiet --threads 1").code == 0);
  CHECK(slurp(tmp / "cut" / "atlas.csv") == csv);
  CHECK(slurp(tmp / "cut" / "atlas.svg") == svg);
  // Every file of the nested study (an atlas of sweeps of replicate sets of arms) is the
  // uninterrupted one, but what says how the session went (resources.json, the lock).
  const auto whole = study_files(tmp / "whole"), cut = study_files(tmp / "cut");
  CHECK(whole.size() > 40);
  CHECK(cut == whole);
}

TEST_CASE("atlas: one run per size fills the means from the plain columns, without intervals") {
  TempDir tmp;
  std::string text = atlas_text();
  text.replace(text.find("replicates = 2"), 14, "replicates = 1");
  const fs::path file = write_atlas(tmp.path(), text);
  REQUIRE(run_innate(fmt::format("atlas {} --quiet --out {}", file.string(), (tmp / "one").string())).code == 0);
  const auto atlas = innate::read_table(tmp / "one" / "atlas.csv");
  const auto ttt = innate::read_table(tmp / "one" / "1_tic-tac-toe" / "sweep.csv");
  const auto cartpole = innate::read_table(tmp / "one" / "2_CartPole" / "sweep.csv");
  for (std::size_t r = 0; r < 2; ++r) {
    CHECK((*atlas.column("nature_mean"))[r] == (*ttt.column("innate"))[r]);
    CHECK((*atlas.column("nature_fraction_mean"))[r] == (*ttt.column("nature_fraction"))[r]);
    CHECK(std::isnan((*atlas.column("nature_ci95_low"))[r]));
    CHECK((*atlas.column("full_mean"))[2 + r] == (*cartpole.column("direct"))[r]);
  }
  CHECK(slurp(tmp / "one" / "atlas.svg").find("class=\"error-bar\"") == std::string::npos);
}

TEST_CASE("atlas: the shipped experiment checks out and --plan lists it without running") {
  TempDir tmp;
  const auto plan = run_innate("atlas experiments/atlas.toml --plan --out " + (tmp / "never").string());
  REQUIRE(plan.code == 0);
  CHECK_FALSE(fs::exists(tmp / "never"));
  const auto rows = lines(plan.out);
  REQUIRE(rows.size() == 1 + 30 + 1);  // header, five tasks x six sizes, total
  CHECK(rows.back() == "150 runs (5 tasks, seeds 1 to 5)");
  CHECK(plan.out.find("tic-tac-toe      connectome   32                     12393        396576     5") !=
        std::string::npos);
  CHECK(plan.out.find("MNIST subset     gnet         [10, 5]                  613         19616     5") !=
        std::string::npos);
  // CartPole runs arms: the sizes are the nature arm's genome (cell types, no rule genes).
  CHECK(plan.out.find("CartPole-v1      celltype     2                         20           640     5") !=
        std::string::npos);
}

TEST_CASE("atlas: a bad file is one line and exit 2, before any directory is made") {
  TempDir tmp;
  const std::vector<std::pair<std::string, std::string>> cases{
      {atlas_text("colour = 1\n"), "unknown key 'colour'"},
      {atlas_text("replicate = 1\n"), "unknown key 'replicate' (did you mean 'replicates'?)"},
      {"replicates = 0\n" + atlas_text().substr(atlas_text().find("[[task]]")), "'replicates' must be 1 to 10000"},
      {"name = \"x\"\n", "no [[task]] entries"},
      {"[[task]]\nlabel = \"a\"\nscenario = \"nowhere.toml\"\nvary = \"genome.genes=1\"\n", "scenario file not found"},
      {"[[task]]\nlabel = \"a\"\nscenario = \"" +
           (fs::path(INNATE_SOURCE_DIR) / "scenarios" / "tictactoe.toml").string() + "\"\nvary = \"genome.genes=0\"\n",
       "genome.genes"},
      {"[[task]]\nlabel = \"a\"\nscenario = \"" +
           (fs::path(INNATE_SOURCE_DIR) / "scenarios" / "tictactoe.toml").string() + "\"\n",
       "'vary' is missing"},
      {"[[task]]\nlabel = 3\n", "'label' has the wrong type"},
      {"[[task]\n", "TOML syntax error"},
  };
  for (const auto& [text, message] : cases) {
    CAPTURE(text);
    const fs::path file = write_atlas(tmp.path(), text);
    const auto r = run_innate(fmt::format("atlas {} --quiet --out {}", file.string(), (tmp / "never").string()));
    CHECK(r.code == 2);
    CHECK(r.lines_of_err() == 1);
    CHECK(r.err.find(message) != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "never"));
  }
  const auto missing = run_innate("atlas " + (tmp / "absent.toml").string());
  CHECK(missing.code == 2);
  CHECK(missing.err.find("atlas file not found") != std::string::npos);
}

TEST_CASE("atlas: each seed's crossing, and their geometric mean and t interval, by hand") {
  // Seed 1 crosses 0.9 at 1,000 bits exactly; seed 2 between 2,000 (0.8) and 8,000 (1.0),
  // halfway in log bits: 4,000 (its sizes given out of order: sorted by its own bits).
  const std::vector<std::vector<double>> bits{{100, 1000, 5000}, {8000, 2000, 500}};
  const std::vector<std::vector<double>> fraction{{0.2, 0.9, 0.95}, {1.0, 0.8, 0.3}};
  const auto s = innate::seed_crossings(bits, fraction, 0.9);
  CHECK(s.seeds == 2);
  CHECK(s.reached == 2);
  CHECK(s.mean == doctest::Approx(2000));  // sqrt(1000 x 4000)
  // log bits ln 1000, ln 4000: sd ln 4 / sqrt 2, half-width t(0.975, 1) sd / sqrt 2 = 12.706 ln 4 / 2.
  CHECK(std::log(s.high / 2000) == doctest::Approx(12.706 * std::log(4.0) / 2).epsilon(1e-4));
  CHECK(std::log(2000 / s.low) == doctest::Approx(12.706 * std::log(4.0) / 2).epsilon(1e-4));
  // A seed that never reaches it: no mean to give, the count says so.
  const auto short_of = innate::seed_crossings(bits, {{0.2, 0.9, 0.95}, {0.5, 0.8, 0.3}}, 0.9);
  CHECK(short_of.reached == 1);
  CHECK(std::isnan(short_of.mean));
  CHECK(std::isnan(short_of.high));
  // One seed: its crossing, no interval.
  const auto one = innate::seed_crossings({{100, 1000}}, {{0.5, 1.0}}, 0.9);
  CHECK(one.mean == doctest::Approx(std::exp(std::log(100) + 0.8 * std::log(10))));
  CHECK(std::isnan(one.low));
}

TEST_CASE("atlas: the bits at a nature fraction of 0.9, interpolated on log bits by hand") {
  // Between 1,000 bits (0.8) and 10,000 (0.95): 0.9 is 2/3 of the way, at 10^(3 + 2/3) bits.
  CHECK(*innate::bits_at_level({100, 1000, 10000}, {0.5, 0.8, 0.95}, 0.9) ==
        doctest::Approx(std::pow(10, 3 + 2.0 / 3)));
  CHECK(*innate::bits_at_level({100, 1000}, {0.92, 0.99}, 0.9) == doctest::Approx(100));  // there at the first size
  CHECK_FALSE(innate::bits_at_level({100, 1000}, {0.5, 0.8}, 0.9));  // never reached: more than 1,000
  CHECK_FALSE(innate::bits_at_level({100, 1000, 10000}, {0.5, std::nan(""), 0.95}, 0.9));  // a gap on the way
}
