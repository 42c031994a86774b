// The report of small real runs: every expected figure present, with the run's data,
// axes labelled; nothing external (no scripts, no network).
#include <doctest/doctest.h>

#include <fstream>

#include "engine/base/error.hpp"
#include "engine/report/artifacts.hpp"
#include "engine/report/report.hpp"
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
  const auto r =
      run_innate(fmt::format("report {} {}", (tmp / "baldwin").string(), (tmp / "baldwin_no_learning").string()));
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

TEST_CASE("report of a 3-million-generation run: figures drawn from every k-th generation, the page small") {
  TempDir tmp;
  const fs::path run = tmp / "long";
  REQUIRE(run_innate("run scenarios/baldwin.toml --quiet --set run.generations=2 --set run.population=10 --out " +
                     run.string())
              .code == 0);
  {  // as 3,000,000 generations would leave it: 115 MB
    std::ofstream metrics(run / "metrics.csv", std::ios::binary);
    metrics << "generation,best,mean,std,correct,incorrect,undecided,found\n";
    std::string rows;
    for (int g = 0; g < 3'000'000; ++g) {
      rows += fmt::format("{},{},{},0.03125,0.25,0.25,0.5,{}\n", g, g % 1000 == 0 ? 2 : 1, 0.5 + (g % 7) * 0.01, g % 2);
      if (rows.size() > (1 << 20)) metrics << rows, rows.clear();
    }
    metrics << rows;
  }
  const auto r = run_innate("report " + run.string());
  REQUIRE(r.code == 0);
  const std::string html = slurp(tmp / "report.html");
  CHECK(html.size() < 5'000'000);
  // Stride 1,500 keeps generations 0, 1,500, ..., 2,998,500 and the last, 2,999,999.
  CHECK(html.find("data-series=\"long mean\" data-points=\"2001\"") != std::string::npos);
  CHECK(html.find("data-series=\"found\" data-points=\"2001\"") != std::string::npos);
}

TEST_CASE("report of arms and of a sweep: score bars, nature fraction, score against genome size") {
  TempDir tmp;
  REQUIRE(
      run_innate("run scenarios/cartpole_arms.toml --quiet --set run.generations=3 --out " + (tmp / "arms").string())
          .code == 0);
  REQUIRE(run_innate("sweep scenarios/cartpole_hebbian.toml --quiet --set run.generations=2 --set run.population=8 "
                     "--vary 'lifetime.rules=4;1' --out " +
                     (tmp / "sweep").string())
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
  REQUIRE(run_innate("run scenarios/baldwin.toml --quiet --set run.generations=5 --out " + (tmp / "b").string()).code ==
          0);
  REQUIRE(run_innate("report " + (tmp / "b").string()).code == 0);
  const auto r =
      run_shell(fmt::format("/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                            "--disable-background-networking "
                            "--disable-component-update --disable-sync --user-data-dir='{}' --window-size=900,1200 "
                            "--screenshot='{}' 'file://{}'",
                            (tmp / "profile").string(), (tmp / "shot.png").string(), (tmp / "report.html").string()));
  CHECK(r.code == 0);
  const std::string png = slurp(tmp / "shot.png");
  REQUIRE(png.size() > 8);
  CHECK(png.substr(1, 3) == "PNG");
}

TEST_CASE("report of replicate sets: a summary table with intervals, arms grouped in one figure, error bars, bands") {
  TempDir tmp;
  REQUIRE(run_innate("run scenarios/cartpole_arms.toml --quiet --set run.generations=3 --set run.population=8 "
                     "--replicates 2 --out " +
                     (tmp / "arms").string())
              .code == 0);
  REQUIRE(run_innate("sweep scenarios/cartpole_hebbian.toml --quiet --set run.generations=2 --set run.population=8 "
                     "--vary 'lifetime.rules=4;1' --replicates 2 --out " +
                     (tmp / "sweep").string())
              .code == 0);
  REQUIRE(run_innate(fmt::format("report {} {}", (tmp / "arms").string(), (tmp / "sweep").string())).code == 0);
  const std::string html = slurp(tmp / "report.html");
  // The report opens with the summary: a row per run, each arm as mean [low, high].
  CHECK(html.find("<h2>Summary</h2>") < html.find("<h2>Score per generation</h2>"));
  const std::size_t row = html.find("<td>arms</td><td>cartpole_arms</td><td>54</td>");
  REQUIRE(row != std::string::npos);
  const std::string cells = html.substr(row, html.find("</tr>", row) - row);
  const std::size_t open = cells.find(" ["), comma = cells.find(", ", open), close = cells.find("]</td>", comma);
  CHECK(open != std::string::npos);  // mean [low, high]
  CHECK(comma != std::string::npos);
  CHECK(close != std::string::npos);
  CHECK(html.find("<td>sweep/1_4</td>") != std::string::npos);
  // One grouped figure for every unit's arms, with error bars.
  CHECK(count(html, "Score of each arm") == 2);  // the figure's title and its <title>
  for (const char* group : {"arms", "sweep/1_4", "sweep/2_1"})
    CHECK(html.find(fmt::format("data-bar=\"chance\" data-group=\"{}\"", group)) != std::string::npos);
  CHECK(count(html, "class=\"error-bar\"") >= 4 + 1 + 4);  // arms, nature fraction, sweep points
  // Budgets per arm, and every replicate's runs drawn as one mean with a band.
  CHECK(html.find("<h2>Budgets</h2>") != std::string::npos);
  CHECK(html.find("data-series=\"arms/innate (n = 2) mean\"") != std::string::npos);
  CHECK(html.find("final score (mean, 95% interval)") != std::string::npos);
}

TEST_CASE("report: long titles and legends are drawn whole, the figure widens") {
  TempDir tmp;
  const std::string name = "a_run_with_a_rather_long_name_that_would_not_fit_in_a_small_legend_box";
  REQUIRE(
      run_innate("run scenarios/baldwin.toml --quiet --set run.generations=2 --out " + (tmp / name).string()).code ==
      0);
  REQUIRE(run_innate("report " + (tmp / name).string()).code == 0);
  const std::string html = slurp(tmp / "report.html");
  CHECK(html.find(">" + name + " mean</text>") != std::string::npos);  // the legend entry, whole
  const std::size_t title = html.find("><title>Score per generation");
  REQUIRE(title != std::string::npos);
  const std::size_t width = html.find("width=\"", html.rfind("<svg ", title));
  REQUIRE(width < title);
  CHECK(std::stoi(html.substr(width + 7)) > 700);
}

TEST_CASE("report: sweep values and replicates in their numeric order (2 before 10)") {
  TempDir tmp;
  REQUIRE(run_innate("sweep scenarios/cartpole_direct.toml --quiet --vary 'run.population=20;18;16;14;12;10;8;6;4;2' "
                     "--set run.generations=0 --set task.final_episodes=1 --out " +
                     (tmp / "s").string())
              .code == 0);
  REQUIRE(run_innate("report " + (tmp / "s").string()).code == 0);
  const std::string html = slurp(tmp / "report.html");
  const auto second = html.find("<td>s/2_18</td>"), tenth = html.find("<td>s/10_2</td>");
  REQUIRE(second != std::string::npos);
  REQUIRE(tenth != std::string::npos);
  CHECK(second < tenth);
}

TEST_CASE("report: what a run declared is read from its own files, and a damaged one is one line naming it") {
  TempDir tmp;
  REQUIRE(run_innate("run scenarios/baldwin.toml --quiet --set run.generations=2 --out " + (tmp / "b").string()).code ==
          0);
  // The run keeps its task's declarations: the report draws them without the catalog's help.
  const std::string declared = slurp(tmp / "b" / "measures.json");
  CHECK(declared.find("\"allele fractions and fraction finding the target\"") != std::string::npos);
  { std::ofstream(tmp / "b" / "measures.json") << "{\"columns\": ["; }
  const auto damaged = run_innate("report " + (tmp / "b").string());
  CHECK(damaged.code == 2);
  CHECK(damaged.lines_of_err() == 1);
  CHECK(damaged.err.find((tmp / "b" / "measures.json").string()) != std::string::npos);
  { std::ofstream(tmp / "b" / "measures.json") << declared; }
  // An artifact is embedded under its title; one that points outside the run is refused.
  innate::declare_artifact(tmp / "b", "A figure of its own", "own.html", "<p id=\"own-figure\">drawn by its task</p>");
  REQUIRE(run_innate("report " + (tmp / "b").string()).code == 0);
  const std::string html = slurp(tmp / "report.html");
  CHECK(html.find("<h2>A figure of its own: b</h2>\n<p id=\"own-figure\">drawn by its task</p>") != std::string::npos);
  { std::ofstream(tmp / "b" / "artifacts.json") << R"({"artifacts": [{"title": "x", "file": "../../etc/passwd"}]})"; }
  const auto outside = run_innate("report " + (tmp / "b").string());
  CHECK(outside.code == 2);
  CHECK(outside.lines_of_err() == 1);
  CHECK(outside.err.find("is not a file name in the run directory") != std::string::npos);
}
