// Under MPI (built with INNATE_MPI and an mpirun on the machine): byte-identical runs
// for 1, 2 and 3 processes, a lost rank that ends the run with a usable checkpoint,
// and bad input that ends every rank with one line.
#include <doctest/doctest.h>

#include <signal.h>

#include <string>
#include <vector>

#include "tests/support.hpp"

using namespace innate::test;
namespace fs = std::filesystem;

namespace {

bool have_mpi() { return std::string(INNATE_MPIEXEC).size() > 0; }

// mpirun with `np` ranks; `env` names variables exported to every rank (VAR=value ...).
CommandResult run_mpi(int np, const std::string& args, const std::vector<std::string>& env = {}) {
  std::string exports, assignments;
  for (const auto& e : env) {
    assignments += e + " ";
    exports += " -x " + e.substr(0, e.find('='));
  }
  // --allow-run-as-root: CI runs as root; --oversubscribe: more ranks than cores.
  return run_shell(fmt::format("{} timeout 300 '{}' --allow-run-as-root --oversubscribe{} -np {} '{}' {}", assignments,
                               INNATE_MPIEXEC, exports, np, innate_binary(assignments), args));
}

void check_same_run(const fs::path& a, const fs::path& b) {
  for (const char* file : {"metrics.csv", "result.json", "scenario.toml"}) {
    INFO(file);
    CHECK(slurp(a / file) == slurp(b / file));
  }
}

}  // namespace

TEST_CASE("MPI: the same seed gives the same bytes for 1, 2 and 3 processes") {
  if (!have_mpi()) {
    MESSAGE("built without MPI: skipped");
    return;
  }
  TempDir tmp;
  const std::string args = "run scenarios/baldwin.toml --seed 7 --quiet --out ";
  REQUIRE(run_innate(args + (tmp / "plain").string()).code == 0);
  for (int np : {1, 2, 3}) {
    const fs::path out = tmp / ("np" + std::to_string(np));
    const auto r = run_mpi(np, fmt::format("{}{} --threads 1", args, out.string()));
    INFO(r.err);
    REQUIRE(r.code == 0);
    check_same_run(tmp / "plain", out);
    CHECK(slurp(out / "resources.json").find(fmt::format("\"processes\": {}", np)) != std::string::npos);
  }
}

TEST_CASE("MPI: a control scenario gives the same bytes for 1 and 2 processes") {
  if (!have_mpi()) {
    MESSAGE("built without MPI: skipped");
    return;
  }
  TempDir tmp;
  const std::string args = "run scenarios/cartpole_direct.toml --seed 3 --quiet --set run.generations=15 --out ";
  REQUIRE(run_innate(args + (tmp / "plain").string()).code == 0);
  const auto r = run_mpi(2, args + (tmp / "np2").string() + " --threads 1");
  INFO(r.err);
  REQUIRE(r.code == 0);
  check_same_run(tmp / "plain", tmp / "np2");
}

TEST_CASE("MPI: a lost rank ends the run, never hangs, and its checkpoint resumes exactly") {
  if (!have_mpi()) {
    MESSAGE("built without MPI: skipped");
    return;
  }
  TempDir tmp;
  const std::string args = "run scenarios/baldwin.toml --seed 8 --quiet --set run.checkpoint_every=5 --out ";
  REQUIRE(run_innate(args + (tmp / "whole").string()).code == 0);
  // Rank 1 dies by SIGKILL after generation 12; the last checkpoint is generation 10.
  const auto lost =
      run_mpi(2, args + (tmp / "cut").string(), {"INNATE_TEST_KILL_AFTER_GENERATION=12", "INNATE_TEST_KILL_RANK=1"});
  CHECK(lost.code != 0);
  CHECK(lost.code != 124);  // not the timeout: mpirun ended the job itself
  CHECK_FALSE(fs::exists(tmp / "cut" / "result.json"));
  SUBCASE("resumed under mpirun") { REQUIRE(run_mpi(2, "resume " + (tmp / "cut").string() + " --quiet").code == 0); }
  SUBCASE("resumed as one process") { REQUIRE(run_innate("resume " + (tmp / "cut").string() + " --quiet").code == 0); }
  check_same_run(tmp / "whole", tmp / "cut");
}

TEST_CASE("MPI: bad input ends every rank with one line of ours") {
  if (!have_mpi()) {
    MESSAGE("built without MPI: skipped");
    return;
  }
  TempDir tmp;
  const auto r = run_mpi(2, "run scenarios/baldwin.toml --set run.populaton=5 --out " + (tmp / "o").string());
  CHECK(r.code != 0);
  const std::string line =
      "innate: --set run.populaton=5: unknown key 'run.populaton' (did you mean 'run.population'?)\n";
  CHECK(r.err.find(line) != std::string::npos);
  CHECK(r.err.find(line) == r.err.rfind(line));  // printed once, by rank 0
  CHECK_FALSE(fs::exists(tmp / "o" / "metrics.csv"));
}
