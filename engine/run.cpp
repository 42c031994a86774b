#include "engine/run.hpp"

#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <fmt/format.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "engine/bound.hpp"
#include "engine/checkpoint.hpp"
#include "engine/directory_lock.hpp"
#include "engine/error.hpp"
#include "engine/progress.hpp"
#include "engine/serialization.hpp"
#include "engine/text.hpp"

#ifndef INNATE_BUILD_FLAGS
#define INNATE_BUILD_FLAGS "unknown"
#endif

namespace innate {
namespace fs = std::filesystem;

std::vector<KeySpec> run_keys() {
  return {
      {"name", "\"\"", "run name used in result.json and the default output directory (default: the file's stem)"},
      {"seed", "1", "run seed; every random draw derives from it"},
      {"generations", "50", "generations after the initial one (metrics.csv has generations + 1 rows)"},
      {"population", "100", "individuals per generation"},
      {"threads", "0", "worker threads, 0 = all cores (results do not depend on it)"},
      {"checkpoint_every", "10", "write a checkpoint every this many generations (and at the end)"},
      {"keep", "\"last\"",
       "the genome the final scores are of: \"last\" (the optimizer's recommendation at the end) or \"validation\" (of its "
       "recommendations every validate_every generations and at the end, the one the task scores best on validation data)"},
      {"validate_every", "10", "with keep = \"validation\": generations between the recommendations scored on validation"},
      {"replicates", "1", "independent runs with seeds seed, seed+1, ...: replicate-k/ and summary.csv with 95% intervals"},
  };
}

namespace {

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_interrupt(int) { g_interrupted = 1; }

std::string metrics_header(const Measures& measures) {
  std::string header = "generation,best,mean,std";
  for (const auto& name : measures.columns) header += fmt::format(",{}", name);
  return header + "\n";
}

// The last data row of metrics.csv as name -> value, for result.json's "final" block.
Json final_row(const std::string& csv) {
  std::istringstream in(csv);
  std::string header, line, last;
  std::getline(in, header);
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  Json row = Json::object();
  if (last.empty()) return row;
  std::istringstream names(header), values(last);
  std::string name, value;
  while (std::getline(names, name, ',') && std::getline(values, value, ',')) {
    if (name == "generation") continue;
    const double x = std::strtod(value.c_str(), nullptr);
    row[name] = std::isfinite(x) ? Json(x) : Json(nullptr);
  }
  return row;
}

std::string host_name() {
  char buf[256] = {};
  return ::gethostname(buf, sizeof buf - 1) == 0 ? std::string(buf) : std::string("unknown");
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown";
}

void write_results(const fs::path& dir, const Bound& b, const RunState& state) {
  Json result;
  result["scenario"] = b.run.name;
  result["seed"] = b.run.seed;
  result["generations"] = b.run.generations;
  result["population"] = b.run.population;
  result["genome_params"] = b.genome->genome_size();
  result["genome_bits"] = b.genome->genome_bits();
  if (b.lifetime->genome_size()) result["rule_params"] = b.lifetime->genome_size();
  if (const auto net = b.genome->network_params()) {
    result["network_params"] = *net;
    result["compression"] = static_cast<double>(*net) / static_cast<double>(b.genome->genome_size());
  }
  Eigen::VectorXf genome = b.optimizer->recommendation();
  if (b.run.keep_validation && !state.kept_genome.empty()) {  // empty only if every validation score was NaN
    genome = Eigen::Map<const Eigen::VectorXf>(state.kept_genome.data(), static_cast<Eigen::Index>(state.kept_genome.size()));
    result["kept"] = Json{{"rule", "validation"}, {"generation", state.kept_generation}, {"validation_score", state.kept_score}};
  }
  const GenomeView genes(genome.data(), static_cast<std::size_t>(genome.size()));
  Budget spent = state.evaluated + b.optimizer->consumed();
  spent.evaluations = state.evaluations;
  const FinalScores final = b.task->final_scores(b.individual(genes), spent, b.run.seed, dir);
  auto named = [](const auto& pairs) {
    Json j = Json::object();
    for (const auto& [name, value] : pairs) j[name] = value;
    return j;
  };
  if (!final.splits.empty()) result["splits"] = named(final.splits);
  if (!final.test.empty()) result["scores"] = named(final.test);
  if (!final.validation.empty()) result["validation_scores"] = named(final.validation);
  add_nature_fraction(result, b.measures->fraction);
  add_nature_fraction(result, b.measures->fraction, "validation_");
  if (final.data_equivalent) result["data_equivalent"] = data_equivalent_json(*final.data_equivalent);
  Json budget = Json::object();
  for (const auto& [arm, used] : final.budgets) budget[arm] = used.to_json();
  if (!budget.empty()) result["budget"] = budget;
  result["best_score"] = std::isfinite(state.best_score) ? Json(state.best_score) : Json(nullptr);
  result["final"] = final_row(state.metrics_csv);
  result["evaluations"] = state.evaluations;
  result["invalid_evaluations"] = state.invalid_evaluations;
  write_file_atomic(dir / "result.json", result.dump(2) + "\n");

  write_file_atomic(dir / "genome.cereal", genome_archive(b.header.encoding_tag, genes));
}

void write_resources(const fs::path& dir, int threads, const Communicator& comm, double wall_seconds,
                     std::uint64_t evaluations, std::uint64_t resumed_from) {
  Json res;
  res["wall_seconds"] = wall_seconds;
  res["threads"] = threads;
  res["processes"] = comm.size();
  res["parallelism"] = comm.describe();
  res["hardware_threads"] = std::thread::hardware_concurrency();
  res["evaluations_this_session"] = evaluations;
  res["evaluations_per_second"] = wall_seconds > 0 ? static_cast<double>(evaluations) / wall_seconds : 0.0;
  res["resumed_from_generation"] = resumed_from;
  res["host"] = host_name();
  res["cpu"] = cpu_model();
  res["compiler"] = __VERSION__;
  res["build_flags"] = INNATE_BUILD_FLAGS;
  write_file_atomic(dir / "resources.json", res.dump(2) + "\n");
}

// Score statistics over the finite scores (NaN and infinities are counted and ranked
// worst) and the population means of the task's columns: one metrics.csv row.
std::string generation_row(std::uint64_t g, const MetricsTable& results, const Task& task, std::vector<double>& scores,
                           RunState& state, double& best, double& mean) {
  const std::size_t n = scores.size();
  for (std::size_t i = 0; i < n; ++i) scores[i] = results(static_cast<Eigen::Index>(i), 0);
  best = -std::numeric_limits<double>::infinity();
  double sum = 0.0;
  std::size_t finite = 0;
  for (double s : scores) {
    if (!std::isfinite(s)) continue;
    ++finite;
    sum += s;
    best = std::max(best, s);
  }
  mean = finite ? sum / static_cast<double>(finite) : std::nan("");
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

  std::string row = fmt::format("{},{},{},{}", g, format_number(best), format_number(mean), format_number(std_dev));
  for (Eigen::Index c = 1; c < results.cols(); ++c) {
    double total = 0.0;  // a plain serial sum: the same bits whatever the memory alignment
    for (std::size_t i = 0; i < n; ++i) total += results(static_cast<Eigen::Index>(i), c);
    row += fmt::format(",{}", format_number(total / static_cast<double>(n)));
  }
  return row + "\n";
}

// run.keep = "validation": the recommendation after generation g replaces the kept one
// when the task scores it strictly better on validation (the earliest of equals stays).
void keep_if_better(const Bound& b, std::uint64_t g, RunState& state) {
  const Eigen::VectorXf genome = b.optimizer->recommendation();
  const double score = b.task->validation_score(b.individual({genome.data(), static_cast<std::size_t>(genome.size())}),
                                                b.run.seed);
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
  InterruptFlag() : previous_int_(std::signal(SIGINT, on_interrupt)), previous_term_(std::signal(SIGTERM, on_interrupt)) {
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

  if (state.metrics_csv.empty()) state.metrics_csv = metrics_header(*b.measures);
  std::ofstream metrics;
  if (leader) {
    write_file_atomic(dir / "metrics.csv", state.metrics_csv);  // drops rows written after the checkpoint
    metrics.open(dir / "metrics.csv", std::ios::app | std::ios::binary);
  }
  const std::size_t n = b.run.population;
  MetricsTable results(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(1 + b.measures->columns.size()));
  std::vector<double> scores(n);
  const auto [share_begin, share_end] = comm.share(n);
  const fs::path checkpoint = dir / "checkpoints" / "latest.ckpt";
  const InterruptFlag interrupt;
  Progress progress(leader && !options.quiet && stderr_is_terminal(), state.next_generation, b.run.generations);

  int exit_code = 0;
  for (std::uint64_t g = state.next_generation; g <= b.run.generations; ++g) {
    const Population& population = b.optimizer->ask(g);
    evaluate_population(*b.task, *b.encoding, *b.lifetime, population, b.run.seed, g, share_begin, share_end, results);
    comm.all_gather({results.data(), static_cast<std::size_t>(results.size())}, static_cast<std::size_t>(results.cols()));
    double best = 0, mean = 0;
    const std::string row = generation_row(g, results, *b.task, scores, state, best, mean);
    b.optimizer->tell(scores);
    if (b.run.keep_validation && (g % b.run.validate_every == 0 || g == b.run.generations)) keep_if_better(b, g, state);
    state.metrics_csv += row;
    if (leader) metrics << row << std::flush;
    state.next_generation = g + 1;
    progress.update(g, best, mean, n);
    if (options.after_generation) options.after_generation(g, comm.rank());
    const bool interrupted = comm.any(interrupt.raised());  // every rank stops at the same generation
    if (leader && (g % b.run.checkpoint_every == 0 || g == b.run.generations || interrupted)) save_state(checkpoint, b, state);
    if (interrupted && g < b.run.generations) {
      progress.finish();
      if (leader)
        fmt::print(stderr, "innate: interrupted after generation {}; continue with: innate resume {}\n", g, dir.string());
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
      throw InputError(fmt::format("{}: output directory exists and is not empty; choose another --out", requested.string()));
    return requested;
  }
  const fs::path base = fs::path("runs") / fmt::format("{}-seed{}", name, seed);
  fs::path candidate = base;
  for (int k = 2; fs::exists(candidate, ec); ++k) candidate = fs::path(fmt::format("{}-{}", base.string(), k));
  return candidate;
}

Communicator& communicator(const RunOptions& options) {
  static Communicator single;  // stateless: a process of one
  return options.communicator ? *options.communicator : single;
}

void add_nature_fraction(Json& result, const NatureFraction& fraction, const std::string& prefix) {
  const std::string scores = prefix + "scores";
  if (!fraction.declared() || !result.contains(scores)) return;
  const Json& s = result[scores];
  if (!s.contains(fraction.floor) || !s.contains(fraction.nature) || !s.contains(fraction.full)) return;
  const double floor = s[fraction.floor], nature = s[fraction.nature], full = s[fraction.full];
  result[prefix + "nature_fraction"] = full != floor ? Json((nature - floor) / (full - floor)) : Json(nullptr);
}

Json data_equivalent_json(const DataEquivalent& d) {
  return Json{{"examples", d.examples ? Json(*d.examples) : Json(nullptr)},
              {"reached", d.examples.has_value()},
              {"budget", d.budget},
              {"level", d.level},
              {"nature", d.nature},
              {"nurture", d.nurture}};
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
    write_file_atomic(dir / "scenario.toml", scenario.to_toml());
    if (!options.quiet) fmt::print(stderr, "innate: running {} into {}\n", b.run.name, dir.string());
  });
  return execute(dir, b, RunState{}, options, comm);
}

int resume_run(const fs::path& dir, const Catalog& catalog, const RunOptions& options) {
  Communicator& comm = communicator(options);
  const fs::path scenario_path = dir / "scenario.toml", checkpoint_path = dir / "checkpoints" / "latest.ckpt";
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
  RunState state = parse_checkpoint(checkpoint, checkpoint_path.string(), b.header);
  std::istringstream blob(state.optimizer_state, std::ios::binary);
  try {
    cereal::PortableBinaryInputArchive archive(blob);
    b.optimizer->load(archive);
  } catch (const cereal::Exception&) {
    throw InputError(fmt::format("{}: corrupt checkpoint (optimizer state unreadable)", checkpoint_path.string()));
  }
  if (!options.quiet && comm.leader())
    fmt::print(stderr, "innate: resuming {} at generation {}\n", dir.string(), state.next_generation);
  return execute(dir, b, std::move(state), options, comm);
}

}  // namespace innate
