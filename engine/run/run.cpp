#include "engine/run/run.hpp"

#include <fmt/format.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <unistd.h>
#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "engine/base/error.hpp"
#include "engine/base/files.hpp"
#include "engine/base/text.hpp"
#include "engine/formats/serialization.hpp"
#include "engine/run/bound.hpp"
#include "engine/run/checkpoint.hpp"
#include "engine/run/directory_lock.hpp"
#include "engine/run/progress.hpp"
#include "engine/run/results.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_interrupt(int) { g_interrupted = 1; }

std::string metrics_header(const Measures& measures) {
  std::string header = "generation,best,mean,std";
  for (const auto& name : measures.columns) header += fmt::format(",{}", name);
  return header + "\n";
}

// Score statistics over the finite scores (NaN and infinities are counted and ranked
// worst) and the population means of the task's columns: one metrics.csv row.
std::string generation_row(std::uint64_t g, const MetricsTable& results, const Task& task, std::vector<double>& scores,
                           RunState& state) {
  const std::size_t n = scores.size();
  for (std::size_t i = 0; i < n; ++i) scores[i] = results(static_cast<Eigen::Index>(i), 0);
  double best = -std::numeric_limits<double>::infinity(), sum = 0.0;
  std::size_t finite = 0;
  for (double s : scores) {
    if (!std::isfinite(s)) continue;
    ++finite;
    sum += s;
    best = std::max(best, s);
  }
  const double mean = finite ? sum / static_cast<double>(finite) : std::nan("");
  double squares = 0.0;
  for (double s : scores)
    if (std::isfinite(s)) squares += (s - mean) * (s - mean);
  const double std_dev = finite ? std::sqrt(squares / static_cast<double>(finite)) : std::nan("");
  if (finite && best > state.best_score) state.best_score = best;
  state.invalid_evaluations += n - finite;
  state.evaluations += n;
  const auto width = static_cast<std::size_t>(results.cols());
  for (std::size_t i = 0; i < n; ++i)  // in index order: the same sum on every rank and thread count
    state.evaluated += task.evaluation_cost({results.data() + i * width + 1, width - 1});

  state.last_row = {best, mean, std_dev};
  for (Eigen::Index c = 1; c < results.cols(); ++c) {
    double total = 0.0;  // a plain serial sum: the same bits whatever the memory alignment
    for (std::size_t i = 0; i < n; ++i) total += results(static_cast<Eigen::Index>(i), c);
    state.last_row.push_back(total / static_cast<double>(n));
  }
  std::string row = fmt::format("{}", g);
  for (const double v : state.last_row) row += fmt::format(",{}", format_number(v));
  return row + "\n";
}

// run.keep = "validation": the recommendation after generation g replaces the kept one
// when the task scores it strictly better on validation (the earliest of equals stays).
// What the check trained on (a life's learning) is in the budget; scoring validation is not.
void keep_if_better(const Bound& b, std::uint64_t g, RunState& state) {
  const Eigen::VectorXf genome = b.optimizer->recommendation();
  const double score =
      b.task->validation_score(b.individual({genome.data(), static_cast<std::size_t>(genome.size())}), b.run.seed);
  state.evaluated += b.task->validation_cost();
  if (!(score > state.kept_score)) return;
  state.kept_score = score;
  state.kept_generation = g;
  state.kept_genome.assign(genome.data(), genome.data() + genome.size());
}

void save_state(const fs::path& checkpoint, const Bound& b, RunState& state) {
  std::ostringstream blob(std::ios::binary);
  {
    cereal::PortableBinaryOutputArchive archive(blob);
    b.optimizer->save(archive);
  }
  state.optimizer_state = blob.str();
  save_checkpoint(checkpoint, b.header, state);
}

// SIGINT and SIGTERM set a flag for the span of a run; the previous handlers come back after.
class InterruptFlag {
 public:
  InterruptFlag()
      : previous_int_(std::signal(SIGINT, on_interrupt)), previous_term_(std::signal(SIGTERM, on_interrupt)) {
    g_interrupted = 0;
  }
  ~InterruptFlag() {
    std::signal(SIGINT, previous_int_);
    std::signal(SIGTERM, previous_term_);
  }
  bool raised() const { return g_interrupted != 0; }

 private:
  void (*previous_int_)(int);
  void (*previous_term_)(int);
};

int thread_count(const RunOptions& options, const Bound& b) {
  const int t = options.threads.value_or(b.run.threads);
  return t > 0 ? t : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

int execute(const fs::path& dir, Bound& b, RunState state, const RunOptions& options, Communicator& comm) {
  const auto wall_start = std::chrono::steady_clock::now();
  const bool leader = comm.leader();
  const int threads = thread_count(options, b);
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  const std::uint64_t resumed_from = state.next_generation;

  if (state.metrics_csv.empty()) state.metrics_csv = metrics_header(b.measures);
  AppendFile metrics;
  if (leader) {
    write_file_atomic(dir / "metrics.csv", state.metrics_csv);  // drops rows written after the checkpoint
    metrics = AppendFile(dir / "metrics.csv");
  }
  const std::size_t n = b.run.population;
  MetricsTable results(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(1 + b.measures.columns.size()));
  std::vector<double> scores(n);
  const auto [share_begin, share_end] = comm.share(n);
  const fs::path checkpoint = dir / "checkpoints" / "latest.ckpt";
  const InterruptFlag interrupt;
  Progress progress(leader && !options.quiet && stderr_is_terminal(), state.next_generation, b.run.generations);

  int exit_code = 0;
  for (std::uint64_t g = state.next_generation; g <= b.run.generations; ++g) {
    const Population& population = b.optimizer->ask(g);
    evaluate_population(*b.task, *b.encoding, *b.lifetime, population, b.run.seed, g, share_begin, share_end, results);
    comm.all_gather({results.data(), static_cast<std::size_t>(results.size())},
                    static_cast<std::size_t>(results.cols()));
    const std::string row = generation_row(g, results, *b.task, scores, state);
    b.optimizer->tell(scores);
    if (b.run.keep_validation && (g % b.run.validate_every == 0 || g == b.run.generations)) keep_if_better(b, g, state);
    state.metrics_csv += row;
    if (leader) metrics.append(row);
    state.next_generation = g + 1;
    progress.update(g, state.last_row[0], state.last_row[1], n);
    if (options.after_generation) options.after_generation(g, comm.rank());
    const bool interrupted = comm.any(interrupt.raised());  // every rank stops at the same generation
    if (leader && (g % b.run.checkpoint_every == 0 || g == b.run.generations || interrupted))
      save_state(checkpoint, b, state);
    if (interrupted && g < b.run.generations) {
      progress.finish();
      if (leader)
        fmt::print(stderr, "innate: interrupted after generation {}; continue with: innate resume {}\n", g,
                   dir.string());
      exit_code = kExitInterrupted;
      break;
    }
  }
  progress.finish();
  if (!leader) return exit_code;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  write_resources(dir, threads, comm, wall, state.evaluations - resumed_from * n, resumed_from);
  if (exit_code != 0) return exit_code;

  write_results(dir, b, state);
  if (!options.quiet)
    fmt::print("{}: {} generations, {} evaluations, best score {}, {:.2f} s on {} threads{}\n", dir.string(),
               b.run.generations + 1, state.evaluations, format_number(state.best_score), wall, threads,
               comm.size() > 1 ? fmt::format(" x {} ranks", comm.size()) : std::string{});
  return 0;
}

}  // namespace

fs::path choose_output_dir(const fs::path& requested, const std::string& name, std::uint64_t seed) {
  std::error_code ec;
  if (!requested.empty()) {
    if (fs::exists(requested, ec) && !(fs::is_directory(requested, ec) && holds_nothing(requested)))
      throw InputError(
          fmt::format("{}: output directory exists and is not empty; choose another --out", requested.string()));
    return requested;
  }
  const fs::path base = confined_path("runs", fmt::format("{}-seed{}", name, seed), "run.name");
  fs::path candidate = base;
  for (int k = 2; fs::exists(candidate, ec); ++k) candidate = fs::path(fmt::format("{}-{}", base.string(), k));
  return candidate;
}

void write_scenario_files(const fs::path& dir, const Scenario& scenario, const Catalog& catalog) {
  write_file_atomic(dir / "scenario.toml", scenario.to_toml());
  write_file_atomic(dir / "measures.json", measures_json(task_measures(scenario, catalog)).dump(2) + "\n");
}

Communicator& communicator(const RunOptions& options) {
  static Communicator single;  // stateless: a process of one
  return options.communicator ? *options.communicator : single;
}

void evaluate_population(const Task& task, const Encoding& encoding, const Lifetime& lifetime,
                         const Population& population, std::uint64_t seed, std::uint64_t generation, std::size_t begin,
                         std::size_t end, MetricsTable& results) {
  const auto columns = static_cast<std::size_t>(results.cols());
  // Each worker writes only its own rows.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(begin, end), [&](const tbb::blocked_range<std::size_t>& range) {
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      Rng rng = stream({seed, generation, i, Purpose::evaluate});
      double* row = results.data() + i * columns;
      const Individual individual(row_view(population, static_cast<Eigen::Index>(i)), encoding, lifetime);
      row[0] = task.evaluate(individual, Draws(rng, seed, generation), {row + 1, columns - 1});
    }
  });
}

int run_scenario(const Scenario& scenario, const Catalog& catalog, const RunOptions& options) {
  Communicator& comm = communicator(options);
  Bound b = bind(scenario, catalog);
  fs::path dir;
  on_leader(comm, [&] {
    dir = choose_output_dir(options.out, b.run.name, b.run.seed);
    fs::create_directories(dir / "checkpoints");
    write_scenario_files(dir, scenario, catalog);
    write_inputs(dir, *b.task);
    if (!options.quiet) fmt::print(stderr, "innate: running {} into {}\n", b.run.name, dir.string());
  });
  return execute(dir, b, RunState{}, options, comm);
}

int resume_run(const fs::path& dir, const Catalog& catalog, const RunOptions& options) {
  Communicator& comm = communicator(options);
  const fs::path scenario_path = dir / "scenario.toml", checkpoint_path = dir / "checkpoints" / "latest.ckpt";
  if (leader_value(comm, [&] {
        std::error_code ec;
        return fs::is_regular_file(dir / "result.json", ec);
      })) {
    // Nothing is re-scored or rewritten: a finished run's files stay as they are.
    if (!options.quiet && comm.leader())
      fmt::print(stderr, "innate: {} has finished (result.json); nothing to resume\n", dir.string());
    return 0;
  }
  // Rank 0 reads the run directory and shares it: other ranks need no shared file system.
  std::string scenario_text, checkpoint;
  on_leader(comm, [&] {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw InputError(fmt::format("{}: no such run directory", dir.string()));
    if (!fs::is_regular_file(scenario_path, ec))
      throw InputError(fmt::format("{}: not a run directory (no scenario.toml)", dir.string()));
    if (!fs::is_regular_file(checkpoint_path, ec))
      throw InputError(fmt::format("{}: no checkpoint to resume from", checkpoint_path.string()));
    scenario_text = read_file(scenario_path);
    checkpoint = read_file(checkpoint_path);
  });
  comm.broadcast(scenario_text);
  comm.broadcast(checkpoint);
  const Scenario scenario = Scenario::from_text(scenario_text, scenario_path.string(), {}, catalog.schema());
  Bound b = bind(scenario, catalog);
  on_leader(comm, [&] { check_inputs(dir, *b.task); });
  RunState state = parse_checkpoint(checkpoint, checkpoint_path.string(), b.header);
  std::istringstream blob(state.optimizer_state, std::ios::binary);
  try {
    cereal::PortableBinaryInputArchive archive(blob);
    b.optimizer->load(archive);
  } catch (const cereal::Exception&) {
    throw InputError(fmt::format("{}: corrupt checkpoint (optimizer state unreadable)", checkpoint_path.string()));
  } catch (const InputError& e) {  // an optimizer's own check of its state: name the file it came from
    throw InputError(fmt::format("{}: {}", checkpoint_path.string(), e.what()));
  }
  if (!options.quiet && comm.leader())
    fmt::print(stderr, "innate: resuming {} at generation {}\n", dir.string(), state.next_generation);
  return execute(dir, b, std::move(state), options, comm);
}

}  // namespace innate
