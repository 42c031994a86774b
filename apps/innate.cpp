// The `innate` command line: parses arguments and calls the library. Exit codes:
// 0 done, 2 bad input (one line on stderr), 130 interrupted (resumable), 1 internal error.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <iostream>

#include "engine/arms.hpp"
#include "engine/communicator.hpp"
#include "engine/error.hpp"
#include "engine/report.hpp"
#include "engine/sweep.hpp"
#include "engine/run.hpp"
#include "scenarios/catalog.hpp"
#include "scenarios/envs/rollout.hpp"
#include "scenarios/images/analyze.hpp"

namespace fs = std::filesystem;
using namespace innate;

namespace {

// Loads the scenario file (or the built-in default) with the user's overrides; an empty
// run.name becomes the file's stem.
Scenario load_scenario(const std::string& path, std::vector<std::string> sets) {
  const Schema schema = builtin_catalog().schema();
  auto load = [&](const std::vector<std::string>& s) {
    return path.empty() ? Scenario::from_text(default_scenario_text(), "(built-in default)", s, schema)
                        : Scenario::from_file(path, s, schema);
  };
  Scenario scenario = load(sets);
  if (scenario.section("run").text("name").empty()) {
    const std::string stem = path.empty() ? kDefaultScenarioName : fs::path(path).stem().string();
    sets.push_back(fmt::format("run.name=\"{}\"", stem));
    scenario = load(sets);
  }
  return scenario;
}

void print_info(const Scenario& scenario) {
  const auto encoding = make_encoding(scenario, builtin_catalog());
  const auto lifetime = make_lifetime(scenario, builtin_catalog(), *encoding);
  const GenomeLayout genome(*encoding, *lifetime);
  fmt::print("scenario         {}\n", scenario.section("run").text("name"));
  fmt::print("encoding         {}\n", genome.name());
  fmt::print("genome params    {}\n", genome.genome_size());
  if (lifetime->genome_size()) fmt::print("  of which rules {}\n", lifetime->genome_size());
  const double bits = genome.genome_bits();
  fmt::print("genome bits      {}\n", bits == std::floor(bits) ? fmt::format("{:.0f}", bits) : fmt::format("{:.2f}", bits));
  if (const auto net = genome.network_params()) {
    fmt::print("network params   {}\n", *net);
    fmt::print("compression      {:.1f}x\n", static_cast<double>(*net) / static_cast<double>(genome.genome_size()));
  }
}

void print_list() {
  for (const auto& section : builtin_catalog().schema()) {
    fmt::print("[{}]\n", section.name);
    auto keys = [](const std::vector<KeySpec>& list, const char* indent) {
      for (const auto& k : list) fmt::print("{}{} = {}   # {}\n", indent, k.name, k.default_literal, k.help);
    };
    keys(section.common, "  ");
    for (const auto& choice : section.choices) {
      fmt::print("  {} = \"{}\"{}  {}\n", section.selector, choice.name,
                 choice.name == section.default_choice ? " (default)" : "", choice.summary);
      keys(choice.keys, "      ");
    }
    fmt::print("\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun every rank runs this program; rank 0 alone writes and talks.
  const auto comm = make_communicator(argc, argv);
  CLI::App app{"innate: genomic-bottleneck and nature-vs-nurture simulations"};
  app.require_subcommand(1);

  std::string scenario_path, dir;
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;
  std::optional<int> threads;
  std::string out;
  bool quiet = false;

  auto* run = app.add_subcommand("run", "run a scenario (the built-in default when none is given)");
  run->add_option("scenario", scenario_path, "scenario TOML file");
  run->add_option("--out", out, "run directory (default runs/<name>-seed<seed>)");
  run->add_option("--seed", seed, "run seed (same as --set run.seed=N)");
  run->add_option("--threads", threads, "worker threads, 0 = all cores")->check(CLI::Range(0, 4096));
  run->add_option("--set", sets, "override a key: section.key=TOML literal")->allow_extra_args(false);
  run->add_flag("--quiet", quiet, "no progress or summary");

  auto* resume = app.add_subcommand("resume", "continue an interrupted run from its last checkpoint");
  resume->add_option("dir", dir, "run directory")->required();
  resume->add_option("--threads", threads, "worker threads, 0 = all cores")->check(CLI::Range(0, 4096));
  resume->add_flag("--quiet", quiet, "no progress or summary");

  auto* sweep = app.add_subcommand("sweep", "one run per value of a key, and a combined sweep.csv");
  std::string vary_spec;
  sweep->add_option("scenario", scenario_path, "scenario TOML file")->required();
  sweep->add_option("--vary", vary_spec, "key=v1;v2;... (TOML literals)")->required();
  sweep->add_option("--out", out, "sweep directory (default runs/<name>-sweep-<key>-seed<seed>)");
  sweep->add_option("--seed", seed, "run seed (same as --set run.seed=N)");
  sweep->add_option("--threads", threads, "worker threads, 0 = all cores")->check(CLI::Range(0, 4096));
  sweep->add_option("--set", sets, "override a key: section.key=TOML literal")->allow_extra_args(false);
  sweep->add_flag("--quiet", quiet, "no progress or summary");

  auto* report = app.add_subcommand("report", "report.html with plots of one or more runs, beside them");
  std::vector<std::string> report_dirs;
  report->add_option("dirs", report_dirs, "run, arms or sweep directories")->required();

  auto* analyze = app.add_subcommand("analyze", "CKA, RSA, participation ratio and ablation of an image run");
  analyze->add_option("dir", dir, "run directory of an image scenario")->required();

  auto* info = app.add_subcommand("info", "genome and network sizes of a scenario; runs nothing");
  info->add_option("scenario", scenario_path, "scenario TOML file");
  info->add_option("--set", sets, "override a key: section.key=TOML literal")->allow_extra_args(false);

  app.add_subcommand("list", "tasks, encodings, optimizers, lifetimes and their keys");

  auto* env = app.add_subcommand("env", "control environments");
  env->require_subcommand(1);
  auto* rollout = env->add_subcommand("rollout", "internal-state trajectory of an action sequence, as CSV");
  std::string env_name;
  std::vector<std::string> actions;
  std::optional<std::vector<double>> start_state;
  std::uint64_t env_seed = 0;
  rollout->add_option("env", env_name, "CartPole-v1, Acrobot-v1, Pendulum-v1 or MountainCarContinuous-v0")->required();
  rollout->add_option("--actions", actions, "comma-separated actions (indices if discrete)")->delimiter(',')->required();
  auto* state_option = rollout->add_option("--state", start_state, "comma-separated internal state to start from")
                           ->delimiter(',');
  rollout->add_option("--seed", env_seed, "seed of the reset when no --state is given")->excludes(state_option);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (comm->leader()) std::cerr << "innate: " << e.what() << " (see innate --help)\n";
    return 2;
  }

  try {
    if (seed) sets.push_back(fmt::format("run.seed={}", *seed));
    RunOptions options{out, threads, quiet, comm.get()};
    if (run->parsed()) {
      const Scenario scenario = load_scenario(scenario_path, sets);
      if (!requested_arms(scenario).empty()) return run_arms(scenario, builtin_catalog(), options);
      return run_scenario(scenario, builtin_catalog(), options);
    }
    if (sweep->parsed()) return run_sweep(load_scenario(scenario_path, sets), parse_vary(vary_spec), builtin_catalog(), options);
    if (resume->parsed()) {
      if (is_sweep(dir)) return resume_sweep(dir, builtin_catalog(), options);
      // A run of several arms keeps its scenario at the top and one run per arm below.
      std::error_code ec;
      if (fs::is_regular_file(fs::path(dir) / "scenario.toml", ec) && !fs::exists(fs::path(dir) / "checkpoints", ec)) {
        const Scenario scenario =
            Scenario::from_file(fs::path(dir) / "scenario.toml", {}, builtin_catalog().schema());
        if (!requested_arms(scenario).empty()) return resume_arms(dir, scenario, builtin_catalog(), options);
      }
      return resume_run(dir, builtin_catalog(), options);
    }
    if (analyze->parsed()) {
      std::cout << analyze_run(dir, builtin_catalog()).string() << "\n";
      return 0;
    }
    if (report->parsed()) {
      std::vector<fs::path> dirs(report_dirs.begin(), report_dirs.end());
      std::cout << write_report(dirs).string() << "\n";
      return 0;
    }
    if (rollout->parsed()) {
      std::cout << rollout_csv(env_name, actions, start_state, env_seed);
      return 0;
    }
    if (info->parsed()) {
      print_info(load_scenario(scenario_path, sets));
      return 0;
    }
    print_list();
    return 0;
  } catch (const InputError& e) {
    // Input errors are seen alike by every rank (each reads the same input, or rank 0's
    // verdict was shared), so all exit together and one line is printed.
    if (comm->leader()) std::cerr << "innate: " << e.what() << "\n";
    return 2;
  } catch (const fs::filesystem_error& e) {
    std::cerr << "innate: " << e.what() << "\n";
    if (comm->size() > 1) comm->abort(2);
    return 2;
  } catch (const std::exception& e) {
    // A failure of one rank alone: end them all rather than leave them waiting.
    std::cerr << "innate: internal error" << (comm->size() > 1 ? fmt::format(" on rank {}", comm->rank()) : "") << ": "
              << e.what() << "\n";
    if (comm->size() > 1) comm->abort(1);
    return 1;
  }
}
