#include "engine/formats/csv_table.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>

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

Table read_table(const std::filesystem::path& path) {
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
