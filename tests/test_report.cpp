// The report of small real runs: every expected figure present, with the run's data,
// axes labelled; nothing external (no scripts, no network).
#include <doctest/doctest.h>

#include <regex>

#include "engine/error.hpp"
#include "engine/report.hpp"
#include "tests/support.hpp"

using namespace innate;
using namespace innate::test;
namespace fs = std::filesystem;

namespace {

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("report of Baldwin runs: score and allele figures with every generation, labelled axes") {
  TempDir tmp;
  for (const char* name : {"baldwin", "baldwin_no_learning"})
    REQUIRE(run_innate(fmt::format("run scenarios/{}.toml --quiet --set run.generations=12 --out {}", name,
                                   (tmp / name).string()))
                .code == 0);
  const auto r = run_innate(fmt::format("report {} {}", (tmp / "baldwin").string(), (tmp / "baldwin_no_learning").string()));
  REQUIRE(r.code == 0);
  CHECK(r.out == (tmp / "report.html").string() + "\n");
  const std::string html = slurp(tmp / "report.html");
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(count(html, "<script") == 0);
  CHECK(count(html, "http://") == count(html, "xmlns=\"http://www.w3.org/2000/svg\""));  // no external resource
  CHECK(html.find("Score per generation") != std::string::npos);
  CHECK(html.find("baldwin: allele fractions") != std::string::npos);
  CHECK(html.find("baldwin_no_learning: allele fractions") != std::string::npos);
  // Overlaid curves: a mean and a best line per run, 13 points each (generations 0..12).
  CHECK(html.find("data-series=\"baldwin mean\" data-points=\"13\"") != std::string::npos);
  CHECK(html.find("data-series=\"baldwin_no_learning best\" data-points=\"13\"") != std::string::npos);
  for (const char* column : {"correct", "incorrect", "undecided", "found"})
    CHECK(html.find(fmt::format("data-series=\"{}\" data-points=\"13\"", column)) != std::string::npos);
  CHECK(count(html, ">generation</text>") >= 3);  // x axes labelled
  CHECK(html.find(">fraction</text>") != std::string::npos);
  CHECK(html.find("<h2>Resources</h2>") != std::string::npos);
}

TEST_CASE("report of arms and of a sweep: score bars, nature fraction, score against genome size") {
  TempDir tmp;
  REQUIRE(run_innate("run scenarios/cartpole_arms.toml --quiet --set run.generations=3 --out " + (tmp / "arms").string()).code == 0);
  REQUIRE(run_innate("sweep scenarios/cartpole_hebbian.toml --quiet --set run.generations=2 --set run.population=8 "
                     "--vary 'lifetime.rules=4;1' --out " + (tmp / "sweep").string())
              .code == 0);
  REQUIRE(run_innate(fmt::format("report {} {}", (tmp / "arms").string(), (tmp / "sweep").string())).code == 0);
  const std::string html = slurp(tmp / "report.html");
  for (const char* bar : {"chance", "innate", "plastic", "direct", "nature fraction"})
    CHECK(html.find(fmt::format("data-bar=\"{}\"", bar)) != std::string::npos);
  CHECK(html.find("sweep: score against genome size") != std::string::npos);
  CHECK(html.find("genome parameters (log scale)") != std::string::npos);
  CHECK(html.find("data-series=\"plastic\" data-points=\"2\"") != std::string::npos);
  CHECK(html.find("data-series=\"arms/innate mean\"") != std::string::npos);
}

TEST_CASE("report of what is not a run: one line, exit 2") {
  TempDir tmp;
  const auto r = run_innate("report " + tmp.path().string());
  CHECK(r.code == 2);
  CHECK(r.err == "innate: " + tmp.path().string() + ": not a run directory (no scenario.toml)\n");
}

TEST_CASE("the report renders in headless Chromium to a screenshot") {
  if (!fs::exists("/usr/bin/chromium")) {
    MESSAGE("chromium not installed (apt-get install chromium): skipped");
    return;
  }
  TempDir tmp;
  REQUIRE(run_innate("run scenarios/baldwin.toml --quiet --set run.generations=5 --out " + (tmp / "b").string()).code == 0);
  REQUIRE(run_innate("report " + (tmp / "b").string()).code == 0);
  const auto r = run_shell(fmt::format(
      "/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
      "--disable-component-update --disable-sync --user-data-dir='{}' --window-size=900,1200 --screenshot='{}' 'file://{}'",
      (tmp / "profile").string(), (tmp / "shot.png").string(), (tmp / "report.html").string()));
  CHECK(r.code == 0);
  const std::string png = slurp(tmp / "shot.png");
  REQUIRE(png.size() > 8);
  CHECK(png.substr(1, 3) == "PNG");
}
