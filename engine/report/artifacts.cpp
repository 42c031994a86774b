#include "engine/report/artifacts.hpp"

#include <fmt/format.h>

#include "engine/base/error.hpp"
#include "engine/base/files.hpp"
#include "engine/base/text.hpp"
#include "engine/formats/charts.hpp"
#include "engine/formats/serialization.hpp"

namespace innate {
namespace fs = std::filesystem;

namespace {

// A plain file name in the run directory, nothing that leads out of it.
void check_file_name(const fs::path& index, const std::string& file) {
  if (file.empty() || file.find('/') != std::string::npos || file == "." || file == "..")
    throw InputError(
        fmt::format("{}: artifact file '{}' is not a file name in the run directory", index.string(), file));
}

}  // namespace

void declare_artifact(const fs::path& dir, const std::string& title, const std::string& file, const std::string& html) {
  const fs::path index = dir / "artifacts.json";
  check_file_name(index, file);
  write_file_atomic(dir / file, html);
  std::error_code ec;
  Json listed = fs::is_regular_file(index, ec) ? read_json(index) : Json{{"artifacts", Json::array()}};
  Json kept = Json::array();
  for (const auto& a : listed.value("artifacts", Json::array()))
    if (a.value("file", std::string()) != file) kept.push_back(a);
  kept.push_back({{"title", title}, {"file", file}});
  write_file_atomic(index, Json{{"artifacts", kept}}.dump(2) + "\n");
}

std::string artifacts_section(const std::string& label, const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / "artifacts.json", ec)) return "";
  const Json index = read_json(dir / "artifacts.json");
  std::string html;
  for (const auto& a : index.at("artifacts")) {
    const std::string title = a.at("title").get<std::string>(), file = a.at("file").get<std::string>();
    check_file_name(dir / "artifacts.json", file);
    html += fmt::format("<h2>{}: {}</h2>\n{}", escape_html(title), escape_html(label), read_file(dir / file));
  }
  return html;
}

}  // namespace innate
