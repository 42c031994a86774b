#pragma once
// Tic-tac-toe played perfectly (registered as "tictactoe"): the small, exact end of
// Lillicrap & Kording's compressibility scale. At construction every position reachable
// from the empty board is enumerated and solved by full minimax search (held in memory:
// 5,478 positions, 4,520 with a move to make). The network sees a position from the side
// to move (18 inputs: the mover's cells, then the opponent's) and plays the argmax of its
// 9 outputs over the empty cells. Scores, exact over every position (nothing is sampled,
// so there is no held-out split: validation and test are the same complete set):
//   chance            the expected fraction of optimal moves of a uniformly random legal move
//   innate            the fraction of positions where the decoded network's move is optimal
//   innate_unbeatable 1 if the decoded network never loses, as X and as O, against every
//                     opponent strategy (exhaustive play of the game tree), else 0
//   direct            the same network trained by gradient on the optimal-move labels
//   direct_unbeatable as innate_unbeatable, for the direct network
// A move is optimal when it keeps the position's minimax value (win, draw or loss for
// the mover). The task offers the labelled positions to optimizers that fit by gradient
// (Supervision): one example per (position, optimal move).
// task.targets = "random" keeps the positions and replaces the optimal moves by one legal
// move drawn uniformly per position (from task.targets_seed, the same for every run
// seed): a policy table of the same size with no rule behind it, the incompressible end
// of the scale. Every score then counts the drawn move as the one to play.
#include <array>
#include <cstdint>
#include <vector>

#include <oneapi/tbb/enumerable_thread_specific.h>

#include "engine/components/components.hpp"
#include "engine/components/supervision.hpp"
#include "tasks/supervised/training.hpp"

namespace innate {
namespace tictactoe {

using Board = std::array<std::uint8_t, 9>;  // 0 empty, 1 X, 2 O; cells row-major
constexpr int kInputs = 18, kMoves = 9;

int winner(const Board& b);    // 1 or 2 when that side has three in a row, else 0
int to_move(const Board& b);   // X (1) moves first
int index_of(const Board& b);  // base-3 number of the board, in [0, 3^9)

struct Position {
  Board board;
  int value = 0;              // minimax value for the side to move: 1 win, 0 draw, -1 loss
  std::uint16_t legal = 0;    // bit c: cell c is empty
  std::uint16_t optimal = 0;  // bit c: playing c keeps the value
};

struct Solution {
  std::vector<Position> positions;  // reachable, not over, in a fixed (depth-first) order
  std::vector<int> position_of;     // board index -> position, -1 when not a non-terminal reachable board
  std::size_t reachable = 0;        // every reachable board, the empty and finished ones included
  std::size_t terminal = 0;         // reachable boards where the game is over
  std::uint64_t games = 0;          // distinct games (move sequences to an end)
  std::uint64_t x_wins = 0, o_wins = 0, draws = 0;
};

// Enumerates and solves the game.
Solution solve();

// The network's input for a board, from the side to move: mover's cells, opponent's cells.
void encode(const Board& b, float* inputs);

// Whether the policy `moves` (one cell per position of `s`) never loses when it plays
// `side` (1 = X, 2 = O) against every opponent strategy.
bool never_loses(const Solution& s, const std::vector<int>& moves, int side);

}  // namespace tictactoe

struct TicTacToeSettings {
  int direct_epochs = 200;
  TrainSettings training;
  bool random_targets = false;  // one drawn legal move per position instead of the optimal ones
  std::uint64_t targets_seed = 0;
};

class TicTacToeTask final : public Task, public Supervision {
 public:
  TicTacToeTask(MlpShape network, TicTacToeSettings settings);

  double evaluate(const Individual& individual, const Draws& draws, std::span<double> metrics) const override;
  Budget evaluation_cost(std::span<const double> metrics) const override;
  FinalScores final_scores(const Individual& individual, const Budget& run, std::uint64_t seed,
                           const std::filesystem::path& dir) const override;
  const Supervision* supervision() const override { return this; }
  // Validation is the exact score over every position, as test is (there is nothing held
  // out to generalise to): the optimal fraction of the decoded network's moves, no interval.
  bool scores_validation() const override { return true; }
  double validation_score(const Individual& individual, std::uint64_t seed) const override;

  void train(std::span<float> params, double learning_rate, std::size_t steps, Rng& order) const override;
  std::vector<std::size_t> training_examples(std::size_t steps, Rng order) const override;
  double gradient(std::span<const float> params, Rng& order, std::span<float> grad) const override;
  Budget step_cost() const override;

  // The network's move in every position (the argmax of its outputs over empty cells),
  // and the fraction of them that are optimal.
  std::vector<int> moves(std::span<const float> params) const;
  double optimal_fraction(const std::vector<int>& moves) const;
  const tictactoe::Solution& solution() const { return solution_; }

  static TaskEntry entry();

 private:
  // The network trained `steps` minibatches on the labels from seed `seed`'s
  // initialisation: the direct arm. It depends on the seed, the training settings and the
  // labels, never on the genome, so one process (a sweep, an atlas: many genome sizes a
  // seed) trains it once per seed, settings and labels and hands out copies.
  Eigen::VectorXf direct_network(std::uint64_t seed, std::size_t steps) const;

  MlpShape network_;
  TicTacToeSettings settings_;
  tictactoe::Solution solution_;
  Matrix inputs_;                                                    // kInputs x positions
  Dataset examples_;                                                 // one column per (position, optimal move)
  mutable tbb::enumerable_thread_specific<Eigen::VectorXf> params_;  // per thread: decoded network
  mutable tbb::enumerable_thread_specific<MlpWorkspace> workspaces_;
  mutable tbb::enumerable_thread_specific<MinibatchGradient> minibatches_;
};

}  // namespace innate
