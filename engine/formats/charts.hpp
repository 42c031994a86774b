#pragma once
// Inline SVG charts for the report: lines (with a band and error bars), and bars grouped
// by run (with error bars). Sizes follow the text: a title or a legend entry is never
// cut; the figure widens instead.
#include <string>
#include <utility>
#include <vector>

namespace innate {

std::string escape_html(const std::string& s);

// The CSS the charts' classes need (title, label, tick, axis, grid): the report's page
// holds it once; standalone_svg() puts it inside the figure.
extern const char* const kChartStyle;

// A chart of line_chart() or grouped_bar_chart() as an SVG file of its own: the <svg>
// element with the chart styles, a sans-serif font and a white background inside it.
std::string standalone_svg(const std::string& figure);

struct Series {
  Series(std::string name_, std::vector<double> x_, std::vector<double> y_, std::vector<double> spread_ = {},
         bool dashed_ = false, int colour_ = -1)
      : name(std::move(name_)),
        x(std::move(x_)),
        y(std::move(y_)),
        spread(std::move(spread_)),
        dashed(dashed_),
        colour(colour_) {}
  std::string name;
  std::vector<double> x, y;
  std::vector<double> spread;  // optional: a band y +- spread
  bool dashed = false;
  int colour = -1;                // index into the palette; -1: the series' own index
  std::vector<double> low, high;  // optional: an error bar from low to high at each point
};

// A line chart with labelled axes, ticks and a legend. `log_x`: decades on x.
std::string line_chart(const std::string& title, const std::string& x_label, const std::string& y_label,
                       const std::vector<Series>& series, bool log_x = false);

// Bars in groups (one group per run, one bar per name, the same colour for a name in
// every group), each with an optional error bar; NaN values are left out.
struct Bar {
  std::string name;
  double value = 0.0, low = 0.0, high = 0.0;  // low/high NaN: no error bar
};
struct BarGroup {
  std::string label;
  std::vector<Bar> bars;
};
std::string grouped_bar_chart(const std::string& title, const std::string& y_label,
                              const std::vector<BarGroup>& groups);

}  // namespace innate
