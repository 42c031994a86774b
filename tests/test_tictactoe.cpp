// Tic-tac-toe solved by minimax against the game's published counts (5,478 reachable
// positions, 958 of them final, 255,168 games: 131,184 won by X, 77,904 by O, 46,080
// drawn) and hand-checked positions; the unbeatable check against known policies; the
// task end to end: thread-independent bytes, exact resume, a direct network that learns.
#include <doctest/doctest.h>

#include <signal.h>

#include <bit>
#include <cmath>

#include <nlohmann/json.hpp>

#include "tasks/tictactoe/tictactoe.hpp"
#include "tests/support.hpp"

using namespace innate;
using namespace innate::tictactoe;
using namespace innate::test;
namespace fs = std::filesystem;

namespace {

const Solution& solved() {
  static const Solution s = solve();
  return s;
}

// A board from its cells as a string: 'x', 'o', '.'.
Board board(const char* cells) {
  Board b{};
  for (int c = 0; c < 9; ++c) b[std::size_t(c)] = cells[c] == 'x' ? 1 : cells[c] == 'o' ? 2 : 0;
  return b;
}

const Position& at(const char* cells) {
  const int p = solved().position_of[std::size_t(index_of(board(cells)))];
  REQUIRE(p >= 0);
  return solved().positions[std::size_t(p)];
}

std::vector<int> policy(int (*choose)(const Position&)) {
  std::vector<int> moves;
  for (const Position& p : solved().positions) moves.push_back(choose(p));
  return moves;
}

// A connectome genome of 4 genes on an 18-32-9 network, the direct network trained
// `direct_epochs` epochs; `rest` gives the optimizer and the run.
std::string small_scenario(int direct_epochs, const std::string& rest) {
  return fmt::format(
      "[task]\nname = \"tictactoe\"\ndirect_epochs = {}\n[genome]\nencoding = \"connectome\"\ngenes = 4\n"
      "[network]\nlayers = [18, 32, 9]\n{}",
      direct_epochs, rest);
}

}  // namespace

TEST_CASE("tic-tac-toe: the published counts of positions and games") {
  const Solution& s = solved();
  CHECK(s.reachable == 5478);
  CHECK(s.terminal == 958);
  CHECK(s.positions.size() == 5478 - 958);
  CHECK(s.games == 255168);
  CHECK(s.x_wins == 131184);
  CHECK(s.o_wins == 77904);
  CHECK(s.draws == 46080);
}

TEST_CASE("tic-tac-toe: minimax values and optimal moves of hand-checked positions") {
  // The empty board is a draw, and every first move keeps it one.
  CHECK(at(".........").value == 0);
  CHECK(at(".........").optimal == 0x1ff);
  // X to move completes the top row.
  CHECK(at("xx.oo....").value == 1);
  CHECK((at("xx.oo....").optimal >> 2 & 1u) == 1);
  // O must block the top row; after that best play draws (O 2, X 6, O 3, X 5).
  CHECK(at("xx..o....").value == 0);
  CHECK(at("xx..o....").optimal == 1u << 2);
  // X threatens cells 2 and 6 at once: O to move loses whatever it plays.
  CHECK(at("xx.xoo...").value == -1);
  CHECK(at("xx.xoo...").optimal == at("xx.xoo...").legal);
  CHECK(to_move(board("xx.xoo...")) == 2);
  CHECK(winner(board("xxxoo....")) == 1);
  CHECK(winner(board("xo.ox....")) == 0);
  CHECK(winner(board("o.xoxxo..")) == 2);
}

TEST_CASE("tic-tac-toe: minimax play is unbeatable from both sides, a naive policy is not") {
  const auto minimax = policy([](const Position& p) { return std::countr_zero(unsigned(p.optimal)); });
  CHECK(never_loses(solved(), minimax, 1));
  CHECK(never_loses(solved(), minimax, 2));
  const auto first_empty = policy([](const Position& p) { return std::countr_zero(unsigned(p.legal)); });
  CHECK_FALSE(never_loses(solved(), first_empty, 1));
  CHECK_FALSE(never_loses(solved(), first_empty, 2));
}

TEST_CASE("tic-tac-toe: the task runs end to end, the same bytes for 1 and 2 threads, exact resume") {
  TempDir tmp;
  const fs::path file = tmp / "t.toml";
  std::ofstream(file) << small_scenario(60, R"([optimizer]
kind = "snes"
[run]
generations = 6
population = 16
checkpoint_every = 2
)");
  const fs::path one = tmp / "one", two = tmp / "two", cut = tmp / "cut";
  const auto r = run_innate(fmt::format("run {} --quiet --threads 1 --out {}", file.string(), one.string()));
  INFO(r.err);
  REQUIRE(r.code == 0);
  REQUIRE(run_innate(fmt::format("run {} --quiet --threads 2 --out {}", file.string(), two.string())).code == 0);
  for (const char* f : {"metrics.csv", "result.json"}) CHECK(slurp(one / f) == slurp(two / f));
  CHECK(run_innate(fmt::format("run {} --quiet --out {}", file.string(), cut.string()),
                   "INNATE_TEST_KILL_AFTER_GENERATION=3")
            .code == 128 + SIGKILL);
  REQUIRE(run_innate("resume " + cut.string() + " --quiet").code == 0);
  CHECK(slurp(cut / "result.json") == slurp(one / "result.json"));

  const auto result = nlohmann::json::parse(slurp(one / "result.json"));
  const double chance = result["scores"]["chance"], innate = result["scores"]["innate"],
               direct = result["scores"]["direct"];
  MESSAGE("chance ", chance, ", innate ", innate, ", direct ", direct);
  CHECK(result["splits"]["positions"] == 4520);
  CHECK(chance > 0.3);
  CHECK(chance < 0.7);
  CHECK(direct > chance + 0.2);  // the plain network learns the labels (0.83 after 60 epochs)
  CHECK(result["scores"]["direct_unbeatable"].is_number());
}

TEST_CASE("quantisation-aware fitting: the genome fitted at b bits keeps its exact score stored at b bits") {
  TempDir tmp;
  const fs::path file = tmp / "t.toml";
  const std::string scenario = small_scenario(2, R"([optimizer]
kind = "gradient"
batches = 20
fit_learning_rate = 0.01
quantise_bits = 3
[run]
generations = 10
population = 1
)");
  std::ofstream(file) << scenario;
  const auto r = run_innate(fmt::format("run {} --quiet --threads 1 --out {}", file.string(), (tmp / "q").string()));
  INFO(r.err);
  REQUIRE(r.code == 0);
  // Quantised at every step, coded and scored at 16 levels: the same bytes on 2 threads.
  REQUIRE(run_innate(fmt::format("run {} --quiet --threads 2 --out {}", file.string(), (tmp / "q2").string())).code ==
          0);
  for (const char* f : {"metrics.csv", "result.json", "genome.cereal"})
    CHECK(slurp(tmp / "q" / f) == slurp(tmp / "q2" / f));
  const auto result = nlohmann::json::parse(slurp(tmp / "q" / "result.json"));
  const auto& info = result["information"];
  // Tic-tac-toe's score is exact (a zero-width interval): the 3-bit genome scores what the
  // fitted genome scores, so the effective bits are at most its 3-bit size.
  CHECK(info["levels"][2]["validation_score"] == info["float_validation_score"]);
  CHECK(info["effective_bits_per_gene"].get<int>() <= 3);
  CHECK(info["effective_bits"] <= info["levels"][2]["coded_bits"]);
  CHECK(result["scores"]["innate"].get<double>() > result["scores"]["chance"].get<double>() + 0.03);  // 0.654, 0.580
  // The key is checked like any other.
  std::ofstream(file) << std::string(scenario).replace(scenario.find("quantise_bits = 3"), 17, "quantise_bits = 17");
  const auto bad = run_innate(fmt::format("run {} --quiet --out {}", file.string(), (tmp / "b").string()));
  CHECK(bad.code == 2);
  CHECK(bad.err.find("quantise_bits") != std::string::npos);
}

TEST_CASE("tic-tac-toe: random targets are one legal move a position, fixed by their seed") {
  TempDir tmp;
  const auto run = [&](const std::string& name, const std::string& targets) {
    std::ofstream(tmp / (name + ".toml")) << "[task]\nname = \"tictactoe\"\ndirect_epochs = 3\n"
                                          << targets
                                          << "[genome]\nencoding = \"connectome\"\ngenes = 2\n"
                                             "[network]\nlayers = [18, 16, 9]\n"
                                             "[optimizer]\nkind = \"gradient\"\nbatches = 2\n"
                                             "[run]\ngenerations = 2\npopulation = 1\n";
    const auto r =
        run_innate(fmt::format("run {} --quiet --out {}", (tmp / (name + ".toml")).string(), (tmp / name).string()));
    INFO(r.err);
    REQUIRE(r.code == 0);
    return nlohmann::json::parse(slurp(tmp / name / "result.json"));
  };
  const auto optimal = run("optimal", ""), drawn = run("drawn", "targets = \"random\"\n"),
             again = run("again", "targets = \"random\"\n"),
             other = run("other", "targets = \"random\"\ntargets_seed = 1\n");
  // One target among the legal moves: chance is the mean of 1 / legal moves, and the table
  // of them is as large as the optimal one (log2 legal moves a position).
  double chance = 0, table = 0;
  for (const Position& p : solved().positions) {
    chance += 1.0 / std::popcount(p.legal);
    table += std::log2(double(std::popcount(p.legal)));
  }
  chance /= double(solved().positions.size());
  CHECK(drawn["scores"]["chance"].get<double>() == doctest::Approx(chance).epsilon(1e-12));
  CHECK(optimal["scores"]["chance"].get<double>() > chance);  // positions with several optimal moves
  CHECK(drawn["bit_bounds"]["random-move table"].get<double>() == doctest::Approx(table));
  CHECK(optimal["bit_bounds"]["optimal-move table"].get<double>() == doctest::Approx(table));
  // The same seed draws the same table, another seed another (the direct network trained
  // on it scores differently).
  CHECK(drawn["scores"] == again["scores"]);
  CHECK(drawn["scores"]["direct"] != other["scores"]["direct"]);
  CHECK(drawn["scores"]["direct"] != optimal["scores"]["direct"]);
}

TEST_CASE("tic-tac-toe: a network of the wrong shape is a one-line error") {
  TempDir tmp;
  std::ofstream(tmp / "t.toml") << "[task]\nname = \"tictactoe\"\n[genome]\nencoding = \"connectome\"\n[network]\n"
                                   "layers = [9, 9]\n[run]\ngenerations = 1\n";
  const auto r = run_innate(fmt::format("run {} --quiet --out {}", (tmp / "t.toml").string(), (tmp / "r").string()));
  CHECK(r.code == 2);
  CHECK(r.err.find("network.layers must start with 18") != std::string::npos);
}
