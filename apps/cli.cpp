// The `innate` command line: parses arguments, dispatches to the library, and maps errors
// to exit codes: 0 done, 2 bad input (one line on stderr), 130 interrupted (resumable),
// 1 internal error.
#include "apps/cli.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>

#include "engine/base/error.hpp"
#include "engine/base/text.hpp"
#include "engine/formats/serialization.hpp"
#include "engine/nn/gemm.hpp"
#include "engine/report/report.hpp"
#include "engine/run/communicator.hpp"
#include "engine/studies/atlas.hpp"
#include "engine/studies/resume.hpp"
#include "engine/studies/sweep.hpp"
#include "engine/studies/variants.hpp"
#include "tasks/catalog.hpp"
#include "tasks/control/envs/environment.hpp"
#include "tasks/control/envs/rollout.hpp"
#include "tasks/images/analyze.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

void print_info(const Scenario& scenario) {
  check_runs(scenario, builtin_catalog());  // refuses what `innate run` refuses
  const GenomeSizes sizes = genome_sizes(scenario, builtin_catalog());
  fmt::print("scenario         {}\n", scenario.section("run").text("name"));
  fmt::print("encoding         {}\n", sizes.name);
  fmt::print("genome params    {}\n", sizes.genome_params);
  if (sizes.rule_params) fmt::print("  of which rules {}\n", sizes.rule_params);
  const double bits = sizes.genome_bits;
  fmt::print("genome bits      {}\n",
             bits == std::floor(bits) ? fmt::format("{:.0f}", bits) : fmt::format("{:.2f}", bits));
  if (sizes.network_params) {
    fmt::print("network params   {}\n", *sizes.network_params);
    fmt::print("compression      {:.1f}x\n", *sizes.compression());
  }
}

// `innate info DIR`: a finished run's sizes, nominal and effective (result.json).
void print_run_info(const fs::path& dir) {
  const Json r = read_result(dir / "result.json");
  reading_results(dir, [&] {
    fmt::print("scenario         {}\n", r.at("scenario").get<std::string>());
    fmt::print("genome params    {}\n", r.at("genome_params").get<std::uint64_t>());
    fmt::print("genome bits      {}\n", format_number(r.at("genome_bits").get<double>()));
    if (!r.contains("information")) {
      fmt::print("effective bits   not measured (the task scores no validation data, or its genes are discrete)\n");
      return;
    }
    const Json& i = r.at("information");
    const int b = i.at("effective_bits_per_gene").get<int>();
    fmt::print("effective bits   {} ({} bit{} a gene: validation {:.4g}, the float genome's {:.4g} +/- {:.2g})\n",
               i.at("effective_bits").get<std::uint64_t>(), b, b == 1 ? "" : "s",
               i.at("effective_validation_score").get<double>(), i.at("float_validation_score").get<double>(),
               i.at("validation_half_width").get<double>());
  });
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

// Seeds are integers in [0, 2^63 - 1] (a scenario holds them as TOML integers): CLI11 would
// otherwise wrap "-1" to 2^64 - 1 and clamp 2^64 to 2^64 - 1.
const CLI::Validator kSeedValidator(
    [](std::string& text) -> std::string {
      if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
        return "expected a non-negative integer, got '" + text + "'";
      std::int64_t value = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc{} || end != text.data() + text.size())
        return "expected an integer in [0, 9223372036854775807], got '" + text + "'";
      return {};
    },
    "");

// Everything the command line can be asked, as parsed.
struct Command {
  CLI::App app{"innate: genomic-bottleneck and nature-vs-nurture simulations"};
  CLI::App *run = nullptr, *resume = nullptr, *sweep = nullptr, *atlas = nullptr, *report = nullptr, *analyze = nullptr,
           *info = nullptr, *rollout = nullptr;
  std::string scenario_path, dir, out, vary_spec, env_name, body = "intact";
  std::vector<std::string> sets, report_dirs, actions;
  std::optional<std::uint64_t> seed, replicates;
  std::optional<int> threads;
  std::optional<std::vector<double>> start_state;
  std::uint64_t env_seed = 0;
  bool quiet = false, plan = false, observations = false;
};

void add_run_options(CLI::App* sub, Command& c, bool with_scenario_options) {
  if (with_scenario_options) {
    sub->add_option("--out", c.out, "output directory (default runs/<name>...-seed<seed>)");
    sub->add_option("--seed", c.seed, "run seed (same as --set run.seed=N)")->check(kSeedValidator);
    sub->add_option("--replicates", c.replicates,
                    "N runs, seeds seed ... seed+N-1, with a summary (--set run.replicates=N)")
        ->check(CLI::Range(1, 10000));
    sub->add_option("--set", c.sets, "override a key: section.key=TOML literal")->allow_extra_args(false);
  }
  sub->add_option("--threads", c.threads, "worker threads, 0 = all cores")->check(CLI::Range(0, 4096));
  sub->add_flag("--quiet", c.quiet, "no progress or summary");
}

void declare(Command& c) {
  c.app.require_subcommand(1);
  c.run = c.app.add_subcommand("run", "run a scenario (the built-in default when none is given)");
  c.run->add_option("scenario", c.scenario_path, "scenario TOML file");
  add_run_options(c.run, c, true);
  c.resume =
      c.app.add_subcommand("resume", "continue an interrupted run, arms, sweep or atlas from its last checkpoint");
  c.resume->add_option("dir", c.dir, "run directory")->required();
  add_run_options(c.resume, c, false);
  c.sweep = c.app.add_subcommand("sweep", "one run per value of a key, and a combined sweep.csv");
  c.sweep->add_option("scenario", c.scenario_path, "scenario TOML file")->required();
  c.sweep->add_option("--vary", c.vary_spec, "key=v1;v2;... (TOML literals)")->required();
  add_run_options(c.sweep, c, true);
  c.atlas = c.app.add_subcommand("atlas", "sweeps of several tasks over genome size: atlas.csv and atlas.svg");
  c.atlas->add_option("file", c.scenario_path, "atlas TOML file (experiments/atlas.toml)")->required();
  c.atlas->add_option("--out", c.out, "output directory (default runs/<name>-seed<seed>)");
  c.atlas->add_option("--threads", c.threads, "worker threads, 0 = all cores")->check(CLI::Range(0, 4096));
  c.atlas->add_flag("--quiet", c.quiet, "no progress or summary");
  c.atlas->add_flag("--plan", c.plan, "check the file and list the tasks, sizes and runs; run nothing");
  c.report = c.app.add_subcommand("report", "report.html with plots of one or more runs, beside them");
  c.report->add_option("dirs", c.report_dirs, "run, arms, sweep or atlas directories")->required();
  c.analyze = c.app.add_subcommand("analyze", "CKA, RSA, participation ratio and ablation of an image run");
  c.analyze->add_option("dir", c.dir, "run directory of an image scenario")->required();
  c.info = c.app.add_subcommand("info", "genome and network sizes of a scenario, or a finished run's effective bits");
  c.info->add_option("scenario", c.scenario_path, "scenario TOML file, or a run directory");
  c.info->add_option("--set", c.sets, "override a key: section.key=TOML literal")->allow_extra_args(false);
  c.app.add_subcommand("list", "tasks, encodings, optimizers, lifetimes and their keys");
  auto* env = c.app.add_subcommand("env", "control environments");
  env->require_subcommand(1);
  c.rollout = env->add_subcommand("rollout", "internal-state trajectory of an action sequence, as CSV");
  c.rollout->add_option("env", c.env_name, fmt::format("{}", fmt::join(environment_names(), ", ")))->required();
  c.rollout
      ->add_option("--actions", c.actions,
                   "comma-separated actions: indices if discrete, else action_size values a step, one step after "
                   "another")
      ->delimiter(',')
      ->required();
  c.rollout->add_option("--body", c.body,
                        "a MuJoCo body: \"intact\" or changes joined by '+' (\"limb:GEOM=F\", \"mass:BODY=F\", "
                        "\"friction=F\")");
  c.rollout->add_flag("--observations", c.observations, "add the observation the policy sees after each step");
  auto* state =
      c.rollout->add_option("--state", c.start_state, "comma-separated internal state to start from")->delimiter(',');
  c.rollout->add_option("--seed", c.env_seed, "seed of the reset when no --state is given")
      ->check(kSeedValidator)
      ->excludes(state);
}

// A failure of one rank alone: end them all rather than leave them waiting.
int internal_error(const std::exception& e, Communicator& comm) {
  std::cerr << "innate: internal error" << (comm.size() > 1 ? fmt::format(" on rank {}", comm.rank()) : "") << ": "
            << e.what() << "\n";
  if (comm.size() > 1) comm.abort(1);
  return 1;
}

int dispatch(Command& c, Communicator& comm, const CliHooks& hooks) {
  const Catalog& catalog = builtin_catalog();
  if (c.seed) c.sets.push_back(fmt::format("run.seed={}", *c.seed));
  if (c.replicates) c.sets.push_back(fmt::format("run.replicates={}", *c.replicates));
  const RunOptions options{c.out, c.threads, c.quiet, &comm, hooks.after_generation};
  if (c.run->parsed()) return start(load_scenario(c.scenario_path, c.sets), catalog, options);
  if (c.sweep->parsed())
    return run_sweep(load_scenario(c.scenario_path, c.sets), parse_vary(c.vary_spec), catalog, options);
  if (c.atlas->parsed() && c.plan) {
    std::cout << atlas_plan(c.scenario_path, catalog);
    return 0;
  }
  if (c.atlas->parsed()) return run_atlas(c.scenario_path, catalog, options);
  if (c.resume->parsed()) return resume(c.dir, catalog, options);
  if (c.analyze->parsed()) {
    std::cout << analyze_run(c.dir, catalog).string() << "\n";
  } else if (c.report->parsed()) {
    std::cout << write_report({c.report_dirs.begin(), c.report_dirs.end()}, catalog).string() << "\n";
  } else if (c.rollout->parsed()) {
    std::cout << rollout_csv({c.env_name, c.body, c.actions, c.start_state, c.env_seed, c.observations});
  } else if (c.info->parsed()) {
    std::error_code ec;
    if (fs::is_directory(c.scenario_path, ec))
      print_run_info(c.scenario_path);
    else
      print_info(load_scenario(c.scenario_path, c.sets));
  } else {
    print_list();
  }
  return 0;
}

// Descriptors 0, 1 and 2 held open, so no file the run opens takes one of their numbers
// (text meant for stderr would land in it). A closed one is held by /dev/null opened the
// wrong way round: writing to a closed stdout or stderr still fails, and is reported.
bool hold_standard_descriptors() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    const int held = ::open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);  // the lowest free number: fd
    if (held != fd) return false;
  }
  return true;
}

// The standard stream that failed ("" when both work) and why; a stream's error flag
// stays set once raised, so a write that failed earlier is found here too.
std::string failed_stream() {
  auto why = [](int error) { return error ? fmt::format(": {}", std::strerror(error)) : std::string{}; };
  errno = 0;
  std::cout.flush();
  if (std::fflush(stdout) != 0 || std::ferror(stdout) || !std::cout) return "standard output" + why(errno);
  errno = 0;
  if (std::fflush(stderr) != 0 || std::ferror(stderr)) return "standard error" + why(errno);
  return {};
}

// Output that did not reach its destination is an error (exit 2), told on stderr when
// stderr still works.
int stream_failure(const std::string& failed, Communicator& comm) {
  if (failed.rfind("standard output", 0) == 0) std::cerr << "innate: cannot write to " << failed << "\n";
  if (comm.size() > 1) comm.abort(2);
  return 2;
}

int run_command(Command& command, Communicator& comm, const CliHooks& hooks) {
  try {
    kernel_path();  // an unknown or unsupported INNATE_KERNELS stops here, before any work
    return dispatch(command, comm, hooks);
  } catch (const InputError& e) {
    // Input errors are seen alike by every rank (each reads the same input, or rank 0's
    // verdict was shared), so all exit together and one line is printed.
    if (comm.leader()) std::cerr << "innate: " << e.what() << "\n";
    return 2;
  } catch (const fs::filesystem_error& e) {
    std::cerr << "innate: " << e.what() << "\n";
    if (comm.size() > 1) comm.abort(2);
    return 2;
  } catch (const std::system_error& e) {
    // fmt::print throws when its stream fails: a message or table that could not be printed.
    const std::string failed = failed_stream();
    return failed.empty() ? internal_error(e, comm) : stream_failure(failed, comm);
  } catch (const std::exception& e) {
    return internal_error(e, comm);
  }
}

}  // namespace

int cli_main(int argc, char** argv, const CliHooks& hooks) {
  if (!hold_standard_descriptors()) return 2;
  std::signal(SIGXFSZ, SIG_IGN);  // past a file-size limit a write fails (EFBIG) and is reported, not fatal
  // Under mpirun every rank runs this program; rank 0 alone writes and talks.
  const auto comm = make_communicator(argc, argv);
  Command command;
  declare(command);
  try {
    command.app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return command.app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (comm->leader()) std::cerr << "innate: " << e.what() << " (see innate --help)\n";
    return 2;
  }
  const int code = run_command(command, *comm, hooks);
  const std::string failed = failed_stream();
  return failed.empty() || code != 0 ? code : stream_failure(failed, *comm);
}

}  // namespace innate
