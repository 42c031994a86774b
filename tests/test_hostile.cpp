// Hostile inputs, one row each: what a user may type or leave on disk, the one line innate
// answers with, and exit code 2. docs/robustness.md lists the same rows.
#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "tests/support.hpp"

using namespace innate::test;
namespace fs = std::filesystem;

namespace {

struct Hostile {
  std::string args;      // after `innate`; {T} is a scratch directory holding the files below
  std::string expected;  // the message after "innate: " contains this
};

// Files the rows refer to, written into {T} first.
void write_files(const fs::path& t) {
  auto put = [&](const std::string& name, const std::string& text) {
    std::ofstream(t / name, std::ios::binary) << text;
  };
  put("broken.toml", "[task\nname=");
  put("duplicate.toml", "[run]\n[run]\n");
  put("binary.toml", std::string("\xff\xfe\x00\x81garbage", 11));
  put("unknown_task.toml", "[task]\nname = \"nope\"\n");
  put("negative_seed.toml", "[run]\nseed = -1\n");
  put("float_population.toml", "[run]\npopulation = 1e9\n");
  put("zero_layer.toml", "[network]\nlayers = [4, 0, 2]\n");
  fs::create_directories(t / "empty_dir");
  fs::create_directories(t / "garbage_run" / "checkpoints");
  std::ifstream baldwin(fs::path(INNATE_SOURCE_DIR) / "scenarios" / "baldwin.toml");
  std::ofstream(t / "garbage_run" / "scenario.toml") << baldwin.rdbuf();
  put("garbage_run/checkpoints/latest.ckpt", "xx");
  fs::create_directories(t / "bad_scenario_run" / "checkpoints");
  put("bad_scenario_run/scenario.toml", "x\n");
  put("bad_scenario_run/checkpoints/latest.ckpt", "xx");
  // Finished replicates whose result files were damaged (found by fuzz/run_directory.cpp).
  for (const char* r : {"damaged_replicates/replicate-1", "damaged_replicates/replicate-2", "no_scores/replicate-1",
                        "no_scores/replicate-2"})
    fs::create_directories(t / r);
  for (const char* d : {"damaged_replicates", "no_scores"}) {
    put(std::string(d) + "/scenario.toml", "[task]\nname = \"baldwin\"\n[run]\nreplicates = 2\npopulation = 10\n");
    put(std::string(d) + "/replicates.json", "{\"replicates\": 2}\n");
  }
  put("damaged_replicates/replicate-1/result.json", "{\"seed");
  put("damaged_replicates/replicate-2/result.json", "{}");
  put("no_scores/replicate-1/result.json", "{\"scores\": 3}");
  put("no_scores/replicate-2/result.json", "{}");
  // A summary and a result whose fields are of the wrong type (found by fuzz/run_directory.cpp
  // in CI: `report` read them as the page was drawn and ended in "internal error").
  fs::create_directories(t / "bad_summary" / "replicate-1");
  put("bad_summary/scenario.toml", "[task]\nname = \"baldwin\"\n[run]\nreplicates = 1\n");
  put("bad_summary/replicates.json", "{\"replicates\": 1}\n");
  put("bad_summary/summary.json", "{\"rows\": {\"innate\": {\"n\": \"x\"}}}");
  put("bad_summary/replicate-1/result.json", "{\"scores\": {\"innate\": 1}}");
  // A name whose TOML escape decodes to '/', and atlases that must fail before any run.
  put("escaped_name.toml", "[run]\nname = \"a\\u002Fb\"\n");
  const std::string scenarios = (fs::path(INNATE_SOURCE_DIR) / "scenarios").string();
  put("late_bad.toml", "[[task]]\nlabel = \"cartpole\"\nscenario = \"" + scenarios +
                           "/cartpole_direct.toml\"\nvary = \"optimizer.sigma=0.1;inf\"\n");
  put("no_fraction.toml",
      "[[task]]\nlabel = \"b\"\nscenario = \"" + scenarios + "/baldwin.toml\"\nvary = \"genome.loci=10;20\"\n");
  fs::create_directories(t / "bad_budget");
  put("bad_budget/scenario.toml", "[task]\nname = \"baldwin\"\n");
  put("bad_budget/result.json", "{\"scores\": {\"innate\": 1}, \"budget\": {\"innate\": 7}}");
}

const std::vector<Hostile> kRows{
    // scenario files
    {"run {T}/broken.toml", "broken.toml:1:6: TOML syntax error"},
    {"run {T}/duplicate.toml", "cannot redefine existing table 'run'"},
    {"run {T}/binary.toml", "TOML syntax error: Encountered invalid utf-8 sequence"},
    {"run {T}/unknown_task.toml", "task.name: expected one of baldwin, control, images, tictactoe, got 'nope'"},
    {"run {T}/negative_seed.toml", "run.seed: expected an integer >= 0, got -1"},
    {"run {T}/float_population.toml", "run.population: expected an integer, got 1000000000.0"},
    {"run {T}/zero_layer.toml", "network.layers: expected an array of integers in [1, 100000000], got [4, 0, 2]"},
    {"run {T}/missing.toml", "missing.toml: scenario file not found"},
    {"info {T}/missing.toml", "missing.toml: scenario file not found"},
    // --set overrides
    {"run scenarios/baldwin.toml --set run.populaton=10",
     "unknown key 'run.populaton' (did you mean 'run.population'?)"},
    {"run scenarios/baldwin.toml --set run.population='\"many\"'", "run.population: expected an integer, got 'many'"},
    {"run scenarios/baldwin.toml --set run.generations=-1",
     "run.generations: expected an integer in [0, 100000000], got -1"},
    {"run scenarios/baldwin.toml --set run.seed=18446744073709551616",
     "run.seed: expected an integer, got '18446744073709551616'"},
    {"run scenarios/baldwin.toml --set run.checkpoint_every=0",
     "run.checkpoint_every: expected an integer >= 1, got 0"},
    {"run scenarios/baldwin.toml --set genome.p_one=0.9", "genome.p_one: expected p_one + p_zero + p_plastic = 1"},
    {"run scenarios/baldwin.toml --set task.fitness_gain=nan", "task.fitness_gain: expected a finite number, got nan"},
    {"info scenarios/baldwin.toml --set genome.loci=0", "genome.loci: expected an integer in [1, 64], got 0"},
    {"run scenarios/cartpole_direct.toml --set optimizer.sigma=inf",
     "optimizer.sigma: expected a finite number >= 1e-12, got inf"},
    {"run scenarios/cartpole_direct.toml --set optimizer.sigma=-inf",
     "optimizer.sigma: expected a finite number >= 1e-12, got -inf"},
    {"run scenarios/cartpole_direct.toml --set optimizer.kind='\"cma\"'",
     "optimizer.kind: expected one of ga, openai_es"},
    {"run scenarios/cartpole_direct.toml --set task.env='\"Nope-v0\"'",
     "task.env: expected one of CartPole-v1, Acrobot-v1"},
    {"run scenarios/cartpole_direct.toml --set task.episodes=0",
     "task.episodes: expected an integer in [1, 1000000], got 0"},
    {"run scenarios/cartpole_direct.toml --set 'network.layers=[3, 8, 2]'", "network.layers must start with 4"},
    {"run scenarios/cartpole_direct.toml --set network.activation='\"swish\"'", "network.activation: expected one of"},
    {"run scenarios/cartpole_hebbian.toml --set lifetime.kind='\"nope\"'",
     "lifetime.kind: expected one of none, trials, hebbian, learning"},
    {"run scenarios/cartpole_direct.toml --set lifetime.kind='\"learning\"'",
     "task 'control' needs lifetime.kind = \"none\" or \"hebbian\"; \"learning\" learns from labelled examples"},
    {"run scenarios/cartpole_direct.toml --set 'network.layers=[4, 50000000, 2]' --set run.population=1000",
     "this run needs about"},
    {"run scenarios/fmnist_demo.toml --set task.validation_fraction=1.5",
     "task.validation_fraction: expected a finite number in [0, 1], got 1.5"},
    {"run scenarios/fmnist_demo.toml --set 'network.layers=[100, 10]'", "task.image_shape: expected height x width"},
    {"run scenarios/fmnist_demo.toml --set task.dataset='\"{T}/empty_dir\"'",
     "empty_dir: no train-labels-idx1-ubyte[.gz]"},
    // command-line options
    {"run --bogus", "--bogus"},
    {"run scenarios/baldwin.toml --threads -1", "--threads: Value -1 not in range 0 to 4096"},
    {"run scenarios/baldwin.toml --replicates 0", "--replicates: Value 0 not in range 1 to 10000"},
    {"run scenarios/baldwin.toml --seed -1", "--seed: expected a non-negative integer, got '-1'"},
    {"sweep scenarios/baldwin.toml --vary run.population=", "--vary 'run.population=': an empty value"},
    {"sweep scenarios/baldwin.toml --vary nokey", "--vary 'nokey': expected key=v1;v2;..."},
    // names that would leave runs/, controls in overrides, unreadable files, late failures
    {"run scenarios/baldwin.toml --set 'run.name=\"../../x\"'", "run.name: expected a directory name"},
    {"run scenarios/baldwin.toml --set 'run.name=\"/abs\"'",
     "run.name: expected a directory name (not '.' or '..', no '/', '\\' or control characters, at most 200 "
     "bytes), got '/abs'"},
    {"run {T}/escaped_name.toml", "escaped_name.toml:2: run.name: expected a directory name"},
    {"run scenarios/baldwin.toml --set 'run.name=\"a\nb\"'", "a control character (byte 0x0a) in an override"},
    {"run /proc/self/mem", "cannot read /proc/self/mem: Input/output error"},
    {"run scenarios/baldwin.toml --seed 18446744073709551616",
     "--seed: expected an integer in [0, 9223372036854775807], got '18446744073709551616'"},
    {"info scenarios/baldwin.toml --set run.generations=-1",
     "run.generations: expected an integer in [0, 100000000], got -1"},
    {"info scenarios/cartpole_direct.toml --set optimizer.sigma=inf",
     "optimizer.sigma: expected a finite number >= 1e-12, got inf"},
    {"sweep scenarios/cartpole_direct.toml --vary 'optimizer.sigma=0.1;inf'",
     "optimizer.sigma: expected a finite number >= 1e-12, got inf"},
    {"atlas {T}/late_bad.toml --plan", "optimizer.sigma: expected a finite number >= 1e-12, got inf"},
    {"atlas {T}/late_bad.toml --quiet --out {T}/out", "optimizer.sigma: expected a finite number >= 1e-12, got inf"},
    {"atlas {T}/no_fraction.toml --plan", "task 1: task 'baldwin' declares no nature fraction, which the atlas reads"},
    // directories
    {"resume {T}/nothing", "nothing: no such run directory"},
    {"resume {T}/empty_dir", "empty_dir: not a run directory (no scenario.toml)"},
    {"resume {T}/garbage_run", "latest.ckpt: corrupt checkpoint (truncated header)"},
    {"resume {T}/bad_scenario_run", "scenario.toml:1:2: TOML syntax error"},
    {"resume {T}/damaged_replicates", "replicate-1/result.json: damaged JSON ([json.exception.parse_error.101]"},
    {"resume {T}/no_scores", "replicate-1/result.json: damaged result (scores are not an object)"},
    {"report {T}/nothing", "nothing: not a run directory (no scenario.toml)"},
    {"report {T}/bad_summary", "bad_summary: damaged result files ([json.exception.type_error.302]"},
    {"report {T}/bad_budget", "bad_budget: damaged result files ([json.exception.type_error.306]"},
    {"analyze {T}/empty_dir", "empty_dir: not a run directory (no scenario.toml)"},
    // environments
    {"env rollout Nope-v1 --actions 0", "unknown environment 'Nope-v1'"},
    {"env rollout CartPole-v1 --actions 2", "--actions: CartPole-v1 takes action indices 0..1, got '2' at position 1"},
    {"env rollout CartPole-v1 --actions 0,0.5", "takes action indices 0..1, got '0.5' at position 2"},
    {"env rollout Pendulum-v1 --actions abc", "--actions: Pendulum-v1 takes real values, got 'abc' at position 1"},
    {"env rollout Pendulum-v1 --actions nan", "--actions: Pendulum-v1 takes real values, got 'nan' at position 1"},
    {"env rollout CartPole-v1 --actions 0 --state 1,2 --seed 3", "--state excludes --seed"},
    {"env rollout CartPole-v1 --actions 0 --state 1,2", "--state: CartPole-v1 takes a state of 4 values"},
    {"env rollout CartPole-v1 --actions 0 --state 0,inf,0,0",
     "--state: CartPole-v1: state value 2 (x_dot) must be finite"},
    {"env rollout CartPole-v1 --actions 0 --seed -1", "--seed: expected a non-negative integer, got '-1'"},
};

std::string with_scratch(std::string text, const fs::path& t) {
  for (std::size_t at; (at = text.find("{T}")) != std::string::npos;) text.replace(at, 3, t.string());
  return text;
}

}  // namespace

TEST_CASE("every hostile input ends in one line naming the problem and exit code 2, writing nothing") {
  TempDir t;
  write_files(t.path());
  for (const auto& row : kRows) {
    const std::string args = with_scratch(row.args, t.path());
    INFO(args);
    const bool runs = args.rfind("run ", 0) == 0 || args.rfind("sweep ", 0) == 0;
    const auto r = run_innate(args + (runs ? " --quiet --out " + (t / "out").string() : ""));
    CHECK(r.code == 2);
    CHECK(r.lines_of_err() == 1);
    CHECK(r.err.rfind("innate: ", 0) == 0);
    CHECK(r.err.find(with_scratch(row.expected, t.path())) != std::string::npos);
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(t / "out"));
  }
}
