// Write faults, end to end: a file-size limit reached mid-run (as a full disk), a run
// directory deleted under a run, standard output that cannot be written, standard error
// closed. Each ends in one line (where stderr works) and exit 2, with the last checkpoint
// intact, nothing recreated and nothing written where it does not belong; resumed once the
// fault is gone, a run ends byte-identical to one never interrupted.
#include <doctest/doctest.h>

#include "tests/support.hpp"

using namespace innate::test;
namespace fs = std::filesystem;

namespace {

const std::string kRun =
    "run scenarios/baldwin.toml --seed 5 --quiet --set run.generations=30 --set run.checkpoint_every=5 --out ";

}  // namespace

TEST_CASE("a disk that fills mid-run: exit 2, one line, the last checkpoint intact, and resumed the same bytes") {
  TempDir tmp;
  REQUIRE(run_innate(kRun + (tmp / "whole").string()).code == 0);
  // After generation 12 no file may grow past 1,500 bytes: metrics.csv or the next checkpoint fails.
  const auto cut = run_innate(kRun + (tmp / "cut").string(),
                              "INNATE_TEST_FILE_LIMIT_AFTER_GENERATION=12 INNATE_TEST_FILE_LIMIT=1500");
  CHECK(cut.code == 2);
  CHECK(cut.lines_of_err() == 1);
  CHECK(cut.err.rfind("innate: cannot write " + (tmp / "cut").string(), 0) == 0);
  CHECK(cut.err.find(": File too large\n") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "cut" / "result.json"));
  for (const auto& entry : fs::recursive_directory_iterator(tmp / "cut"))  // no torn temporary left
    CHECK(entry.path().extension() != ".tmp");
  REQUIRE(run_innate("resume " + (tmp / "cut").string() + " --quiet").code == 0);
  for (const char* file : {"metrics.csv", "result.json", "genome.cereal", "scenario.toml"}) {
    INFO(file);
    CHECK(slurp(tmp / "cut" / file) == slurp(tmp / "whole" / file));
  }
}

TEST_CASE("a run whose directory is deleted under it stops with exit 2 and recreates nothing") {
  TempDir tmp;
  const fs::path dir = tmp / "gone";
  const auto r = run_innate(kRun + dir.string(),
                            "INNATE_TEST_REMOVE_AFTER_GENERATION=3 INNATE_TEST_REMOVE='" + dir.string() + "'");
  CHECK(r.code == 2);
  CHECK(r.err ==
        "innate: cannot write " + (dir / "metrics.csv").string() + ": the file was deleted while the run wrote it\n");
  CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("a run refused before its first checkpoint leaves nothing, so the same command then runs") {
  TempDir tmp;
  const fs::path dir = tmp / "first";
  const auto refused = run_innate(
      kRun + dir.string(), "INNATE_TEST_FILE_LIMIT_AFTER_GENERATION=0 INNATE_TEST_FILE_LIMIT=300");  // room for stderr
  CHECK(refused.code == 2);
  CHECK(refused.lines_of_err() == 1);
  CHECK_FALSE(fs::exists(dir));  // neither its lock nor its checkpoint folder
  CHECK(run_innate(kRun + dir.string()).code == 0);
}

TEST_CASE("standard output that cannot be written is an error, not a silent loss") {
  const std::string rollout = fmt::format("'{}' env rollout CartPole-v1 --actions 0,1,0,1", INNATE_BINARY);
  const auto full = run_shell("( " + rollout + " > /dev/full )");
  CHECK(full.code == 2);
  CHECK(full.err == "innate: cannot write to standard output: No space left on device\n");
  const auto closed = run_shell("( " + rollout + " >&- )");
  CHECK(closed.code == 2);
  CHECK(closed.err == "innate: cannot write to standard output: Bad file descriptor\n");
  const auto list = run_shell(fmt::format("( '{}' list > /dev/full )", INNATE_BINARY));  // fmt::print's output
  CHECK(list.code == 2);
  CHECK(list.lines_of_err() == 1);
}

TEST_CASE("with standard error closed, no file of the run takes the error text") {
  TempDir tmp;
  const fs::path dir = tmp / "a";
  REQUIRE(run_innate("run scenarios/baldwin.toml --quiet --set run.generations=3 --out " + dir.string()).code == 0);
  fs::remove(dir / "result.json");
  { std::ofstream(dir / "checkpoints" / "latest.ckpt", std::ios::binary) << "damaged"; }
  const std::string scenario = slurp(dir / "scenario.toml");
  const auto r = run_shell(fmt::format("( '{}' resume '{}' 2>&- )", INNATE_BINARY, dir.string()));
  CHECK(r.code == 2);
  CHECK(fs::file_size(dir / ".lock") == 0);  // the descriptor 2 would have been the lock file
  CHECK(slurp(dir / "scenario.toml") == scenario);
  CHECK(slurp(dir / "checkpoints" / "latest.ckpt") == "damaged");
}
