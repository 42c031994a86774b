// End to end through the `innate` binary: determinism across thread counts, resume
// after SIGKILL and after Ctrl-C, and one clear line with exit code 2 for bad input.
#include <doctest/doctest.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>
#include <vector>

#include "engine/base/error.hpp"
#include "engine/run/directory_lock.hpp"
#include "engine/run/memory.hpp"
#include "tests/support.hpp"

using namespace innate::test;
using innate::DirectoryLock;
using innate::holds_nothing;
namespace fs = std::filesystem;

namespace {

void check_same_run(const fs::path& a, const fs::path& b) {
  for (const char* file : {"metrics.csv", "result.json", "scenario.toml"}) {
    INFO(file);
    CHECK(slurp(a / file) == slurp(b / file));
  }
}

int rows(const fs::path& metrics) {
  const std::string text = slurp(metrics);
  return static_cast<int>(std::count(text.begin(), text.end(), '\n')) - 1;
}

}  // namespace

TEST_CASE("the paper's Baldwin run is byte-identical with 1, 2 and 3 threads") {
  TempDir tmp;
  for (int t : {1, 2, 3}) {
    const auto r = run_innate(fmt::format("run scenarios/baldwin.toml --seed 5 --quiet --threads {} --out {}", t,
                                          (tmp / fmt::format("t{}", t)).string()));
    REQUIRE(r.code == 0);
  }
  check_same_run(tmp / "t1", tmp / "t2");
  check_same_run(tmp / "t1", tmp / "t3");
  CHECK(rows(tmp / "t1" / "metrics.csv") == 51);
  CHECK(slurp(tmp / "t1" / "metrics.csv").rfind("generation,best,mean,std,correct,incorrect,undecided,found\n", 0) ==
        0);
  const std::string resources = slurp(tmp / "t2" / "resources.json");
  CHECK(resources.find("\"threads\": 2") != std::string::npos);
}

TEST_CASE("a different seed gives a different run") {
  TempDir tmp;
  REQUIRE(run_innate("run scenarios/baldwin.toml --seed 1 --quiet --out " + (tmp / "a").string()).code == 0);
  REQUIRE(run_innate("run scenarios/baldwin.toml --seed 2 --quiet --out " + (tmp / "b").string()).code == 0);
  CHECK(slurp(tmp / "a" / "metrics.csv") != slurp(tmp / "b" / "metrics.csv"));
}

TEST_CASE("a run killed by SIGKILL resumes to the bytes of an uninterrupted run") {
  TempDir tmp;
  const std::string common = "run scenarios/baldwin.toml --seed 3 --quiet --set run.checkpoint_every=5 ";
  REQUIRE(run_innate(common + "--out " + (tmp / "whole").string()).code == 0);
  // Killed after generation 17's metrics row, before any checkpoint of it: the
  // last checkpoint is generation 15 and metrics.csv holds two rows past it.
  const auto killed =
      run_innate(common + "--threads 2 --out " + (tmp / "cut").string(), "INNATE_TEST_KILL_AFTER_GENERATION=17");
  CHECK(killed.code == 128 + SIGKILL);
  CHECK(rows(tmp / "cut" / "metrics.csv") == 18);
  CHECK_FALSE(fs::exists(tmp / "cut" / "result.json"));
  const auto resumed = run_innate("resume " + (tmp / "cut").string() + " --quiet --threads 1");
  REQUIRE(resumed.code == 0);
  check_same_run(tmp / "whole", tmp / "cut");
}

TEST_CASE("a control run (OpenAI-ES on CartPole) resumes mid-run to the same bytes, any thread count") {
  TempDir tmp;
  const std::string common =
      "run scenarios/cartpole_direct.toml --seed 2 --quiet --set run.generations=25 --set run.checkpoint_every=4 ";
  REQUIRE(run_innate(common + "--threads 1 --out " + (tmp / "whole").string()).code == 0);
  REQUIRE(run_innate(common + "--threads 2 --out " + (tmp / "two").string()).code == 0);
  check_same_run(tmp / "whole", tmp / "two");
  const auto killed = run_innate(common + "--out " + (tmp / "cut").string(), "INNATE_TEST_KILL_AFTER_GENERATION=13");
  CHECK(killed.code == 128 + SIGKILL);
  REQUIRE(run_innate("resume " + (tmp / "cut").string() + " --quiet --threads 2").code == 0);
  check_same_run(tmp / "whole", tmp / "cut");
  const std::string result = slurp(tmp / "whole" / "result.json");
  CHECK(result.find("\"chance\"") != std::string::npos);
  CHECK(result.find("\"direct\"") != std::string::npos);
}

TEST_CASE("arms run side by side at one budget, gather their scores, and resume as a whole") {
  TempDir tmp;
  const std::string common =
      "run scenarios/cartpole_arms.toml --quiet --set run.generations=6 --set run.checkpoint_every=2 ";
  REQUIRE(run_innate(common + "--out " + (tmp / "whole").string()).code == 0);
  const std::string result = slurp(tmp / "whole" / "result.json");
  for (const char* key :
       {"\"chance\"", "\"innate\"", "\"plastic\"", "\"direct\"", "\"nature_fraction\"", "\"rule_params\""})
    CHECK(result.find(key) != std::string::npos);
  // Killed in the first arm; resuming the top directory finishes every arm exactly.
  const auto killed = run_innate(common + "--out " + (tmp / "cut").string(), "INNATE_TEST_KILL_AFTER_GENERATION=3");
  CHECK(killed.code == 128 + SIGKILL);
  REQUIRE(run_innate("resume " + (tmp / "cut").string() + " --quiet").code == 0);
  CHECK(slurp(tmp / "cut" / "result.json") == result);
  for (const char* arm : {"innate", "plastic", "direct"}) check_same_run(tmp / "whole" / arm, tmp / "cut" / arm);
  const auto bad = run_innate("run scenarios/cartpole_arms.toml --set 'task.arms=[\"innate\", \"nurture\"]' --out " +
                              (tmp / "bad").string());
  CHECK(bad.code == 2);
  CHECK(bad.err.find("task.arms") != std::string::npos);
}

TEST_CASE("Ctrl-C writes a checkpoint, exits 130, and resume finishes the run exactly") {
  TempDir tmp;
  const std::string common =
      "run scenarios/baldwin.toml --seed 4 --quiet --set run.generations=4000 --set run.checkpoint_every=1000 ";
  REQUIRE(run_innate(common + "--out " + (tmp / "whole").string()).code == 0);

  const fs::path cut = tmp / "cut";
  const std::string cmd = fmt::format("cd '{}' && exec '{}' {} --out '{}' 2> '{}'", INNATE_SOURCE_DIR, INNATE_BINARY,
                                      common, cut.string(), (tmp / "err").string());
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Interrupt once the run is under way (a few rows written).
  for (int i = 0; i < 500 && (!fs::exists(cut / "metrics.csv") || rows(cut / "metrics.csv") < 3); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  const int code = WEXITSTATUS(status);
  if (code == 0) {
    MESSAGE("the run finished before the interrupt arrived; nothing to resume");
    return;
  }
  CHECK(code == 130);
  CHECK(slurp(tmp / "err").find("innate resume") != std::string::npos);
  CHECK_FALSE(fs::exists(cut / "result.json"));
  REQUIRE(run_innate("resume " + cut.string() + " --quiet").code == 0);
  check_same_run(tmp / "whole", cut);
}

TEST_CASE("bad input ends in one line on stderr and exit code 2") {
  TempDir tmp;
  struct Case {
    std::string args, expected;
  };
  const std::vector<Case> cases{
      {"run scenarios/baldwin.toml --set run.populaton=10",
       "unknown key 'run.populaton' (did you mean 'run.population'?)"},
      {"run scenarios/baldwin.toml --set run.population='\"many\"'", "run.population: expected an integer, got 'many'"},
      {"run scenarios/baldwin.toml --set run.population=-5",
       "run.population: expected an integer in [1, 100000000], got -5"},
      {"run scenarios/no_such.toml", "scenarios/no_such.toml: scenario file not found"},
      {"run scenarios/baldwin.toml --set genome.p_one=0.9", "genome.p_one: expected p_one + p_zero + p_plastic = 1"},
      {"run --bogus", "--bogus"},
      {"run scenarios/cartpole_direct.toml --set optimizer.sigma=inf",
       "optimizer.sigma: expected a finite number >= 1e-12, got inf"},
      {"run scenarios/baldwin.toml --set task.fitness_gain=nan",
       "task.fitness_gain: expected a finite number, got nan"},
  };
  for (const auto& c : cases) {
    INFO(c.args);
    const auto r = run_innate(c.args + " --out " + (tmp / "out").string());
    CHECK(r.code == 2);
    CHECK(r.lines_of_err() == 1);
    CHECK(r.err.find(c.expected) != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "out" / "metrics.csv"));
  }

  SUBCASE("a negative seed (CLI11 would wrap it to 2^64 - 1)") {
    for (const char* args : {"run scenarios/baldwin.toml --seed -1", "env rollout CartPole-v1 --actions 0 --seed -1"}) {
      const auto r = run_innate(args);
      CHECK(r.code == 2);
      CHECK(r.err == "innate: --seed: expected a non-negative integer, got '-1' (see innate --help)\n");
    }
  }
  SUBCASE("a start state that is not finite") {
    const auto r = run_innate("env rollout CartPole-v1 --actions 0,1 --state 0,inf,0,0");
    CHECK(r.code == 2);
    CHECK(r.err == "innate: --state: CartPole-v1: state value 2 (x_dot) must be finite, got inf\n");
  }
  SUBCASE("resuming what is not a run") {
    const auto r = run_innate("resume " + (tmp / "nothing").string());
    CHECK(r.code == 2);
    CHECK(r.err == "innate: " + (tmp / "nothing").string() + ": no such run directory\n");
  }
  SUBCASE("a scenario file with a bad line names it") {
    const fs::path file = tmp / "bad.toml";
    std::ofstream(file) << "[task]\nname = \"baldwin\"\n\n[run]\ngenerations = 2.5\n";
    const auto r = run_innate("run " + file.string() + " --out " + (tmp / "o").string());
    CHECK(r.code == 2);
    CHECK(r.err == "innate: " + file.string() + ":5: run.generations: expected an integer, got 2.5\n");
  }
}

TEST_CASE("damaged or foreign checkpoints are refused with one line and exit 2") {
  TempDir tmp;
  const std::string base = "run scenarios/baldwin.toml --quiet --set run.generations=6 --set run.checkpoint_every=2 ";
  REQUIRE(run_innate(base + "--seed 1 --out " + (tmp / "a").string()).code == 0);
  REQUIRE(run_innate(base + "--seed 2 --out " + (tmp / "b").string()).code == 0);
  const fs::path ckpt = tmp / "a" / "checkpoints" / "latest.ckpt";
  const std::string good = slurp(ckpt), result = slurp(tmp / "a" / "result.json");
  fs::remove(tmp / "a" / "result.json");  // as if killed after its last checkpoint: resume reads the checkpoint

  auto resume_a = [&] { return run_innate("resume " + (tmp / "a").string() + " --quiet"); };
  auto expect_refused = [&](const std::string& what) {
    const auto r = resume_a();
    CHECK(r.code == 2);
    CHECK(r.lines_of_err() == 1);
    CHECK(r.err.find(what) != std::string::npos);
  };

  SUBCASE("truncated") {
    for (std::size_t keep : {good.size() - 1, good.size() / 2, std::size_t{20}, std::size_t{3}, std::size_t{0}}) {
      std::ofstream(ckpt, std::ios::binary) << good.substr(0, keep);
      expect_refused("corrupt checkpoint");
    }
  }
  SUBCASE("one flipped byte in the payload") {
    std::string bad = good;
    bad[bad.size() - 10] ^= 0x5a;
    std::ofstream(ckpt, std::ios::binary) << bad;
    expect_refused("checksum mismatch");
  }
  SUBCASE("not a checkpoint") {
    std::ofstream(ckpt, std::ios::binary) << "hello, this is not a checkpoint file at all";
    expect_refused("not an innate checkpoint");
  }
  SUBCASE("of another scenario") {
    fs::copy_file(tmp / "b" / "checkpoints" / "latest.ckpt", ckpt, fs::copy_options::overwrite_existing);
    expect_refused("checkpoint belongs to another scenario");
  }
  SUBCASE("missing") {
    fs::remove(ckpt);
    expect_refused("no checkpoint to resume from");
  }
  SUBCASE("intact: resumed from its last checkpoint, the run writes the result it had") {
    REQUIRE(resume_a().code == 0);
    CHECK(slurp(tmp / "a" / "result.json") == result);
  }
}

TEST_CASE("a finished run resumed is a no-op that says so: nothing re-scored or rewritten") {
  TempDir tmp;
  REQUIRE(run_innate("run scenarios/baldwin.toml --quiet --set run.generations=3 --out " + (tmp / "a").string()).code ==
          0);
  std::map<std::string, std::string> before;
  for (const auto& entry : fs::recursive_directory_iterator(tmp / "a"))
    if (entry.is_regular_file()) before[entry.path().string()] = slurp(entry.path());
  const auto r = run_innate("resume " + (tmp / "a").string());
  CHECK(r.code == 0);
  CHECK(r.err == "innate: " + (tmp / "a").string() + " has finished (result.json); nothing to resume\n");
  std::map<std::string, std::string> after;
  for (const auto& entry : fs::recursive_directory_iterator(tmp / "a"))
    if (entry.is_regular_file()) after[entry.path().string()] = slurp(entry.path());
  CHECK(after == before);  // resources.json included
}

TEST_CASE("run names stay one entry under runs/: nothing is written outside it, a quote in a file name is fine") {
  TempDir tmp;
  fs::create_directories(tmp / "work");
  std::ofstream(tmp / "work" / "it's \"quoted\".toml") << slurp(fs::path(INNATE_SOURCE_DIR) / "scenarios/baldwin.toml");
  const std::string in_work = fmt::format("cd '{}' && '{}' ", (tmp / "work").string(), INNATE_BINARY);
  for (const char* name : {"../../x", "/tmp/x", "..", "a\\\\b"}) {
    INFO(name);
    const auto r =
        run_shell(in_work + fmt::format("run \"it's \\\"quoted\\\".toml\" --quiet --set 'run.name=\"{}\"'", name));
    CHECK(r.code == 2);
    CHECK(r.err.find("run.name: expected a directory name") != std::string::npos);
  }
  CHECK(std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator()) == 1);    // work/ alone
  CHECK(std::distance(fs::directory_iterator(tmp / "work"), fs::directory_iterator()) == 1);  // the scenario alone
  const auto quoted =
      run_shell(in_work + "run \"it's \\\"quoted\\\".toml\" --quiet --set run.generations=1 --set run.population=10");
  CHECK(quoted.code == 0);
  CHECK(fs::exists(tmp / "work" / "runs" / "it's \"quoted\"-seed1" / "result.json"));
}

TEST_CASE("an existing, non-empty --out is refused rather than overwritten") {
  TempDir tmp;
  REQUIRE(run_innate("run scenarios/baldwin.toml --quiet --set run.generations=1 --out " + (tmp / "a").string()).code ==
          0);
  const auto r = run_innate("run scenarios/baldwin.toml --quiet --set run.generations=1 --out " + (tmp / "a").string());
  CHECK(r.code == 2);
  CHECK(r.err.find("output directory exists") != std::string::npos);
}

TEST_CASE("a directory another process writes to is refused, and the writer is unharmed") {
  TempDir tmp;
  const std::string quick = "--quiet --set run.generations=1 --out ";
  {
    const DirectoryLock writer(tmp / "a");  // as a run in progress holds it
    const auto r = run_innate("run scenarios/baldwin.toml " + quick + (tmp / "a").string());
    CHECK(r.code == 2);
    CHECK(r.err == "innate: " + (tmp / "a").string() +
                       ": another innate process is writing to this directory; wait for it or choose another --out\n");
    CHECK(holds_nothing(tmp / "a"));  // nothing written beside the writer
  }
  REQUIRE(run_innate("run scenarios/baldwin.toml " + quick + (tmp / "a").string()).code == 0);  // released
  const std::string result = slurp(tmp / "a" / "result.json");
  {
    const DirectoryLock writer(tmp / "a");
    const auto r = run_innate("resume " + (tmp / "a").string() + " --quiet");
    CHECK(r.code == 2);
    CHECK(r.err.find("another innate process") != std::string::npos);
    CHECK(slurp(tmp / "a" / "result.json") == result);
    const auto s =
        run_innate("sweep scenarios/baldwin.toml --vary 'run.population=[10]' " + quick + (tmp / "a").string());
    CHECK(s.code == 2);
  }
  CHECK(run_innate("resume " + (tmp / "a").string() + " --quiet").code == 0);
}

TEST_CASE("a write that fails ends in one line, exit 2, and the last checkpoint intact") {
  TempDir tmp;
  const std::string common = "run scenarios/baldwin.toml --seed 3 --quiet --set run.checkpoint_every=5 ";
  REQUIRE(run_innate(common + "--out " + (tmp / "whole").string()).code == 0);
  REQUIRE(run_innate(common + "--out " + (tmp / "cut").string(), "INNATE_TEST_KILL_AFTER_GENERATION=17").code ==
          128 + SIGKILL);
  const fs::path checkpoint = tmp / "cut" / "checkpoints" / "latest.ckpt";
  const std::string saved = slurp(checkpoint);
  // The next checkpoint cannot be written: its temporary's name is taken by a directory.
  fs::create_directories(fs::path(checkpoint).concat(".tmp"));
  const auto failed = run_innate("resume " + (tmp / "cut").string() + " --quiet");
  CHECK(failed.code == 2);
  CHECK(failed.err == "innate: cannot write " + checkpoint.string() + ": Is a directory\n");
  CHECK(slurp(checkpoint) == saved);
  fs::remove(fs::path(checkpoint).concat(".tmp"));
  REQUIRE(run_innate("resume " + (tmp / "cut").string() + " --quiet").code == 0);
  check_same_run(tmp / "whole", tmp / "cut");
}

TEST_CASE("a run that cannot fit in memory stops before it starts, with one line") {
  // Hand count: 3 populations of 10 x 1000 floats, 2 threads x (2 phenotypes of 5000 + a
  // genome of 1000) floats, and 800 bytes of optimizer state.
  const innate::MemoryNeed need{1000, 5000, 10, 2, 800.0};
  CHECK(need.bytes() == 3 * 10 * 1000 * 4 + 2 * (2 * 5000 + 1000) * 4 + 800);
  CHECK_NOTHROW(innate::check_memory(need, need.bytes()));
  CHECK_NOTHROW(innate::check_memory(need, std::nullopt));  // unknown: not refused
  CHECK_THROWS_AS(innate::check_memory(need, need.bytes() - 1), innate::InputError);

  TempDir tmp;
  const auto r = run_innate(
      "run scenarios/cartpole_direct.toml --quiet --set 'network.layers=[4, 50000000, 2]' "
      "--set run.population=1000 --set run.threads=1 --out " +
      (tmp / "huge").string());
  CHECK(r.code == 2);
  CHECK(r.err.rfind("innate: this run needs about 3915.5 GiB of memory (1000 individuals x 350000002 genes, "
                    "a phenotype of 350000002 values per thread x 1) and ",
                    0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(tmp / "huge"));  // refused before anything was written
  // A share of the machine set by the user: `info` refuses as `run` would.
  const auto capped = run_innate("info scenarios/cartpole_direct.toml", "INNATE_MAX_MEMORY=1000");
  CHECK(capped.code == 2);
  CHECK(capped.err.find("of memory (64 individuals x 226 genes") != std::string::npos);
  CHECK(capped.err.find("and 1 KiB is available") != std::string::npos);
  CHECK(run_innate("info scenarios/cartpole_direct.toml", "INNATE_MAX_MEMORY=lots").err ==
        "innate: INNATE_MAX_MEMORY: expected a number of bytes, got 'lots'\n");
}

TEST_CASE("info and list describe without running") {
  const auto info = run_innate("info scenarios/baldwin.toml");
  CHECK(info.code == 0);
  CHECK(info.out.find("genome params    20") != std::string::npos);
  CHECK(info.out.find("genome bits      31.70") != std::string::npos);
  const auto no_learning = run_innate("info scenarios/baldwin_no_learning.toml");
  CHECK(no_learning.out.find("genome bits      20") != std::string::npos);
  const auto list = run_innate("list");
  CHECK(list.code == 0);
  for (const char* word : {"baldwin", "alleles", "ga", "trials", "checkpoint_every", "p_plastic"})
    CHECK(list.out.find(word) != std::string::npos);
}

TEST_CASE("sweep: one run per value, a combined sweep.csv, and resume of an interrupted sweep") {
  TempDir tmp;
  const std::string args =
      "sweep scenarios/cartpole_hebbian.toml --quiet --set run.generations=3 --set run.population=8 "
      "--vary 'lifetime.rules=\"per_synapse\";4;1' --out ";
  REQUIRE(run_innate(args + (tmp / "whole").string()).code == 0);
  const std::string csv = slurp(tmp / "whole" / "sweep.csv");
  // The control task's declared scores, then its nature fraction and the genome's effective bits.
  CHECK(csv.rfind("value,genome_params,genome_bits,compression,chance,innate,plastic,direct,nature_fraction,"
                  "effective_bits\n"
                  "per_synapse,960,",
                  0) == 0);
  CHECK(csv.find("\n4,20,640,") != std::string::npos);
  CHECK(csv.find("\n1,5,160,") != std::string::npos);
  const auto killed = run_innate(args + (tmp / "cut").string(), "INNATE_TEST_KILL_AFTER_GENERATION=2");
  CHECK(killed.code == 128 + SIGKILL);
  REQUIRE(run_innate("resume " + (tmp / "cut").string() + " --quiet").code == 0);
  CHECK(slurp(tmp / "cut" / "sweep.csv") == csv);
  const auto bad =
      run_innate("sweep scenarios/cartpole_hebbian.toml --vary 'lifetime.rules=0' --out " + (tmp / "b").string());
  CHECK(bad.code == 2);
  CHECK(bad.lines_of_err() == 1);
}
