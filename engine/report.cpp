#include "engine/report.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include "engine/components.hpp"
#include "engine/error.hpp"
#include "engine/text.hpp"

namespace innate {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

// A CSV file as named columns of numbers (non-numbers become NaN).
struct Table {
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;
  const std::vector<double>* column(const std::string& name) const {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return &columns[i];
    return nullptr;
  }
};

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) out.push_back(cell), cell.clear();
    else cell += c;
  }
  out.push_back(cell);
  return out;
}

Table read_table(const fs::path& path) {
  std::istringstream in(read_file(path));
  Table t;
  std::string line;
  if (!std::getline(in, line)) return t;
  t.names = split_csv(line);
  t.columns.resize(t.names.size());
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto cells = split_csv(line);
    for (std::size_t i = 0; i < t.names.size(); ++i) {
      char* end = nullptr;
      const std::string cell = i < cells.size() ? cells[i] : "";
      const double v = std::strtod(cell.c_str(), &end);
      t.columns[i].push_back(end != cell.c_str() ? v : std::nan(""));
    }
  }
  return t;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

const char* kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};

// 1, 2 or 5 times a power of ten, about `n` steps over the range.
double nice_step(double range, int n) {
  const double raw = range / n, mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double f : {1.0, 2.0, 5.0, 10.0})
    if (f * mag >= raw) return f * mag;
  return 10 * mag;
}

struct Series {
  std::string name;
  std::vector<double> x, y;
  std::vector<double> spread;  // optional +- band around y
  bool dashed = false;
  int colour = -1;  // index into kColours; -1: the series' own index
};

// Tick text: rounded to the step, and never "-0".
std::string tick(double v, double step) { return fmt::format("{:.6g}", std::round(v / step) * step + 0.0); }

// A table cell: numbers to 4 significant digits, anything else as it is.
std::string cell(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size() ? fmt::format("{:.4g}", v) : text;
}

// A line chart with labelled axes, ticks and a legend. `log_x`: decades on x.
std::string line_chart(const std::string& title, const std::string& x_label, const std::string& y_label,
                       const std::vector<Series>& series, bool log_x = false) {
  const double W = 700, H = 360, left = 70, right = 230, top = 36, bottom = 50;
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  auto fx = [&](double x) { return log_x ? std::log10(x) : x; };
  for (const auto& s : series)
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.y[i]) || (log_x && s.x[i] <= 0)) continue;
      const double band = s.spread.empty() ? 0.0 : s.spread[i];
      x0 = std::min(x0, fx(s.x[i])), x1 = std::max(x1, fx(s.x[i]));
      y0 = std::min(y0, s.y[i] - band), y1 = std::max(y1, s.y[i] + band);
    }
  if (!std::isfinite(x0)) return "";
  if (x1 == x0) x0 -= 1, x1 += 1;
  if (y1 == y0) y0 -= 1, y1 += 1;
  const double pad = 0.05 * (y1 - y0);
  y0 -= pad, y1 += pad;
  auto px = [&](double x) { return left + (fx(x) - x0) / (x1 - x0) * (W - left - right); };
  auto py = [&](double y) { return top + (y1 - y) / (y1 - y0) * (H - top - bottom); };
  std::string svg = fmt::format(
      "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">"
      "<title>{}</title><text x=\"{}\" y=\"22\" class=\"title\">{}</text>",
      W, H, W, H, escape(title), left, escape(title));
  // Axes, ticks, grid.
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" class=\"axis\"/>", left, H - bottom, W - right);
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" class=\"axis\"/>", left, top, H - bottom);
  const double ys = nice_step(y1 - y0, 5);
  for (double y = std::ceil(y0 / ys) * ys; y <= y1; y += ys)
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" class=\"grid\"/><text x=\"{3}\" y=\"{4:.1f}\" "
                       "class=\"tick\" text-anchor=\"end\">{5}</text>",
                       left, py(y), W - right, left - 6, py(y) + 4, tick(y, ys));
  if (log_x) {
    for (double d = std::floor(x0); d <= x1 + 1e-9; d += 1)
      if (d >= x0 - 1e-9)
        svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
                           px(std::pow(10.0, d)), H - bottom + 16, format_number(std::pow(10.0, d)));
  } else {
    const double xs = nice_step(x1 - x0, 6);
    for (double x = std::ceil(x0 / xs) * xs; x <= x1 + 1e-9; x += xs)
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>", px(x),
                         H - bottom + 16, tick(x, xs));
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"middle\">{}</text>", (left + W - right) / 2,
                     H - 12, escape(x_label));
  svg += fmt::format("<text x=\"16\" y=\"{}\" class=\"label\" text-anchor=\"middle\" transform=\"rotate(-90 16 {})\">{}</text>",
                     (top + H - bottom) / 2, (top + H - bottom) / 2, escape(y_label));
  // Series: a band (spread), a line, dots when few points; legend on the right.
  for (std::size_t k = 0; k < series.size(); ++k) {
    const Series& s = series[k];
    const char* colour = kColours[std::size_t(s.colour >= 0 ? s.colour : int(k)) % 8];
    std::string points, band_up, band_down;
    std::size_t drawn = 0;
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.y[i]) || (log_x && s.x[i] <= 0)) continue;
      points += fmt::format("{:.1f},{:.1f} ", px(s.x[i]), py(s.y[i]));
      ++drawn;
      if (!s.spread.empty()) {
        band_up += fmt::format("{:.1f},{:.1f} ", px(s.x[i]), py(s.y[i] + s.spread[i]));
        band_down = fmt::format("{:.1f},{:.1f} ", px(s.x[i]), py(s.y[i] - s.spread[i])) + band_down;
      }
    }
    if (!band_up.empty())
      svg += fmt::format("<polygon points=\"{}{}\" fill=\"{}\" fill-opacity=\"0.15\" stroke=\"none\"/>", band_up, band_down, colour);
    svg += fmt::format("<polyline data-series=\"{}\" data-points=\"{}\" points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>",
                       escape(s.name), drawn, points, colour, s.dashed ? " stroke-dasharray=\"6 4\"" : "");
    if (drawn <= 30)
      for (std::size_t i = 0; i < s.x.size(); ++i)
        if (std::isfinite(s.y[i]) && !(log_x && s.x[i] <= 0))
          svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>", px(s.x[i]), py(s.y[i]), colour);
    const double ly = top + 14 + 18.0 * double(k);
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\" stroke-width=\"3\"{4}/>"
                       "<text x=\"{5}\" y=\"{6}\" class=\"tick\">{7}</text>",
                       W - right + 12, ly, W - right + 32, colour, s.dashed ? " stroke-dasharray=\"6 4\"" : "",
                       W - right + 38, ly + 4, escape(s.name.substr(0, 30)));
  }
  return svg + "</svg></figure>\n";
}

std::string bar_chart(const std::string& title, const std::string& y_label, const std::vector<std::pair<std::string, double>>& bars) {
  const double W = 640, H = 320, left = 70, top = 36, bottom = 50, right = 20;
  double lo = 0, hi = 0;
  for (const auto& b : bars) lo = std::min(lo, b.second), hi = std::max(hi, b.second);
  if (hi == lo) hi = lo + 1;
  hi += 0.12 * (hi - lo);  // headroom for the value labels
  auto py = [&](double y) { return top + (hi - y) / (hi - lo) * (H - top - bottom); };
  const double slot = (W - left - right) / double(bars.size());
  std::string svg = fmt::format(
      "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">"
      "<title>{}</title><text x=\"{}\" y=\"22\" class=\"title\">{}</text>",
      W, H, W, H, escape(title), left, escape(title));
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" class=\"axis\"/>", left, py(0), W - right);
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" class=\"axis\"/>", left, top, H - bottom);
  const double ys = nice_step(hi - lo, 5);
  for (double y = std::ceil(lo / ys) * ys; y <= hi + 1e-12; y += ys)
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"end\">{}</text>", left - 6, py(y) + 4,
                       tick(y, ys));
  svg += fmt::format("<text x=\"16\" y=\"{}\" class=\"label\" text-anchor=\"middle\" transform=\"rotate(-90 16 {})\">{}</text>",
                     (top + H - bottom) / 2, (top + H - bottom) / 2, escape(y_label));
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const double x = left + slot * double(i) + slot * 0.15, w = slot * 0.7;
    const double y = std::min(py(bars[i].second), py(0)), h = std::abs(py(bars[i].second) - py(0));
    svg += fmt::format("<rect data-bar=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>",
                       escape(bars[i].first), x, y, w, h, kColours[i % 8]);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"middle\">{}</text>", x + w / 2, y - 4,
                       format_number(std::round(bars[i].second * 1000) / 1000));
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"label\" text-anchor=\"middle\">{}</text>", x + w / 2,
                       H - bottom + 18, escape(bars[i].first));
  }
  return svg + "</svg></figure>\n";
}

Json read_json_or_null(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return nullptr;
  try {
    return Json::parse(read_file(p));
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::string run_label(const fs::path& dir) {
  const fs::path clean = dir.lexically_normal();
  return clean.filename().empty() ? clean.parent_path().filename().string() : clean.filename().string();
}

// Curves of every run directory (metrics.csv) among `runs` and their arms and sweep values.
void collect_runs(const fs::path& dir, const std::string& label, std::vector<std::pair<std::string, fs::path>>& out) {
  std::error_code ec;
  if (fs::is_regular_file(dir / "metrics.csv", ec)) {
    out.push_back({label, dir});
    return;
  }
  std::vector<fs::path> subs;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_directory() && fs::is_regular_file(e.path() / "metrics.csv", ec)) subs.push_back(e.path());
  std::sort(subs.begin(), subs.end());
  for (const auto& s : subs) out.push_back({label + "/" + s.filename().string(), s});
}

// The declared measures of a run directory's task (none when its scenario does not parse).
const Measures& measures_of(const fs::path& dir, const Catalog& catalog) {
  static const Measures none;
  try {
    return task_measures(Scenario::from_file(dir / "scenario.toml", {}, catalog.schema()), catalog);
  } catch (const std::exception&) {
    return none;
  }
}

// Scores of arms side by side, or of one run that scores several arms, and the nature fraction.
std::string arms_section(const std::string& label, const Json& result, const Measures& measures) {
  if (!result.is_object() || !result.contains("scores") || !(result.contains("arms") || result["scores"].size() > 2)) return "";
  std::vector<std::pair<std::string, double>> bars;
  for (const auto& [arm, v] : result["scores"].items())
    if (v.is_number()) bars.push_back({arm, v.get<double>()});
  std::string html = bar_chart(fmt::format("{}: score of each arm", label), "final score", bars);
  const NatureFraction& f = measures.fraction;
  if (f.declared() && result.contains("nature_fraction") && result["nature_fraction"].is_number())
    html += bar_chart(fmt::format("{}: nature fraction", label),
                      fmt::format("({} - {}) / ({} - {})", f.nature, f.floor, f.full, f.floor),
                      {{"nature fraction", result["nature_fraction"].get<double>()}});
  return html;
}

// Each declared curve file: every column but x against x.
std::string curves_section(const std::string& label, const fs::path& dir, const Measures& measures) {
  std::string html;
  for (const Curve& curve : measures.curves) {
    std::error_code ec;
    if (!fs::is_regular_file(dir / curve.file, ec)) continue;
    const Table t = read_table(dir / curve.file);
    const auto* x = t.column(curve.x);
    if (!x) continue;
    std::vector<Series> series;
    for (std::size_t c = 0; c < t.names.size(); ++c)
      if (t.names[c] != curve.x) series.push_back({t.names[c], *x, t.columns[c], {}});
    html += line_chart(fmt::format("{}: {}", label, curve.title), curve.x_label, curve.y_label, series);
  }
  return html;
}

// analysis.json of `innate analyze`: ablation curves and per-layer similarity and
// dimensionality, one series or bar per network it names.
std::string analysis_section(const std::string& label, const Json& a) {
  if (!a.is_object()) return "";
  std::string html;
  if (a.contains("ablation")) {
    const auto& ab = a["ablation"];
    const auto f = ab["fraction"].get<std::vector<double>>();
    std::vector<Series> series;
    for (const auto& [net, values] : ab.items())
      if (net != "fraction") series.push_back({net, f, values.get<std::vector<double>>(), {}});
    html += line_chart(fmt::format("{}: ablation", label), "fraction of hidden units silenced", "test accuracy", series);
  }
  for (const auto& layer : a.value("layers", Json::array())) {
    const std::string name = fmt::format("{}: hidden layer {}", label, layer.value("layer", 0));
    html += bar_chart(name + ", similarity of the two networks", "similarity",
                      {{"linear CKA", layer.value("cka", 0.0)}, {"RSA", layer.value("rsa", 0.0)}});
    std::vector<std::pair<std::string, double>> bars;
    const Json ratios = layer.value("participation_ratio", Json::object());
    for (const auto& [net, value] : ratios.items()) bars.push_back({net, value.get<double>()});
    html += bar_chart(name + ", dimensionality", "participation ratio", bars);
  }
  return html;
}

// A sweep: every declared score against genome size (the floor dashed), and the table.
std::string sweep_section(const std::string& label, const fs::path& dir, const Measures& measures) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / "sweep.csv", ec)) return "";
  const Table t = read_table(dir / "sweep.csv");
  const auto* size = t.column("genome_params");
  std::vector<Series> series;
  for (const auto& score : measures.scores)
    if (const auto* y = t.column(score); y && size && std::any_of(y->begin(), y->end(), [](double v) { return std::isfinite(v); }))
      series.push_back({score, *size, *y, {}, score == measures.fraction.floor});
  std::string html = line_chart(fmt::format("{}: score against genome size", label), "genome parameters (log scale)",
                                "final score", series, true);
  html += "<table><tr>";
  for (const auto& n : t.names) html += "<th>" + escape(n) + "</th>";
  html += "</tr>";
  std::istringstream rows(read_file(dir / "sweep.csv"));
  std::string line;
  std::getline(rows, line);
  while (std::getline(rows, line)) {
    html += "<tr>";
    for (const auto& c : split_csv(line)) html += "<td>" + escape(cell(c)) + "</td>";
    html += "</tr>";
  }
  return html + "</table>\n";
}

// Score per generation (best, mean with its spread, every run overlaid), each declared
// column group per run, and every other task column overlaid.
// A run directory with its label and its task's declared measures.
struct RunDir {
  std::string label;
  fs::path dir;
  const Measures* measures;
};

std::string generations_section(const std::vector<RunDir>& runs) {
  std::vector<Series> score;
  std::map<std::string, std::vector<Series>> extra;  // task columns by name
  std::string groups_html;
  std::vector<std::string> grouped;
  for (const auto& [label, dir, measures] : runs) {
    const Table t = read_table(dir / "metrics.csv");
    const auto *g = t.column("generation"), *best = t.column("best"), *mean = t.column("mean"), *sd = t.column("std");
    if (!g || !best || !mean) continue;
    const int colour = static_cast<int>(score.size() / 2);  // one colour per run
    score.push_back({label + " mean", *g, *mean, sd ? *sd : std::vector<double>{}, false, colour});
    score.push_back({label + " best", *g, *best, {}, true, colour});
    for (const ColumnGroup& group : measures->groups) {
      std::vector<Series> s;
      for (const auto& c : group.columns)
        if (const auto* y = t.column(c)) s.push_back({c, *g, *y, {}});
      grouped.insert(grouped.end(), group.columns.begin(), group.columns.end());
      groups_html += line_chart(fmt::format("{}: {}", label, group.title), "generation", group.y_label, s);
    }
    for (std::size_t c = 4; c < t.names.size(); ++c) extra[t.names[c]].push_back({label, *g, t.columns[c], {}});
  }
  std::string body;
  if (!score.empty())
    body += "<h2>Score per generation</h2>\n" +
            line_chart("Score per generation (mean +- std, best dashed)", "generation", "score", score);
  body += groups_html;
  for (const auto& [name, series] : extra)
    if (std::find(grouped.begin(), grouped.end(), name) == grouped.end())
      body += line_chart(fmt::format("{} per generation", name), "generation", name, series);
  return body;
}

std::string resources_section(const std::vector<RunDir>& runs) {
  std::string html = "<h2>Resources</h2>\n<table><tr><th>run</th><th>wall time (s)</th><th>threads</th><th>processes</th>"
                     "<th>evaluations/s</th><th>CPU</th></tr>\n";
  for (const auto& [label, dir, measures] : runs) {
    const Json r = read_json_or_null(dir / "resources.json");
    if (!r.is_object()) continue;
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape(label),
                        format_number(std::round(r.value("wall_seconds", 0.0) * 1000) / 1000), r.value("threads", 0),
                        r.value("processes", 1), format_number(std::round(r.value("evaluations_per_second", 0.0))),
                        escape(r.value("cpu", std::string("?"))));
  }
  return html + "</table>\n";
}

std::string page(const std::vector<fs::path>& runs, const std::string& body) {
  std::string names;
  for (const auto& r : runs) names += (names.empty() ? "" : ", ") + run_label(r);
  return fmt::format(R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>innate report: {0}</title>
<style>
body {{ font-family: sans-serif; max-width: 1000px; margin: 2em auto; color: #222; }}
figure {{ margin: 1em 0; }} svg {{ background: #fff; }}
.title {{ font-size: 15px; font-weight: bold; }} .label {{ font-size: 13px; }} .tick {{ font-size: 11px; fill: #444; }}
.axis {{ stroke: #222; stroke-width: 1; }} .grid {{ stroke: #ddd; stroke-width: 1; }}
table {{ border-collapse: collapse; font-size: 13px; }} td, th {{ border: 1px solid #ccc; padding: 3px 8px; text-align: right; }}
@media print {{ figure {{ break-inside: avoid; }} }}
</style></head><body>
<h1>innate report</h1>
<p>Runs: {0}</p>
{1}</body></html>
)",
                     escape(names), body);
}


}  // namespace

std::string render_report(const std::vector<fs::path>& runs, const Catalog& catalog) {
  std::vector<std::pair<std::string, fs::path>> curves;
  std::string arms_html, sweep_html, learning_html, analysis_html;
  for (const auto& dir : runs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec) || !fs::is_regular_file(dir / "scenario.toml", ec))
      throw InputError(fmt::format("{}: not a run directory (no scenario.toml)", dir.string()));
    const std::string label = run_label(dir);
    const Measures& measures = measures_of(dir, catalog);
    collect_runs(dir, label, curves);
    arms_html += arms_section(label, read_json_or_null(dir / "result.json"), measures);
    analysis_html += analysis_section(label, read_json_or_null(dir / "analysis.json"));
    sweep_html += sweep_section(label, dir, measures);
  }
  std::vector<RunDir> collected;  // every run below the directories, its measures read once
  for (const auto& [label, dir] : curves) collected.push_back({label, dir, &measures_of(dir, catalog)});
  for (const auto& run : collected) learning_html += curves_section(run.label, run.dir, *run.measures);
  std::string body = generations_section(collected);
  if (!learning_html.empty()) body += "<h2>Learning curves</h2>\n" + learning_html;
  if (!arms_html.empty()) body += "<h2>Arms: nature and nurture</h2>\n" + arms_html;
  if (!analysis_html.empty()) body += "<h2>Analysis: the decoded and the directly trained network</h2>\n" + analysis_html;
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
