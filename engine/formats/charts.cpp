#include "engine/formats/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/base/text.hpp"

namespace innate {

namespace {

const char* kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};

// 1, 2 or 5 times a power of ten, about `n` steps over the range.
double nice_step(double range, int n) {
  const double raw = range / n, mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double f : {1.0, 2.0, 5.0, 10.0})
    if (f * mag >= raw) return f * mag;
  return 10 * mag;
}

// Tick text: rounded to the step, and never "-0".
std::string tick(double v, double step) { return fmt::format("{:.6g}", std::round(v / step) * step + 0.0); }

// Width in pixels of text at a font size (a generous average glyph width).
double text_width(const std::string& s, double size) { return 0.62 * size * double(s.size()); }

}  // namespace

const char* const kChartStyle =
    ".title { font-size: 15px; font-weight: bold; } .label { font-size: 13px; } .tick { font-size: 11px; fill: #444; "
    "}\n"
    ".axis { stroke: #222; stroke-width: 1; } .grid { stroke: #ddd; stroke-width: 1; }";

std::string standalone_svg(const std::string& figure) {
  const auto begin = figure.find("<svg"), open_end = figure.find('>', begin), end = figure.rfind("</svg>");
  if (begin == std::string::npos || open_end == std::string::npos || end == std::string::npos)
    throw std::logic_error("standalone_svg(): not a chart");
  return figure.substr(begin, open_end + 1 - begin) + "<style>\nsvg { font-family: sans-serif; }\n" + kChartStyle +
         "\n</style><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>" +
         figure.substr(open_end + 1, end + 6 - open_end - 1) + "\n";
}

namespace {

std::string open_svg(double w, double h, const std::string& title, double x) {
  return fmt::format(
      "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} "
      "{1:.0f}\" "
      "role=\"img\"><title>{2}</title><text x=\"{3}\" y=\"22\" class=\"title\">{2}</text>",
      w, h, escape_html(title), x);
}

std::string y_axis(double left, double top, double bottom_y, double right_x, double lo, double hi, bool grid,
                   const std::string& y_label, double height) {
  auto py = [&](double y) { return top + (hi - y) / (hi - lo) * (bottom_y - top); };
  std::string svg =
      fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" class=\"axis\"/>", left, top, bottom_y);
  const double ys = nice_step(hi - lo, 5);
  for (double y = std::ceil(lo / ys) * ys; y <= hi + 1e-12 * std::abs(hi); y += ys) {
    if (grid)
      svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" class=\"grid\"/>", left, py(y),
                         right_x);
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"end\">{}</text>", left - 6, py(y) + 4,
                       tick(y, ys));
  }
  svg += fmt::format(
      "<text x=\"16\" y=\"{0}\" class=\"label\" text-anchor=\"middle\" transform=\"rotate(-90 16 {0})\">{1}</text>",
      height / 2, escape_html(y_label));
  return svg;
}

std::string error_bar(double x, double y_low, double y_high, const char* colour) {
  return fmt::format(
      "<path class=\"error-bar\" d=\"M{0:.1f},{1:.1f}V{2:.1f}M{3:.1f},{1:.1f}H{4:.1f}M{3:.1f},{2:.1f}H{4:.1f}\" "
      "stroke=\"{5}\" stroke-width=\"1.5\" fill=\"none\"/>",
      x, y_low, y_high, x - 4, x + 4, colour);
}

}  // namespace

std::string escape_html(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

namespace {

// A line chart's plot area and its scales: data (x on a log axis when asked) to pixels.
struct Frame {
  double left = 70, top = 36, bottom = 50, H = 360, plot_right = 0;
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  bool log_x = false;
  double fx(double x) const { return log_x ? std::log10(x) : x; }
  double px(double x) const { return left + (fx(x) - x0) / (x1 - x0) * (plot_right - left); }
  double py(double y) const { return top + (y1 - y) / (y1 - y0) * (H - top - bottom); }
  bool usable(const Series& s, std::size_t i) const { return std::isfinite(s.y[i]) && !(log_x && s.x[i] <= 0); }
};

// The data's extent (with its bands and error bars) into `f`; false when nothing is drawable.
bool fit_range(Frame& f, const std::vector<Series>& series) {
  for (const auto& s : series)
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!f.usable(s, i)) continue;
      const double band = s.spread.empty() || !std::isfinite(s.spread[i]) ? 0.0 : s.spread[i];
      double lo = s.y[i] - band, hi = s.y[i] + band;
      if (!s.low.empty() && std::isfinite(s.low[i])) lo = std::min(lo, s.low[i]);
      if (!s.high.empty() && std::isfinite(s.high[i])) hi = std::max(hi, s.high[i]);
      f.x0 = std::min(f.x0, f.fx(s.x[i])), f.x1 = std::max(f.x1, f.fx(s.x[i]));
      f.y0 = std::min(f.y0, lo), f.y1 = std::max(f.y1, hi);
    }
  if (!std::isfinite(f.x0)) return false;
  if (f.x1 == f.x0) f.x0 -= 1, f.x1 += 1;
  if (f.y1 == f.y0) f.y0 -= 1, f.y1 += 1;
  const double pad = 0.05 * (f.y1 - f.y0);
  f.y0 -= pad, f.y1 += pad;
  return true;
}

// The x axis's ticks (decades on a log axis) and label.
std::string x_ticks(const Frame& f, const std::string& x_label) {
  std::string svg;
  if (f.log_x) {
    for (double d = std::floor(f.x0); d <= f.x1 + 1e-9; d += 1)
      if (d >= f.x0 - 1e-9)
        svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
                           f.px(std::pow(10.0, d)), f.H - f.bottom + 16, format_number(std::pow(10.0, d)));
  } else {
    const double xs = nice_step(f.x1 - f.x0, 6);
    for (double x = std::ceil(f.x0 / xs) * xs; x <= f.x1 + 1e-9 * std::abs(f.x1); x += xs)
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>", f.px(x),
                         f.H - f.bottom + 16, tick(x, xs));
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"label\" text-anchor=\"middle\">{}</text>",
                     (f.left + f.plot_right) / 2, f.H - 12, escape_html(x_label));
  return svg;
}

// Series k: a band, error bars, a line, dots when few points; its legend entry on the right.
std::string series_svg(const Frame& f, const Series& s, std::size_t k) {
  const char* colour = kColours[std::size_t(s.colour >= 0 ? s.colour : int(k)) % 8];
  std::string svg, points, band_up, band_down, bars;
  std::vector<std::string> lower;  // the band's lower edge, drawn back from the right
  std::size_t drawn = 0;
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    if (!f.usable(s, i)) continue;
    points += fmt::format("{:.1f},{:.1f} ", f.px(s.x[i]), f.py(s.y[i]));
    ++drawn;
    if (!s.spread.empty() && std::isfinite(s.spread[i])) {
      band_up += fmt::format("{:.1f},{:.1f} ", f.px(s.x[i]), f.py(s.y[i] + s.spread[i]));
      lower.push_back(fmt::format("{:.1f},{:.1f} ", f.px(s.x[i]), f.py(s.y[i] - s.spread[i])));
    }
    if (!s.low.empty() && std::isfinite(s.low[i]) && std::isfinite(s.high[i]))
      bars += error_bar(f.px(s.x[i]), f.py(s.low[i]), f.py(s.high[i]), colour);
  }
  for (auto p = lower.rbegin(); p != lower.rend(); ++p) band_down += *p;
  if (!band_up.empty())
    svg += fmt::format("<polygon points=\"{}{}\" fill=\"{}\" fill-opacity=\"0.15\" stroke=\"none\"/>", band_up,
                       band_down, colour);
  svg += bars;
  svg += fmt::format(
      "<polyline data-series=\"{}\" data-points=\"{}\" points=\"{}\" fill=\"none\" stroke=\"{}\" "
      "stroke-width=\"2\"{}/>",
      escape_html(s.name), drawn, points, colour, s.dashed ? " stroke-dasharray=\"6 4\"" : "");
  if (drawn <= 30)
    for (std::size_t i = 0; i < s.x.size(); ++i)
      if (f.usable(s, i))
        svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>", f.px(s.x[i]), f.py(s.y[i]),
                           colour);
  const double ly = f.top + 14 + 18.0 * double(k);
  svg += fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\" stroke-width=\"3\"{4}/>"
      "<text x=\"{5}\" y=\"{6}\" class=\"tick\">{7}</text>",
      f.plot_right + 12, ly, f.plot_right + 32, colour, s.dashed ? " stroke-dasharray=\"6 4\"" : "", f.plot_right + 38,
      ly + 4, escape_html(s.name));
  return svg;
}

}  // namespace

std::string line_chart(const std::string& title, const std::string& x_label, const std::string& y_label,
                       const std::vector<Series>& series, bool log_x) {
  double legend = 0;
  for (const auto& s : series) legend = std::max(legend, text_width(s.name, 11));
  Frame f;
  f.log_x = log_x;
  const double plot_w = 470, right = legend + 50,
               W = std::max(f.left + plot_w + right, f.left + text_width(title, 15) + 20);
  f.plot_right = W - right;
  if (!fit_range(f, series)) return "";
  std::string svg = open_svg(W, f.H, title, f.left);
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" class=\"axis\"/>", f.left, f.H - f.bottom,
                     f.plot_right);
  svg += y_axis(f.left, f.top, f.H - f.bottom, f.plot_right, f.y0, f.y1, true, y_label, f.H);
  svg += x_ticks(f, x_label);
  for (std::size_t k = 0; k < series.size(); ++k) svg += series_svg(f, series[k], k);
  return svg + "</svg></figure>\n";
}

namespace {

// The bars' extent (0 included), their names in order of first appearance and the widest
// group label; returns how many bars there are to draw.
std::size_t bar_extent(const std::vector<BarGroup>& groups, std::vector<std::string>& names, double& lo, double& hi,
                       double& label_w) {
  std::size_t bars = 0;
  for (const auto& g : groups) {
    label_w = std::max(label_w, text_width(g.label, 13));
    for (const auto& b : g.bars) {
      if (!std::isfinite(b.value)) continue;
      ++bars;
      if (std::find(names.begin(), names.end(), b.name) == names.end()) names.push_back(b.name);
      lo = std::min({lo, b.value, std::isfinite(b.low) ? b.low : b.value});
      hi = std::max({hi, b.value, std::isfinite(b.high) ? b.high : b.value});
    }
  }
  return bars;
}

// A colour swatch and the name of every bar, from (lx, top) down.
std::string bar_legend(const std::vector<std::string>& names, double lx, double top) {
  std::string svg;
  for (std::size_t k = 0; k < names.size(); ++k) {
    const double ly = top + 14 + 18.0 * double(k);
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" "
        "class=\"tick\">{}</text>",
        lx, ly - 6, kColours[k % 8], lx + 20, ly + 4, escape_html(names[k]));
  }
  return svg;
}

}  // namespace

std::string grouped_bar_chart(const std::string& title, const std::string& y_label,
                              const std::vector<BarGroup>& groups) {
  std::vector<std::string> names;  // every bar name, in order of first appearance: its colour
  double lo = 0, hi = 0, label_w = 0;
  if (bar_extent(groups, names, lo, hi, label_w) == 0) return "";
  if (hi == lo) hi = lo + 1;
  hi += 0.12 * (hi - lo);  // headroom for the value labels
  double legend = 0;
  for (const auto& n : names) legend = std::max(legend, text_width(n, 11));
  const double left = 70, top = 36, bottom = 50, bar_w = 44, gap = 24, H = 340;
  double plot_w = 0;
  std::vector<double> group_w;
  for (const auto& g : groups) {
    const double w = std::max(bar_w * double(g.bars.size()), label_w + 8);
    group_w.push_back(w);
    plot_w += w + gap;
  }
  const double right = legend + 50, W = std::max(left + plot_w + right, left + text_width(title, 15) + 20);
  auto py = [&](double y) { return top + (hi - y) / (hi - lo) * (H - top - bottom); };
  std::string svg = open_svg(W, H, title, left);
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" class=\"axis\"/>", left, py(0),
                     left + plot_w);
  svg += y_axis(left, top, H - bottom, left + plot_w, lo, hi, false, y_label, H);
  double x = left + gap / 2;
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    const auto& g = groups[gi];
    double bx = x + (group_w[gi] - bar_w * double(g.bars.size())) / 2;
    for (const auto& b : g.bars) {
      if (!std::isfinite(b.value)) continue;
      const std::size_t c = static_cast<std::size_t>(std::find(names.begin(), names.end(), b.name) - names.begin());
      const double y = std::min(py(b.value), py(0)), h = std::abs(py(b.value) - py(0)), w = bar_w * 0.8;
      svg += fmt::format(
          "<rect data-bar=\"{}\" data-group=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
          "fill=\"{}\"/>",
          escape_html(b.name), escape_html(g.label), bx, y, w, h, kColours[c % 8]);
      const bool ci = std::isfinite(b.low) && std::isfinite(b.high);
      if (ci) svg += error_bar(bx + w / 2, py(b.low), py(b.high), "#222");
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"middle\">{:.3g}</text>",
                         bx + w / 2, std::min(y, ci ? py(b.high) : y) - 4, b.value);
      bx += bar_w;
    }
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"label\" text-anchor=\"middle\">{}</text>",
                       x + group_w[gi] / 2, H - bottom + 18, escape_html(g.label));
    x += group_w[gi] + gap;
  }
  return svg + bar_legend(names, left + plot_w + 12, top) + "</svg></figure>\n";
}

}  // namespace innate
