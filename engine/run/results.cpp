#include "engine/run/results.hpp"

#include "engine/base/files.hpp"
#include "engine/information/genome_information.hpp"
#include "engine/nn/gemm.hpp"

#include <unistd.h>

#include <cmath>
#include <fstream>
#include <thread>

#ifndef INNATE_BUILD_FLAGS
#define INNATE_BUILD_FLAGS "unknown"
#endif

namespace innate {
namespace fs = std::filesystem;

namespace {

// result.json's "final" block: the last metrics row by column name (non-finite: null).
Json final_row(const std::vector<double>& row, const Measures& measures) {
  std::vector<std::string> names{"best", "mean", "std"};
  names.insert(names.end(), measures.columns.begin(), measures.columns.end());
  Json final = Json::object();
  for (std::size_t i = 0; i < row.size() && i < names.size(); ++i)
    final[names[i]] = std::isfinite(row[i]) ? Json(row[i]) : Json(nullptr);
  return final;
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

// The genome's effective bits (engine/information/): each quantised version scored on
// validation as keep = "validation" scores (after the life its fitness includes).
Json information(const Bound& b, GenomeView genes) {
  const GenomeInformation info = measure_information(
      genes, b.genome->genome_tensors(),
      [&](std::span<const float> g) { return b.task->validation_score(b.individual(g), b.run.seed); },
      b.task->validation_interval(b.individual(genes), b.run.seed));
  return information_json(info);
}

}  // namespace

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
    genome = Eigen::Map<const Eigen::VectorXf>(state.kept_genome.data(),
                                               static_cast<Eigen::Index>(state.kept_genome.size()));
    result["kept"] =
        Json{{"rule", "validation"}, {"generation", state.kept_generation}, {"validation_score", state.kept_score}};
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
  if (!final.bit_bounds.empty()) result["bit_bounds"] = named(final.bit_bounds);
  add_nature_fraction(result, b.measures.fraction);
  add_nature_fraction(result, b.measures.fraction, "validation_");
  if (final.data_equivalent) result["data_equivalent"] = data_equivalent_json(*final.data_equivalent);
  Json budget = Json::object();
  for (const auto& [arm, used] : final.budgets) budget[arm] = used.to_json();
  if (!budget.empty()) result["budget"] = budget;
  if (b.task->scores_validation() && !b.genome->domain().discrete()) result["information"] = information(b, genes);
  result["best_score"] = std::isfinite(state.best_score) ? Json(state.best_score) : Json(nullptr);
  result["final"] = final_row(state.last_row, b.measures);
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
  res["kernels"] = kernel_path_name(kernel_path());
  write_file_atomic(dir / "resources.json", res.dump(2) + "\n");
}

namespace {

Json inputs_json(const std::vector<InputFile>& files) {
  Json list = Json::array();
  for (const auto& f : files) list.push_back({{"path", f.path}, {"fnv1a", fmt::format("{:016x}", f.hash)}});
  return Json{{"files", list}};
}

}  // namespace

void write_inputs(const fs::path& dir, const Task& task) {
  write_file_atomic(dir / "inputs.json", inputs_json(task.inputs()).dump(2) + "\n");
}

void check_inputs(const fs::path& dir, const Task& task) {
  const fs::path path = dir / "inputs.json";
  std::error_code ec;
  if (!fs::exists(path, ec)) return;
  const Json now = inputs_json(task.inputs());
  std::vector<std::string> was, is;
  const Json recorded = read_json(path);
  try {
    for (const auto& f : recorded.at("files"))
      was.push_back(fmt::format("{} ({})", f.at("path").get<std::string>(), f.at("fnv1a").get<std::string>()));
  } catch (const Json::exception&) {
    throw InputError(
        fmt::format("{}: damaged (expected {{\"files\": [{{\"path\", \"fnv1a\"}}, ...]}})", path.string()));
  }
  for (const auto& f : now["files"])
    is.push_back(fmt::format("{} ({})", f["path"].get<std::string>(), f["fnv1a"].get<std::string>()));
  for (std::size_t i = 0; i < std::max(was.size(), is.size()); ++i) {
    const std::string a = i < was.size() ? was[i] : "nothing", b = i < is.size() ? is[i] : "nothing";
    if (a != b)
      throw InputError(
          fmt::format("{}: the run started on {}; resumed here it would read {} (resume it where it "
                      "started, with the same data)",
                      path.string(), a, b));
  }
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

}  // namespace innate
