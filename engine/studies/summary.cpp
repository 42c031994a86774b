#include "engine/studies/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>

#include "engine/base/files.hpp"
#include "engine/base/text.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

// Values of result[block][key] over the results that have a number there.
std::vector<double> values_of(const std::vector<Json>& results, const std::string& block, const std::string& key) {
  std::vector<double> v;
  for (const Json& r : results)
    if (r.contains(block) && r[block].contains(key) && r[block][key].is_number())
      v.push_back(r[block][key].get<double>());
  return v;
}

Json number_or_null(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string short_number(double x) {
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return std::isfinite(x) ? fmt::format("{:.4g}", x) : "n/a";
}

// The binomial standard error sqrt(m (1 - m) / N) of a mean proportion m measured on the
// N examples of `split`, where the task declares `score` such a proportion. Every seed
// scores the same examples, so this error is not in the spread over seeds.
std::optional<double> sampling_error(const Json& result, const Measures& measures, const std::string& score,
                                     const std::string& split, double mean) {
  if (std::find(measures.sampled.begin(), measures.sampled.end(), score) == measures.sampled.end()) return {};
  if (!result.contains("splits") || !result["splits"].contains(split) || !std::isfinite(mean)) return {};
  const double n = result["splits"][split].get<double>();
  if (n <= 0) return {};
  return std::sqrt(std::clamp(mean, 0.0, 1.0) * (1 - std::clamp(mean, 0.0, 1.0)) / n);
}

void add_scores(std::vector<SummaryRow>& rows, const std::vector<Json>& results, const Measures& measures,
                const std::string& block, const std::string& prefix, const std::string& split) {
  if (!results.front().contains(block)) return;
  for (const auto& [key, value] : results.front()[block].items()) {
    SummaryRow row{
        prefix + key, within(t_interval(values_of(results, block, key)), measures.range.lowest, measures.range.highest),
        "t",          std::nullopt,
        std::nullopt, std::nullopt};
    row.sampling_se = sampling_error(results.front(), measures, key, split, row.interval.mean);
    rows.push_back(std::move(row));
  }
}

void add_paired(std::vector<SummaryRow>& rows, const std::vector<Json>& results, const Measures& measures) {
  const double span = measures.range.highest - measures.range.lowest;
  for (const auto& [a, b] : measures.paired) {
    const auto x = values_of(results, "scores", a), y = values_of(results, "scores", b);
    if (x.size() != results.size() || y.size() != results.size()) continue;  // both on every seed, or no pairs
    PairedDifference d = paired_difference(x, y);
    d.difference = within(d.difference, -span, span);
    rows.push_back({fmt::format("paired.{}-{}", a, b), d.difference, "paired t", d, std::nullopt, std::nullopt});
  }
}

void add_nature_fraction(std::vector<SummaryRow>& rows, const std::vector<Json>& results, const Measures& measures) {
  const NatureFraction& f = measures.fraction;
  if (!f.declared()) return;
  const auto floor = values_of(results, "scores", f.floor), nature = values_of(results, "scores", f.nature),
             full = values_of(results, "scores", f.full);
  if (nature.empty() || floor.size() != nature.size() || full.size() != nature.size()) return;
  std::vector<double> above(nature.size()), range(nature.size());  // (nature - floor) / (full - floor)
  for (std::size_t i = 0; i < nature.size(); ++i) above[i] = nature[i] - floor[i], range[i] = full[i] - floor[i];
  rows.push_back({"nature_fraction", fieller_ratio(above, range), "Fieller", std::nullopt, std::nullopt, std::nullopt});
}

void add_data_equivalent(std::vector<SummaryRow>& rows, const std::vector<Json>& results) {
  std::vector<double> reached;
  std::size_t censored = 0, measured = 0;
  double bound = 0;
  for (const Json& r : results) {
    if (!r.contains("data_equivalent")) continue;
    ++measured;
    const Json& d = r["data_equivalent"];
    bound = std::max(bound, d.value("budget", 0.0));
    if (d["examples"].is_number())
      reached.push_back(d["examples"].get<double>());
    else
      ++censored;
  }
  if (!measured) return;
  const Censored c = censored_summary(reached, censored, bound);
  rows.push_back({"data_equivalent", {c.n, kNaN, kNaN, kNaN, kNaN}, "censored median", std::nullopt, c, std::nullopt});
}

// The genome's effective bits (result.json "information", engine/information/) over the
// replicates that measured them: a t interval, never below 0.
void add_effective_bits(std::vector<SummaryRow>& rows, const std::vector<Json>& results) {
  const std::vector<double> bits = values_of(results, "information", "effective_bits");
  if (bits.empty()) return;
  rows.push_back({"effective_bits", within(t_interval(bits), 0.0, std::numeric_limits<double>::infinity()), "t",
                  std::nullopt, std::nullopt, std::nullopt});
}

Json row_json(const SummaryRow& row) {
  const Interval& i = row.interval;
  Json j{{"n", i.n},
         {"mean", number_or_null(i.mean)},
         {"std", number_or_null(i.std)},
         {"ci95_low", std::isinf(i.low) ? Json("-inf") : number_or_null(i.low)},
         {"ci95_high", std::isinf(i.high) ? Json("inf") : number_or_null(i.high)},
         {"method", row.method}};
  if (row.sampling_se) j["sampling_se"] = *row.sampling_se;
  if (row.paired) j["wilcoxon_p"] = row.paired->wilcoxon_p, j["sign_p"] = row.paired->sign_p;
  if (row.censored)
    j.update({{"median", row.censored->median},
              {"median_censored", row.censored->median_censored},
              {"censored", row.censored->censored},
              {"bound", row.censored->bound}});
  return j;
}

std::string csv_row(const SummaryRow& row) {
  const Interval& i = row.interval;
  const std::string wilcoxon = row.paired ? format_number(row.paired->wilcoxon_p) : "",
                    sign = row.paired ? format_number(row.paired->sign_p) : "",
                    censored = row.censored ? fmt::format("{}", row.censored->censored) : "",
                    median = row.censored ? fmt::format("{}{}", row.censored->median_censored ? ">" : "",
                                                        format_number(row.censored->median))
                                          : "",
                    sampling = row.sampling_se ? format_number(*row.sampling_se) : "";
  return fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", row.name, i.n, format_number(i.mean),
                     format_number(i.std), format_number(i.low), format_number(i.high), row.method, wilcoxon, sign,
                     censored, median, sampling);
}

}  // namespace

bool is_replicate_set(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "replicates.json", ec);
}

std::vector<SummaryRow> summarise(const std::vector<Json>& results, const Measures& measures) {
  std::vector<SummaryRow> rows;
  if (results.empty()) return rows;
  add_scores(rows, results, measures, "scores", "", "test");
  add_scores(rows, results, measures, "validation_scores", "validation.", "validation");
  add_paired(rows, results, measures);
  add_nature_fraction(rows, results, measures);
  add_data_equivalent(rows, results);
  add_effective_bits(rows, results);
  return rows;
}

std::string row_phrase(const SummaryRow& row) {
  if (row.censored) {
    const Censored& c = *row.censored;
    return fmt::format("median {}{} ({} of {} censored at {})", c.median_censored ? "more than " : "",
                       short_number(c.median), c.censored, c.n, short_number(c.bound));
  }
  const Interval& i = row.interval;
  std::string text = fmt::format("{} [{}, {}]", short_number(i.mean), short_number(i.low), short_number(i.high));
  if (row.paired)
    text += fmt::format(" (Wilcoxon p = {}, sign p = {})", short_number(row.paired->wilcoxon_p),
                        short_number(row.paired->sign_p));
  return text;
}

std::vector<SummaryRow> write_replicate_summary(const fs::path& dir, const std::string& scenario, std::uint64_t seed,
                                                const std::vector<Json>& results, const Measures& measures) {
  const auto rows = summarise(results, measures);
  std::string csv = "score,n,mean,std,ci95_low,ci95_high,method,wilcoxon_p,sign_p,censored,median,sampling_se\n";
  Json table = Json::object();
  for (const auto& row : rows) {
    csv += csv_row(row);
    table[row.name] = row_json(row);
  }
  Json summary;
  summary["scenario"] = scenario;
  summary["seed"] = seed;
  summary["replicates"] = results.size();
  summary["method"] =
      "scores: mean, sample std and mean +- t(0.975, n-1) std/sqrt(n), cut to the scores' range; paired.a-b: the same "
      "of a - b per seed, with exact Wilcoxon signed-rank and sign-test p-values; nature_fraction: the ratio of the "
      "mean scores with Fieller's interval (unbounded where the denominator is not clearly above zero); "
      "data_equivalent: the median with runs that never reached the level censored at the budget; sampling_se: the "
      "binomial standard error sqrt(m (1 - m) / N) of a mean accuracy m on the N examples every seed scored, which "
      "the spread over seeds does not contain; effective_bits: the smallest coded size of the genome that keeps its "
      "validation score (result.json information), mean and t interval";
  summary["rows"] = table;
  write_file_atomic(dir / "summary.json", summary.dump(2) + "\n");
  write_file_atomic(dir / "summary.csv", csv);
  return rows;
}

}  // namespace innate
