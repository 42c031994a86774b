#include "tasks/tictactoe/tictactoe.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/random/uniform_int_distribution.hpp>

#include <bit>
#include <cmath>

#include "engine/base/error.hpp"
#include "engine/base/memo.hpp"
#include "engine/run/checkpoint.hpp"

namespace innate {
namespace tictactoe {
namespace {

constexpr int kLines[8][3] = {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {0, 3, 6}, {1, 4, 7}, {2, 5, 8}, {0, 4, 8}, {2, 4, 6}};
constexpr int kBoards = 19683;  // 3^9

bool full(const Board& b) {
  for (auto c : b)
    if (c == 0) return false;
  return true;
}

// Depth-first over every game: solves each board once (memoised by index), counts games.
struct Search {
  Solution& s;
  // Per board index, for the side to move; 2 = not seen yet. A board is never met again
  // below itself (every move adds a mark), so 2 on entry means a first visit.
  std::vector<int> value;

  int visit(Board& b) {
    const int i = index_of(b);
    const bool solved = value[std::size_t(i)] != 2;
    if (!solved) ++s.reachable;
    const int w = winner(b);
    if (w != 0 || full(b)) {  // the game is over; the side to move did not make the last move
      if (!solved) ++s.terminal;
      ++s.games;
      (w == 1 ? s.x_wins : w == 2 ? s.o_wins : s.draws) += 1;
      return value[std::size_t(i)] = (w != 0 ? -1 : 0);
    }
    const auto mover = static_cast<std::uint8_t>(to_move(b));
    int best = -2;
    std::array<int, kMoves> child{};
    for (int c = 0; c < kMoves; ++c) {
      if (b[std::size_t(c)] != 0) continue;
      b[std::size_t(c)] = mover;
      child[std::size_t(c)] = -visit(b);  // every game is followed, to count them
      b[std::size_t(c)] = 0;
      best = std::max(best, child[std::size_t(c)]);
    }
    if (!solved) {
      Position p{b, best, 0, 0};
      for (int c = 0; c < kMoves; ++c)
        if (b[std::size_t(c)] == 0) {
          p.legal |= std::uint16_t(1u << c);
          if (child[std::size_t(c)] == best) p.optimal |= std::uint16_t(1u << c);
        }
      s.position_of[std::size_t(i)] = static_cast<int>(s.positions.size());
      s.positions.push_back(p);
    }
    return value[std::size_t(i)] = best;
  }
};

// Whether `side` playing `moves` can lose from `b` (memoised: 0 unknown, 1 safe, 2 loses).
bool can_lose(const Solution& s, const std::vector<int>& moves, int side, Board& b, std::vector<char>& memo) {
  const int i = index_of(b);
  if (memo[std::size_t(i)]) return memo[std::size_t(i)] == 2;
  bool loses = false;
  const int w = winner(b);
  if (w != 0)
    loses = w != side;
  else if (!full(b)) {
    const auto mover = static_cast<std::uint8_t>(to_move(b));
    if (mover == side) {
      const int c = moves[std::size_t(s.position_of[std::size_t(i)])];
      b[std::size_t(c)] = mover;
      loses = can_lose(s, moves, side, b, memo);
      b[std::size_t(c)] = 0;
    } else {
      for (int c = 0; c < kMoves && !loses; ++c) {
        if (b[std::size_t(c)] != 0) continue;
        b[std::size_t(c)] = mover;
        loses = can_lose(s, moves, side, b, memo);
        b[std::size_t(c)] = 0;
      }
    }
  }
  memo[std::size_t(i)] = loses ? 2 : 1;
  return loses;
}

}  // namespace

int winner(const Board& b) {
  for (const auto& l : kLines)
    if (b[std::size_t(l[0])] != 0 && b[std::size_t(l[0])] == b[std::size_t(l[1])] &&
        b[std::size_t(l[1])] == b[std::size_t(l[2])])
      return b[std::size_t(l[0])];
  return 0;
}

int to_move(const Board& b) {
  int filled = 0;
  for (auto c : b) filled += c != 0;
  return filled % 2 == 0 ? 1 : 2;
}

int index_of(const Board& b) {
  int i = 0;
  for (auto c : b) i = 3 * i + c;
  return i;
}

Solution solve() {
  Solution s;
  s.position_of.assign(kBoards, -1);
  Search search{s, std::vector<int>(kBoards, 2)};
  Board empty{};
  search.visit(empty);
  return s;
}

void encode(const Board& b, float* inputs) {
  const int mover = to_move(b);
  for (int c = 0; c < kMoves; ++c) {
    inputs[c] = b[std::size_t(c)] == mover ? 1.0f : 0.0f;
    inputs[kMoves + c] = b[std::size_t(c)] != 0 && b[std::size_t(c)] != mover ? 1.0f : 0.0f;
  }
}

bool never_loses(const Solution& s, const std::vector<int>& moves, int side) {
  if (moves.size() != s.positions.size()) throw std::logic_error("tictactoe::never_loses(): one move per position");
  std::vector<char> memo(kBoards, 0);
  Board empty{};
  return !can_lose(s, moves, side, empty, memo);
}

}  // namespace tictactoe

using namespace tictactoe;

namespace {

// Each position's target: one of its legal moves, uniformly drawn from `seed`'s stream.
void draw_targets(tictactoe::Solution& solution, std::uint64_t seed) {
  Rng rng = stream({seed, 0, 0, Purpose::task});
  for (Position& p : solution.positions) {
    boost::random::uniform_int_distribution<int> pick(0, std::popcount(p.legal) - 1);
    int k = pick(rng);
    for (int c = 0; c < kMoves; ++c)
      if (p.legal >> c & 1u && k-- == 0) {
        p.optimal = static_cast<std::uint16_t>(1u << c);
        break;
      }
  }
}

}  // namespace

TicTacToeTask::TicTacToeTask(MlpShape network, TicTacToeSettings settings)
    : network_(std::move(network)), settings_(settings), solution_(solve()) {
  if (settings_.random_targets) draw_targets(solution_, settings_.targets_seed);
  if (network_.sizes.front() != kInputs || network_.sizes.back() != kMoves)
    throw InputError(
        fmt::format("network.layers must start with {} (the mover's and the opponent's cells) and end "
                    "with {} (one output per cell), got [{}]",
                    kInputs, kMoves, fmt::join(network_.sizes, ", ")));
  const auto n = static_cast<Eigen::Index>(solution_.positions.size());
  inputs_.resize(kInputs, n);
  examples_.height = 1;
  examples_.width = kInputs;
  examples_.classes = kMoves;
  for (Eigen::Index p = 0; p < n; ++p) {
    const Position& pos = solution_.positions[std::size_t(p)];
    encode(pos.board, inputs_.col(p).data());
    for (int c = 0; c < kMoves; ++c)
      if (pos.optimal >> c & 1u) examples_.labels.push_back(c);
  }
  examples_.images.resize(kInputs, static_cast<Eigen::Index>(examples_.labels.size()));
  Eigen::Index e = 0;
  for (Eigen::Index p = 0; p < n; ++p)
    for (int k = std::popcount(solution_.positions[std::size_t(p)].optimal); k > 0; --k)
      examples_.images.col(e++) = inputs_.col(p);
}

std::vector<int> TicTacToeTask::moves(std::span<const float> params) const {
  const Matrix& out = mlp_forward(network_, params.data(), inputs_, workspaces_.local());
  std::vector<int> chosen(solution_.positions.size());
  for (std::size_t p = 0; p < chosen.size(); ++p) {
    const std::uint16_t legal = solution_.positions[p].legal;
    int best = -1;
    for (int c = 0; c < kMoves; ++c)  // the first of equal outputs: a fixed tie-break
      if ((legal >> c & 1u) && (best < 0 || out(c, Eigen::Index(p)) > out(best, Eigen::Index(p)))) best = c;
    chosen[p] = best;
  }
  return chosen;
}

double TicTacToeTask::optimal_fraction(const std::vector<int>& chosen) const {
  std::size_t good = 0;
  for (std::size_t p = 0; p < chosen.size(); ++p) good += solution_.positions[p].optimal >> chosen[p] & 1u;
  return double(good) / double(chosen.size());
}

double TicTacToeTask::evaluate(const Individual& individual, const Draws& draws, std::span<double>) const {
  Eigen::VectorXf& params = params_.local();
  params.resize(static_cast<Eigen::Index>(network_.param_count()));
  const std::span<float> p(params.data(), static_cast<std::size_t>(params.size()));
  individual.develop(p, draws.own());
  return optimal_fraction(moves(p));
}

Budget TicTacToeTask::evaluation_cost(std::span<const double>) const {
  const auto n = static_cast<std::uint64_t>(solution_.positions.size());
  return {n, 0, 0, 0, 2.0 * double(network_.param_count()) * double(n)};
}

void TicTacToeTask::train(std::span<float> params, double learning_rate, std::size_t steps, Rng& order) const {
  TrainSettings training = settings_.training;
  training.learning_rate = learning_rate;
  Trainer trainer(network_, training);
  trainer.train(params, examples_, steps, order);
}

std::vector<std::size_t> TicTacToeTask::training_examples(std::size_t steps, Rng order) const {
  return epoch_batches(examples_.size(), static_cast<std::size_t>(settings_.training.batch), steps, order);
}

double TicTacToeTask::gradient(std::span<const float> params, Rng& order, std::span<float> grad) const {
  return minibatches_.local()(network_, params, examples_, settings_.training, order, grad);
}

Budget TicTacToeTask::step_cost() const {
  const auto batch = static_cast<std::uint64_t>(settings_.training.batch);
  return {batch, 1, 0, 0, 6.0 * double(network_.param_count()) * double(batch)};
}

double TicTacToeTask::validation_score(const Individual& individual, std::uint64_t seed) const {
  Eigen::VectorXf params(static_cast<Eigen::Index>(network_.param_count()));
  Rng birth = stream({seed, 0, 0, Purpose::final_evaluation});  // the birth final_scores gives the innate arm
  individual.develop(std::span<float>(params.data(), static_cast<std::size_t>(params.size())), birth);
  return optimal_fraction(moves(std::span<const float>(params.data(), static_cast<std::size_t>(params.size()))));
}

Eigen::VectorXf TicTacToeTask::direct_network(std::uint64_t seed, std::size_t steps) const {
  const std::string key =
      fmt::format("tictactoe direct {} {}", training_key(network_, settings_.training, examples_, seed), steps);
  return computed_once<Eigen::VectorXf>(key, [&] {
    Eigen::VectorXf direct(static_cast<Eigen::Index>(network_.param_count()));
    Rng init = stream({seed, 1, 0, Purpose::final_evaluation});
    initialise_mlp(network_, direct.data(), init);
    Trainer trainer(network_, settings_.training);
    Rng order = stream({seed, 3, 0, Purpose::final_evaluation});
    trainer.train({direct.data(), static_cast<std::size_t>(direct.size())}, examples_, steps, order);
    return direct;
  });
}

FinalScores TicTacToeTask::final_scores(const Individual& individual, const Budget& run, std::uint64_t seed,
                                        const std::filesystem::path& dir) const {
  const auto n = static_cast<Eigen::Index>(network_.param_count());
  auto span = [](Eigen::VectorXf& v) { return std::span<float>(v.data(), static_cast<std::size_t>(v.size())); };
  FinalScores out;
  out.splits = {{"positions", solution_.positions.size()}, {"examples", examples_.size()}};
  // A table naming one optimal move in every position: log2(legal moves) bits each.
  double table = 0.0;
  for (const Position& p : solution_.positions) table += std::log2(double(std::popcount(p.legal)));
  out.bit_bounds = {{settings_.random_targets ? "random-move table" : "optimal-move table", table}};
  // Every score is exact over the whole position set: validation and test are the same.
  auto record = [&](const std::string& name, double value) {
    out.test.push_back({name, value});
    out.validation.push_back({name, value});
  };
  double chance = 0;
  for (const Position& p : solution_.positions) chance += double(std::popcount(p.optimal)) / std::popcount(p.legal);
  record("chance", chance / double(solution_.positions.size()));
  out.budgets.push_back({"chance", {}});
  auto score = [&](const std::string& arm, Eigen::VectorXf& params, const Budget& used) {
    const std::vector<int> chosen = moves(span(params));
    record(arm, optimal_fraction(chosen));
    const bool unbeatable = never_loses(solution_, chosen, 1) && never_loses(solution_, chosen, 2);
    record(arm + "_unbeatable", unbeatable ? 1.0 : 0.0);
    out.budgets.push_back({arm, used});
  };
  Eigen::VectorXf innate(n);
  Rng birth = stream({seed, 0, 0, Purpose::final_evaluation});
  individual.develop(span(innate), birth);
  score("innate", innate, run);
  Eigen::VectorXf direct(n);
  if (settings_.direct_epochs > 0) {
    const std::size_t steps = (examples_.size() + std::size_t(settings_.training.batch) - 1) /
                              std::size_t(settings_.training.batch) * std::size_t(settings_.direct_epochs);
    direct = direct_network(seed, steps);
    score("direct", direct, step_cost().times(steps));
  }
  if (!dir.empty())
    save_networks(dir, network_, span(innate), settings_.direct_epochs > 0 ? span(direct) : std::span<float>());
  return out;
}

TaskEntry TicTacToeTask::entry() {
  TaskEntry e;
  e.choice = {
      "tictactoe",
      "play perfect tic-tac-toe: every reachable position solved by minimax; final scores: chance, innate, "
      "direct, each with whether it is unbeatable",
      {
          {"direct_epochs", "200", "epochs of the directly trained network over the optimal-move labels (0: skip)"},
          {"targets", "\"optimal\"",
           "\"optimal\": the minimax-optimal moves; \"random\": one legal move a position drawn from targets_seed "
           "(a table with no rule behind it)"},
          {"targets_seed", "0", "the seed of the random targets (the same for every run seed)"},
      }};
  for (KeySpec& key : training_keys()) e.choice.keys.push_back(std::move(key));
  e.measures.scores = {"chance", "innate", "innate_unbeatable", "direct", "direct_unbeatable"};
  e.measures.range = {0.0, 1.0};  // fractions of positions
  e.measures.paired = {{"innate", "chance"}};
  e.measures.fraction = {"chance", "innate", "direct"};
  e.make = [](const Section& cfg, const TaskContext& context) -> std::unique_ptr<Task> {
    if (!context.phenotype.network || context.encoding.phenotype_size() != context.phenotype.network->param_count())
      throw InputError(fmt::format("task 'tictactoe' needs a network encoding and a [network] section, not \"{}\"",
                                   context.encoding.name()));
    require_experience(context.lifetime, "tictactoe", {Experience::none}, "\"none\"");
    TicTacToeSettings s;
    s.training = read_training(cfg);
    s.direct_epochs = static_cast<int>(cfg.integer("direct_epochs", 0, 1'000'000));
    s.random_targets = cfg.choice("targets", {"optimal", "random"}) == "random";
    s.targets_seed = static_cast<std::uint64_t>(cfg.integer("targets_seed", 0));
    return std::make_unique<TicTacToeTask>(*context.phenotype.network, s);
  };
  return e;
}

}  // namespace innate
