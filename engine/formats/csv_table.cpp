#include "engine/formats/csv_table.hpp"

#include <fmt/format.h>
#include <stdio.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "engine/base/error.hpp"

#include "engine/base/files.hpp"
#include "engine/base/text.hpp"

namespace innate {

const std::vector<double>* Table::column(const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return &columns[i];
  return nullptr;
}

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"' && quoted && i + 1 < line.size() && line[i + 1] == '"')
      cell += '"', ++i;
    else if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      out.push_back(cell), cell.clear();
    else
      cell += c;
  }
  out.push_back(cell);
  return out;
}

namespace {

// A file read line by line through a fixed buffer (memory does not grow with the file);
// a read error is an InputError naming the file, never an early end.
class LineReader {
 public:
  explicit LineReader(const std::filesystem::path& path) : path_(path), file_(std::fopen(path.c_str(), "rb")) {
    if (!file_) fail(errno);
  }
  ~LineReader() {
    std::free(line_);
    if (file_) std::fclose(file_);
  }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line without its newline; false at the end of the file.
  bool next(std::string_view& line) {
    errno = 0;
    const ssize_t n = ::getline(&line_, &capacity_, file_);
    if (n < 0) {
      if (std::ferror(file_)) fail(errno ? errno : EIO);
      return false;
    }
    line = std::string_view(line_, static_cast<std::size_t>(n));
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    return true;
  }

 private:
  [[noreturn]] void fail(int error) const {
    throw InputError(fmt::format("cannot read {}: {}", path_.string(), std::strerror(error)));
  }
  std::filesystem::path path_;
  std::FILE* file_;
  char* line_ = nullptr;
  std::size_t capacity_ = 0;
};

double cell_value(std::string_view cell) {
  while (!cell.empty() && cell.front() == ' ') cell.remove_prefix(1);
  if (!cell.empty() && cell.front() == '+') cell.remove_prefix(1);
  double v = std::nan("");
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  return error == std::errc{} && end != cell.data() ? v : std::nan("");
}

// One data row into the table's columns (missing cells NaN).
void add_row(Table& t, std::string_view line) {
  std::size_t i = 0;
  if (line.find('"') != std::string_view::npos) {  // quoted cells: the general splitter
    for (const auto& cell : split_csv(std::string(line)))
      if (i < t.names.size()) t.columns[i++].push_back(cell_value(cell));
  } else {
    for (std::size_t start = 0; i < t.names.size() && start <= line.size(); ++i) {
      const std::size_t comma = std::min(line.find(',', start), line.size());
      t.columns[i].push_back(cell_value(line.substr(start, comma - start)));
      start = comma + 1;
    }
  }
  for (; i < t.names.size(); ++i) t.columns[i].push_back(std::nan(""));
}

std::size_t count_rows(const std::filesystem::path& path) {
  LineReader lines(path);
  std::string_view line;
  std::size_t rows = 0;
  if (!lines.next(line)) return 0;  // the header
  while (lines.next(line)) rows += !line.empty();
  return rows;
}

}  // namespace

Table read_table(const std::filesystem::path& path, std::size_t max_rows) {
  const std::size_t rows = max_rows ? count_rows(path) : 0;
  // Every stride-th row and the last: at most about max_rows, whatever the file's length.
  const std::size_t stride = max_rows && rows > max_rows ? (rows + max_rows - 1) / max_rows : 1;
  LineReader lines(path);
  Table t;
  std::string_view line;
  if (!lines.next(line)) return t;
  t.names = split_csv(std::string(line));
  t.columns.resize(t.names.size());
  for (std::size_t row = 0; lines.next(line);) {
    if (line.empty()) continue;
    if (row % stride == 0 || row + 1 == rows) add_row(t, line);
    ++row;
  }
  return t;
}

std::string csv_cell(const nlohmann::ordered_json& j) {
  if (j.is_null()) return "";
  if (j.is_number()) return format_number(j.get<double>());
  return j.dump();
}

std::string csv_quote(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"' && s.find('"', 1) == s.size() - 1)
    s = s.substr(1, s.size() - 2);
  if (s.find_first_of(",\"") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace innate
