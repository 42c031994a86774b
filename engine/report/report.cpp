#include "engine/report/report.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include "engine/base/error.hpp"
#include "engine/base/files.hpp"
#include "engine/base/statistics.hpp"
#include "engine/base/text.hpp"
#include "engine/formats/charts.hpp"
#include "engine/formats/csv_table.hpp"
#include "engine/formats/serialization.hpp"
#include "engine/report/artifacts.hpp"
#include "engine/studies/atlas.hpp"
#include "engine/studies/summary.hpp"
#include "engine/studies/tables.hpp"

namespace innate {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

// Rows a figure draws at most per run: a long metrics.csv (millions of generations) is
// drawn from every k-th generation and the last (read_table), so the report's time, memory
// and size follow the figure, not the run. The CSV files keep every row.
constexpr std::size_t kFigureRows = 2000;

// A table cell: numbers to 4 significant digits, anything else as it is.
std::string cell(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size() ? fmt::format("{:.4g}", v) : text;
}

Json read_json_or_null(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return nullptr;
  try {
    return read_json(p);
  } catch (const InputError&) {  // a damaged file is reported as missing
    return nullptr;
  }
}

std::string run_label(const fs::path& dir) {
  const fs::path clean = dir.lexically_normal();
  return clean.filename().empty() ? clean.parent_path().filename().string() : clean.filename().string();
}

// What a run or study directory declared it measures: its measures.json (a directory
// written before runs kept one: its scenario's task, through the catalog). A damaged
// file is one line naming it.
Measures measures_of(const fs::path& dir, const Catalog& catalog) {
  std::error_code ec;
  if (fs::is_regular_file(dir / "measures.json", ec))
    return measures_from_json(read_json(dir / "measures.json"), (dir / "measures.json").string());
  return task_measures(Scenario::from_file(dir / "scenario.toml", {}, catalog.schema()), catalog);
}

// Names with their numbers compared as numbers: replicate-2 before replicate-10, 2_x before 10_x.
bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t ei = i, ej = j;
      while (ei < a.size() && digit(a[ei])) ++ei;
      while (ej < b.size() && digit(b[ej])) ++ej;
      const std::string x = a.substr(i, ei - i), y = b.substr(j, ej - j);
      if (x.size() != y.size()) return x.size() < y.size();  // no leading zeros in these names
      if (x != y) return x < y;
      i = ei, j = ej;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i, ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

std::vector<fs::path> sub_dirs(const fs::path& dir) {
  std::vector<fs::path> subs;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_directory() && fs::is_regular_file(e.path() / "scenario.toml", ec)) subs.push_back(e.path());
  std::sort(subs.begin(), subs.end(), [](const fs::path& a, const fs::path& b) {
    return natural_less(a.filename().string(), b.filename().string());
  });
  return subs;
}

std::vector<fs::path> replicates_of(const fs::path& dir) {
  std::vector<fs::path> reps;
  for (const auto& s : sub_dirs(dir))
    if (s.filename().string().rfind("replicate-", 0) == 0) reps.push_back(s);
  return reps;
}

// A run as the report draws it: one run directory, or the same run in every replicate
// of a set (drawn as their mean with a 95% interval).
struct RunGroup {
  std::string label;
  std::vector<fs::path> dirs;
  Measures measures;
};

// Every run below `dir` (its arms, sweep values and replicates).
void collect_runs(const fs::path& dir, const std::string& label, const Catalog& catalog, std::vector<RunGroup>& out) {
  std::error_code ec;
  if (fs::is_regular_file(dir / "metrics.csv", ec)) {
    out.push_back({label, {dir}, measures_of(dir, catalog)});
    return;
  }
  if (is_replicate_set(dir)) {
    const auto reps = replicates_of(dir);
    if (reps.empty()) return;
    std::vector<RunGroup> first;  // the layout of one replicate, repeated in every one
    collect_runs(reps.front(), label, catalog, first);
    for (auto& g : first) {
      const fs::path rel = g.dirs.front().lexically_relative(reps.front());
      g.dirs.clear();
      for (const auto& r : reps)
        if (fs::is_regular_file(r / rel / "metrics.csv", ec)) g.dirs.push_back((r / rel).lexically_normal());
      g.label += fmt::format(" (n = {})", g.dirs.size());
      out.push_back(g);
    }
    return;
  }
  for (const auto& s : sub_dirs(dir)) collect_runs(s, label + "/" + s.filename().string(), catalog, out);
}

Interval single(double v) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  return {1, v, nan, nan, nan};
}

// A replicate set's data equivalent, a censored median: "median 7,708 (1 of 3 censored at
// 20,000)"; a summary from before censoring was counted: its mean.
std::string censored_phrase(const Json& row) {
  if (!row.contains("median"))
    return row.value("mean", Json()).is_number() ? format_number(row["mean"].get<double>()) : "";
  return fmt::format("median {}{} ({} of {} censored at {})", row.value("median_censored", false) ? "more than " : "",
                     format_number(row.value("median", 0.0)), row.value("censored", 0), row.value("n", 0),
                     format_number(row.value("bound", 0.0)));
}

Interval interval_of(const Json& row) {
  auto num = [&](const char* k) { return row.contains(k) && row[k].is_number() ? row[k].get<double>() : std::nan(""); };
  return {row.value("n", std::size_t{0}), num("mean"), num("std"), num("ci95_low"), num("ci95_high")};
}

// What one run, arms or replicate set measured: the scores of its arms, the nature
// fraction, the data equivalent, its sizes and budgets.
struct ArmBudget {
  std::string arm;
  double examples, gradient_steps, evaluations, env_steps, flops;
};

struct Measured {
  std::string label, scenario;
  std::optional<double> genome_params, compression;
  std::vector<ArmBudget> budget;
  std::vector<std::pair<std::string, Interval>> scores;
  std::optional<Interval> nature_fraction, data_equivalent;
  std::string equivalent_note;  // "more than B", "k of n reached"
  std::string fraction;         // the declared formula, e.g. "(innate - chance) / (direct - chance)"
};

// A result's sizes and budget, typed here so that a field of the wrong type is found while
// its directory is read (and named), not later while the page is drawn.
void read_sizes_and_budget(const Json& result, const NatureFraction& fraction, Measured& m) {
  const Json sizes = result_sizes(result, fraction);
  auto number = [&](const char* k) -> std::optional<double> {
    if (!sizes.is_object() || !sizes.contains(k)) return std::nullopt;
    return sizes.at(k).get<double>();
  };
  m.genome_params = number("genome_params"), m.compression = number("compression");
  const Json budget = result.value("budget", Json::object());
  for (const auto& [arm, b] : budget.items())
    m.budget.push_back({arm, b.value("examples", 0.0), b.value("gradient_steps", 0.0), b.value("evaluations", 0.0),
                        b.value("env_steps", 0.0), b.value("flops", 0.0)});
}

std::optional<Measured> measured_of(const fs::path& dir, const std::string& label, const Measures& measures) {
  Measured m;
  m.label = label;
  const NatureFraction& f = measures.fraction;
  if (f.declared()) m.fraction = fmt::format("({} - {}) / ({} - {})", f.nature, f.floor, f.full, f.floor);
  if (is_replicate_set(dir)) {
    const Json summary = read_json_or_null(dir / "summary.json");
    const Json first = read_json_or_null(dir / "replicate-1" / "result.json");
    if (!summary.is_object() || !first.is_object()) return std::nullopt;
    m.scenario = summary.value("scenario", std::string());
    read_sizes_and_budget(first, measures.fraction, m);
    const Json rows = summary.value("rows", Json::object());
    if (!rows.is_object()) throw InputError(fmt::format("{}: damaged summary (rows)", dir.string()));
    for (const auto& [name, row] : rows.items()) {
      if (name == "nature_fraction")
        m.nature_fraction = interval_of(row);
      else if (name == "data_equivalent")
        m.equivalent_note = censored_phrase(row);
      else if (name.rfind("validation.", 0) != 0)
        m.scores.push_back({name, interval_of(row)});
    }
    return m;
  }
  const Json r = read_json_or_null(dir / "result.json");
  if (!r.is_object() || !r.contains("scores")) return std::nullopt;
  m.scenario = r.value("scenario", std::string());
  read_sizes_and_budget(r, measures.fraction, m);
  for (const auto& [name, v] : r["scores"].items())
    if (v.is_number()) m.scores.push_back({name, single(v.get<double>())});
  if (r.contains("nature_fraction") && r["nature_fraction"].is_number())
    m.nature_fraction = single(r["nature_fraction"]);
  if (r.contains("data_equivalent")) {
    const Json& d = r.at("data_equivalent");
    if (d.value("examples", Json()).is_number())
      m.data_equivalent = single(d.at("examples").get<double>());
    else
      m.equivalent_note = fmt::format("more than {}", format_number(d.value("budget", 0.0)));
  }
  return m;
}

// Every measured unit among the report's directories: each directory, or each value of a sweep.
std::vector<Measured> measured_units(const std::vector<fs::path>& runs, const Catalog& catalog) {
  std::vector<Measured> out;
  for (const auto& dir : runs) {
    std::error_code ec;
    const bool sweep = fs::is_regular_file(dir / "sweep.json", ec);
    std::vector<std::pair<fs::path, std::string>> units;
    if (sweep) {
      for (const auto& s : sub_dirs(dir)) units.push_back({s, run_label(dir) + "/" + s.filename().string()});
    } else {
      units.push_back({dir, run_label(dir)});
    }
    for (const auto& entry : units) {  // not a structured binding: clang before 16 cannot capture one
      const fs::path& unit = entry.first;
      if (auto m = reading_results(unit, [&] { return measured_of(unit, entry.second, measures_of(unit, catalog)); }))
        out.push_back(std::move(*m));
    }
  }
  return out;
}

// 4 significant digits, whole numbers from 1,000 up (example counts), no exponent.
std::string short_value(double v) { return std::abs(v) >= 1000 ? fmt::format("{:.0f}", v) : fmt::format("{:.4g}", v); }

// "0.912 [0.905, 0.919]" with an interval, "0.912" without.
std::string with_interval(const Interval& i) {
  if (!std::isfinite(i.mean)) return "";
  if (!std::isfinite(i.low)) return short_value(i.mean);
  return fmt::format("{} [{}, {}]", short_value(i.mean), short_value(i.low), short_value(i.high));
}

// The opening table: one row per run, arms or replicate set (or sweep value).
std::string summary_section(const std::vector<Measured>& units) {
  if (units.empty()) return "";
  std::vector<std::string> arms;
  for (const auto& m : units)
    for (const auto& [arm, i] : m.scores)
      if (std::find(arms.begin(), arms.end(), arm) == arms.end()) arms.push_back(arm);
  std::string html =
      "<h2>Summary</h2>\n<p>Mean [95% interval] over replicates where a run has them (t interval; the nature "
      "fraction's by percentile bootstrap); scores on the test data or fresh episodes.</p>\n<table><tr><th>run</th>"
      "<th>scenario</th><th>genome params</th><th>compression</th>";
  for (const auto& a : arms) html += "<th>" + escape_html(a) + "</th>";
  html += "<th>nature fraction</th><th>data equivalent (examples)</th></tr>\n";
  for (const auto& m : units) {
    auto size = [](const std::optional<double>& v) { return v ? cell(format_number(*v)) : ""; };
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>", escape_html(m.label),
                        escape_html(m.scenario), size(m.genome_params), size(m.compression));
    for (const auto& a : arms) {
      std::string text;
      for (const auto& [arm, i] : m.scores)
        if (arm == a) text = with_interval(i);
      html += "<td>" + text + "</td>";
    }
    std::string eq = m.data_equivalent ? with_interval(*m.data_equivalent) : "";
    if (!m.equivalent_note.empty()) eq += (eq.empty() ? "" : " (") + m.equivalent_note + (eq.empty() ? "" : ")");
    html += fmt::format("<td>{}</td><td>{}</td></tr>\n", m.nature_fraction ? with_interval(*m.nature_fraction) : "",
                        escape_html(eq));
  }
  return html + "</table>\n";
}

Bar bar_of(const std::string& name, const Interval& i) { return {name, i.mean, i.low, i.high}; }

// Every unit's arms in one grouped figure, and the nature fractions in another.
std::string arms_section(const std::vector<Measured>& units) {
  std::vector<BarGroup> scores, fractions;
  std::string formula;
  for (const auto& m : units) {
    if (formula.empty()) formula = m.fraction;
    if (m.scores.size() < 2) continue;
    BarGroup g{m.label, {}};
    for (const auto& [arm, i] : m.scores) g.bars.push_back(bar_of(arm, i));
    scores.push_back(g);
    if (m.nature_fraction) fractions.push_back({m.label, {bar_of("nature fraction", *m.nature_fraction)}});
  }
  if (scores.empty()) return "";
  std::string html = grouped_bar_chart("Score of each arm (error bars: 95% interval)", "final score", scores);
  if (!fractions.empty())
    html += grouped_bar_chart("Nature fraction (error bars: 95% interval)",
                              formula.empty() ? "nature fraction" : formula, fractions);
  return html;
}

// What produced each arm: labelled examples, gradient steps, evaluations, environment
// steps and FLOPs (the first replicate's, for a set: every replicate spends the same
// apart from episode lengths).
std::string budget_section(const std::vector<Measured>& units) {
  std::string rows;
  for (const auto& m : units)
    for (const ArmBudget& b : m.budget)
      rows += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>{:.0f}</td><td>{:.0f}</td><td>{:.0f}</td><td>{:.0f}</td><td>{:.3g}</td></"
          "tr>\n",
          escape_html(m.label), escape_html(b.arm), b.examples, b.gradient_steps, b.evaluations, b.env_steps, b.flops);
  if (rows.empty()) return "";
  return "<h2>Budgets</h2>\n<p>What produced each arm's network (network passes only in "
         "FLOPs).</p>\n<table><tr><th>run</th>"
         "<th>arm</th><th>labelled examples</th><th>gradient steps</th><th>evaluations</th><th>env "
         "steps</th><th>FLOPs</th></tr>\n" +
         rows + "</table>\n";
}

// Column `name` of every table, point by point: the mean and the half-width of its 95%
// t interval (NaN with one table or where the tables differ in length).
std::pair<std::vector<double>, std::vector<double>> mean_and_half_width(const std::vector<Table>& tables,
                                                                        const std::string& name) {
  std::vector<double> mean, half;
  const auto* first = tables.front().column(name);
  if (!first) return {mean, half};
  for (std::size_t i = 0; i < first->size(); ++i) {
    std::vector<double> v;
    for (const auto& t : tables)
      if (const auto* c = t.column(name); c && i < c->size() && std::isfinite((*c)[i])) v.push_back((*c)[i]);
    const Interval ci = t_interval(v);
    mean.push_back(v.size() == tables.size() ? ci.mean : std::nan(""));
    half.push_back(v.size() > 1 ? ci.high - ci.mean : std::nan(""));
  }
  return {mean, half};
}

// Each declared curve file: every column but x against x (replicates: mean and 95% band).
std::string curves_section(const RunGroup& run) {
  std::string html;
  for (const Curve& curve : run.measures.curves) {
    std::vector<Table> tables;
    std::error_code ec;
    for (const auto& d : run.dirs)
      if (fs::is_regular_file(d / curve.file, ec)) tables.push_back(read_table(d / curve.file, kFigureRows));
    if (tables.empty() || !tables.front().column(curve.x)) continue;
    std::vector<Series> series;
    for (const auto& name : tables.front().names)
      if (name != curve.x) {
        auto [mean, half] = mean_and_half_width(tables, name);
        series.push_back(
            {name, *tables.front().column(curve.x), mean, tables.size() > 1 ? half : std::vector<double>{}});
      }
    html += line_chart(fmt::format("{}: {}", run.label, curve.title), curve.x_label,
                       tables.size() > 1 ? curve.y_label + " (mean, 95% band)" : curve.y_label, series, curve.log_x);
  }
  return html;
}

// A sweep: every declared score against genome size (the floor dashed; error bars with
// replicates), and the table.
std::string sweep_section(const std::string& label, const fs::path& dir, const Measures& measures) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / "sweep.csv", ec)) return "";
  const Table t = read_table(dir / "sweep.csv");
  const auto* size = t.column("genome_params");
  std::vector<Series> series;
  for (const auto& score : measures.scores) {
    const auto *plain = t.column(score), *mean = t.column(score + "_mean");
    const auto* y = mean ? mean : plain;
    if (!y || !size || std::none_of(y->begin(), y->end(), [](double v) { return std::isfinite(v); })) continue;
    Series s{score, *size, *y, {}, score == measures.fraction.floor};
    if (mean) s.low = *t.column(score + "_ci95_low"), s.high = *t.column(score + "_ci95_high");
    series.push_back(s);
  }
  const bool intervals = std::any_of(series.begin(), series.end(), [](const Series& s) { return !s.low.empty(); });
  std::string html = line_chart(fmt::format("{}: score against genome size", label), "genome parameters (log scale)",
                                intervals ? "final score (mean, 95% interval)" : "final score", series, true);
  html += "<table><tr>";
  for (const auto& n : t.names) html += "<th>" + escape_html(n) + "</th>";
  html += "</tr>";
  std::istringstream rows(read_file(dir / "sweep.csv"));
  std::string line;
  std::getline(rows, line);
  while (std::getline(rows, line)) {
    html += "<tr>";
    for (const auto& c : split_csv(line)) html += "<td>" + escape_html(cell(c)) + "</td>";
    html += "</tr>";
  }
  return html + "</table>\n";
}

// Score per generation (best, and the mean with its spread: the population's std for one
// run, the 95% interval over replicates for a set), each declared column group per run,
// and every other task column overlaid.
std::string generations_section(const std::vector<RunGroup>& runs) {
  std::vector<Series> score;
  std::map<std::string, std::vector<Series>> extra;  // task columns by name
  std::string groups_html;
  std::vector<std::string> grouped;
  for (const auto& run : runs) {
    std::vector<Table> tables;
    for (const auto& d : run.dirs) tables.push_back(read_table(d / "metrics.csv", kFigureRows));
    const Table& t = tables.front();
    const auto* g = t.column("generation");
    if (!g || !t.column("best") || !t.column("mean")) continue;
    const bool set = tables.size() > 1;
    const int colour = static_cast<int>(score.size() / 2);  // one colour per run
    auto [mean, half] = mean_and_half_width(tables, "mean");
    auto best = mean_and_half_width(tables, "best").first;
    score.push_back({run.label + " mean", *g, mean,
                     set ? half : (t.column("std") ? *t.column("std") : std::vector<double>{}), false, colour});
    score.push_back({run.label + " best", *g, best, {}, true, colour});
    for (const ColumnGroup& group : run.measures.groups) {
      std::vector<Series> s;
      for (const auto& c : group.columns)
        if (t.column(c)) s.push_back({c, *g, mean_and_half_width(tables, c).first, {}});
      grouped.insert(grouped.end(), group.columns.begin(), group.columns.end());
      groups_html += line_chart(fmt::format("{}: {}", run.label, group.title), "generation", group.y_label, s);
    }
    for (std::size_t c = 4; c < t.names.size(); ++c)
      extra[t.names[c]].push_back({run.label, *g, mean_and_half_width(tables, t.names[c]).first, {}});
  }
  std::string body;
  if (!score.empty())
    body += "<h2>Score per generation</h2>\n" +
            line_chart("Score per generation (mean with its band, best dashed)", "generation", "score", score);
  body += groups_html;
  for (const auto& [name, series] : extra)
    if (std::find(grouped.begin(), grouped.end(), name) == grouped.end())
      body += line_chart(fmt::format("{} per generation", name), "generation", name, series);
  return body;
}

std::string resources_section(const std::vector<RunGroup>& runs) {
  if (runs.empty()) return "";  // an atlas alone: its runs are reported by their sweeps
  std::string html =
      "<h2>Resources</h2>\n<table><tr><th>run</th><th>wall time (s)</th><th>threads</th><th>processes</th>"
      "<th>evaluations/s</th><th>CPU</th></tr>\n";
  for (const auto& run : runs)
    for (const auto& dir : run.dirs) {
      const Json r = read_json_or_null(dir / "resources.json");
      if (!r.is_object()) continue;
      const std::string label = run.dirs.size() > 1 ? dir.lexically_normal().string() : run.label;
      html += reading_results(dir, [&] {
        return fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                           escape_html(label), format_number(std::round(r.value("wall_seconds", 0.0) * 1000) / 1000),
                           r.value("threads", 0), r.value("processes", 1),
                           format_number(std::round(r.value("evaluations_per_second", 0.0))),
                           escape_html(r.value("cpu", std::string("?"))));
      });
    }
  return html + "</table>\n";
}

// An atlas: its figure (atlas.svg) and table (atlas.csv), then each task's sweep.
std::string atlas_section(const std::string& label, const fs::path& dir, const Catalog& catalog) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / "atlas.csv", ec))
    throw InputError(
        fmt::format("{}: the atlas has not finished (no atlas.csv; innate resume finishes it)", dir.string()));
  std::string html =
      fmt::format("<h3>{}</h3>\n<figure>{}</figure>\n<table><tr>", escape_html(label), read_file(dir / "atlas.svg"));
  std::istringstream rows(read_file(dir / "atlas.csv"));
  std::string line;
  std::getline(rows, line);
  for (const auto& n : split_csv(line)) html += "<th>" + escape_html(n) + "</th>";
  html += "</tr>";
  while (std::getline(rows, line)) {
    html += "<tr>";
    for (const auto& c : split_csv(line)) html += "<td>" + escape_html(cell(c)) + "</td>";
    html += "</tr>";
  }
  html += "</table>\n";
  const Json index = read_json(dir / "atlas.json");
  for (const auto& task : index.at("tasks")) {
    const fs::path sub = dir / task.at("folder").get<std::string>();
    html += sweep_section(label + "/" + task.at("label").get<std::string>(), sub, measures_of(sub, catalog));
  }
  return html;
}

std::string page(const std::vector<fs::path>& runs, const std::string& body) {
  std::string names;
  for (const auto& r : runs) names += (names.empty() ? "" : ", ") + run_label(r);
  return fmt::format(R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>innate report: {0}</title>
<style>
body {{ font-family: sans-serif; max-width: 1000px; margin: 2em auto; color: #222; }}
figure {{ margin: 1em 0; }} svg {{ background: #fff; }}
{2}
table {{ border-collapse: collapse; font-size: 13px; }}
td, th {{ border: 1px solid #ccc; padding: 3px 8px; text-align: right; }}
@media print {{ figure {{ break-inside: avoid; }} }}
</style></head><body>
<h1>innate report</h1>
<p>Runs: {0}</p>
{1}</body></html>
)",
                     escape_html(names), body, kChartStyle);
}

}  // namespace

std::string render_report(const std::vector<fs::path>& runs, const Catalog& catalog) {
  std::vector<RunGroup> collected;  // every run below the directories, its measures read once
  std::string sweep_html, artifacts_html, learning_html, atlas_html;
  std::vector<fs::path> plain;  // the runs that are not atlases
  for (const auto& dir : runs) {
    std::error_code ec;
    if (AtlasStudy::holds(dir, catalog)) {
      atlas_html += reading_results(dir, [&] { return atlas_section(run_label(dir), dir, catalog); });
      continue;
    }
    plain.push_back(dir);
    if (!fs::is_directory(dir, ec) || !fs::is_regular_file(dir / "scenario.toml", ec))
      throw InputError(fmt::format("{}: not a run directory (no scenario.toml)", dir.string()));
    const std::string label = run_label(dir);
    reading_results(dir, [&] {
      collect_runs(dir, label, catalog, collected);
      artifacts_html += artifacts_section(label, dir);
      sweep_html += sweep_section(label, dir, measures_of(dir, catalog));
    });
  }
  const std::vector<Measured> units = measured_units(plain, catalog);
  for (const auto& run : collected) learning_html += curves_section(run);
  std::string body =
      atlas_html.empty() ? "" : "<h2>Compressibility atlas: nature fraction against genome bits</h2>\n" + atlas_html;
  body += summary_section(units);
  const std::string arms_html = arms_section(units);
  if (!arms_html.empty()) body += "<h2>Arms: nature and nurture</h2>\n" + arms_html;
  body += budget_section(units);
  body += generations_section(collected);
  if (!learning_html.empty()) body += "<h2>Learning curves</h2>\n" + learning_html;
  body += artifacts_html;
  if (!sweep_html.empty()) body += "<h2>Bottleneck sweeps</h2>\n" + sweep_html;
  return page(runs, body + resources_section(collected));
}

fs::path write_report(const std::vector<fs::path>& runs, const Catalog& catalog) {
  if (runs.empty()) throw InputError("report: name at least one run directory");
  const std::string html = render_report(runs, catalog);
  const fs::path parent = runs.front().lexically_normal().parent_path();
  const fs::path out = (parent.empty() ? fs::path(".") : parent) / "report.html";
  write_file_atomic(out, html);
  return out;
}

}  // namespace innate
