#pragma once
// The CSV files the engine writes and reads back (metrics.csv, sweep.csv, atlas.csv):
// cells as the tables print them, and a file read as named columns of numbers.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace innate {

// A CSV file as named columns of numbers (non-numbers, empty cells included, become NaN).
struct Table {
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;
  const std::vector<double>* column(const std::string& name) const;
};

// The file's rows, or with `max_rows` (for figures) every k-th row and the last, k the
// smallest stride that keeps at most about max_rows: the file is streamed, so memory and
// time stay bounded by what is kept, not by the file's length. InputError on a read error.
Table read_table(const std::filesystem::path& path, std::size_t max_rows = 0);

// One line's cells; a double quote opens and closes a quoted cell ("" is a quote).
std::vector<std::string> split_csv(const std::string& line);

// A JSON value as a cell: numbers in their shortest exact text, null empty.
std::string csv_cell(const nlohmann::ordered_json& j);

// Text as a cell: a plain TOML string without its quotes, quoted for CSV when it holds a
// comma or a quote.
std::string csv_quote(std::string s);

}  // namespace innate
