// The rooms of the code and the rule between them, read from the #include lines: a room
// includes only itself and the rooms below it. engine/ from the bottom up: base, formats,
// nn, components, information, then optimizers and run side by side (run/ never includes
// optimizers/), studies, report. Above the engine: genomes/ (encodings and lifetimes: components and
// below), each task folder of tasks/ (the engine, genomes/ and the shared
// tasks/supervised/, never another task), tasks/ itself (the catalog: everything), apps/.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "tests/support.hpp"

namespace fs = std::filesystem;
using innate::test::TempDir;

namespace {

const std::vector<std::string> kBase{"engine/base"};
const std::vector<std::string> kFormats{"engine/base", "engine/formats"};
const std::vector<std::string> kNn{"engine/base", "engine/formats", "engine/nn"};
const std::vector<std::string> kComponents{"engine/base", "engine/formats", "engine/nn", "engine/components"};

std::vector<std::string> with(std::vector<std::string> rooms, std::initializer_list<std::string> more) {
  rooms.insert(rooms.end(), more);
  return rooms;
}

// Each room and the rooms it may include (itself among them).
const std::map<std::string, std::vector<std::string>>& rules() {
  static const std::map<std::string, std::vector<std::string>> r = [] {
    const auto information = with(kComponents, {"engine/information"});
    const auto run = with(information, {"engine/run"});
    const auto studies = with(run, {"engine/studies"});
    const auto engine = with(studies, {"engine/optimizers", "engine/report"});
    const auto task = with(engine, {"genomes", "tasks/supervised"});
    std::map<std::string, std::vector<std::string>> m{
        {"engine/base", kBase},
        {"engine/formats", kFormats},
        {"engine/nn", kNn},
        {"engine/components", kComponents},
        {"engine/information", information},
        {"engine/optimizers", with(information, {"engine/optimizers"})},
        {"engine/run", run},
        {"engine/studies", studies},
        {"engine/report", with(studies, {"engine/report"})},
        {"genomes", with(kComponents, {"genomes"})},
        {"tasks/supervised", with(engine, {"genomes", "tasks/supervised"})},
        {"tasks", with(task, {"tasks", "tasks/baldwin", "tasks/control", "tasks/images", "tasks/tictactoe"})},
        {"apps", with(task, {"tasks", "tasks/baldwin", "tasks/control", "tasks/images", "tasks/tictactoe", "apps"})},
    };
    for (const char* t : {"tasks/baldwin", "tasks/control", "tasks/images", "tasks/tictactoe"}) m[t] = with(task, {t});
    return m;
  }();
  return r;
}

// The room of a path relative to the root: engine/<room>, tasks/<task> (tasks/ for the
// files at its top), genomes, apps; empty for anything else.
std::string room_of(const fs::path& rel) {
  auto it = rel.begin();
  if (it == rel.end()) return "";
  const std::string top = it->string();
  if (top != "engine" && top != "tasks" && top != "genomes" && top != "apps") return "";
  if (top == "genomes" || top == "apps") return top;
  const auto next = std::next(it);
  if (next == rel.end() || std::next(next) == rel.end()) return top == "tasks" ? "tasks" : "";
  return top + "/" + next->string();
}

// What `line` includes in quotes ("engine/base/error.hpp"), or empty: a # and "include",
// each maybe after spaces, then the quoted path.
std::string quoted_include(const std::string& line) {
  std::size_t at = line.find_first_not_of(" \t");
  if (at == std::string::npos || line[at] != '#') return "";
  at = line.find_first_not_of(" \t", at + 1);
  if (at == std::string::npos || line.compare(at, 7, "include") != 0) return "";
  at = line.find_first_not_of(" \t", at + 7);
  if (at == std::string::npos || line[at] != '"') return "";
  const std::size_t end = line.find('"', at + 1);
  return end == std::string::npos ? "" : line.substr(at + 1, end - at - 1);
}

// Every #include of a file of another room that its room may not include: "file:line: include".
std::vector<std::string> violations(const fs::path& root) {
  std::vector<std::string> found;
  for (const char* top : {"engine", "genomes", "tasks", "apps"}) {
    if (!fs::is_directory(root / top)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      const fs::path rel = entry.path().lexically_relative(root);
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".hpp" && ext != ".cpp" && ext != ".in")) continue;
      const std::string room = room_of(rel);
      const auto rule = rules().find(room);
      std::ifstream in(entry.path());
      std::string line;
      for (int n = 1; std::getline(in, line); ++n) {
        const std::string included = quoted_include(line);
        if (included.empty()) continue;
        const std::string target = room_of(fs::path(included));
        if (target.empty()) continue;  // a library, tests/, python/
        const bool allowed =
            rule != rules().end() && std::find(rule->second.begin(), rule->second.end(), target) != rule->second.end();
        if (!allowed) found.push_back(rel.string() + ":" + std::to_string(n) + ": " + included);
      }
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

}  // namespace

TEST_CASE("layers: every #include in engine/, genomes/, tasks/ and apps/ looks down") {
  const auto found = violations(INNATE_SOURCE_DIR);
  for (const auto& v : found) MESSAGE("upward include: " << v);
  CHECK(found.empty());
}

TEST_CASE("layers: every room of engine/ is known to the rule and says its job in its main header") {
  const std::map<std::string, std::string> main_headers{{"base", "base.hpp"},
                                                        {"formats", "formats.hpp"},
                                                        {"nn", "nn.hpp"},
                                                        {"components", "components.hpp"},
                                                        {"information", "information.hpp"},
                                                        {"optimizers", "optimizers.hpp"},
                                                        {"run", "run.hpp"},
                                                        {"studies", "study.hpp"},
                                                        {"report", "report.hpp"}};
  std::set<std::string> rooms;
  for (const auto& e : fs::directory_iterator(fs::path(INNATE_SOURCE_DIR) / "engine"))
    if (e.is_directory()) rooms.insert(e.path().filename().string());
  CHECK(rooms.size() == main_headers.size());
  for (const auto& room : rooms) {
    INFO(room);
    REQUIRE(main_headers.count(room) == 1);
    CHECK(rules().count("engine/" + room) == 1);
    std::ifstream in(fs::path(INNATE_SOURCE_DIR) / "engine" / room / main_headers.at(room));
    std::string pragma, opening;
    std::getline(in, pragma);
    std::getline(in, opening);
    CHECK(pragma == "#pragma once");
    CHECK(opening.rfind("// " + room + "/: ", 0) == 0);
  }
}

TEST_CASE("layers: the check finds an upward include, and a task that includes another task") {
  TempDir tmp;
  write(tmp / "engine/base/text.hpp", "#pragma once\n#include <string>\n#include \"engine/base/error.hpp\"\n");
  write(tmp / "engine/run/run.cpp",
        "#include \"engine/components/task.hpp\"\n#include \"engine/optimizers/snes.hpp\"\n");
  write(tmp / "engine/nn/mlp.cpp", "#include \"engine/nn/mlp.hpp\"\n  #  include \"engine/studies/study.hpp\"\n");
  write(tmp / "tasks/tictactoe/tictactoe.hpp",
        "#include \"tasks/supervised/training.hpp\"\n#include \"tasks/images/dataset.hpp\"\n");
  write(tmp / "tasks/catalog.cpp", "#include \"tasks/images/images.hpp\"\n#include \"apps/cli.hpp\"\n");
  const auto found = violations(tmp.path());
  CHECK(found == std::vector<std::string>{"engine/nn/mlp.cpp:2: engine/studies/study.hpp",
                                          "engine/run/run.cpp:2: engine/optimizers/snes.hpp",
                                          "tasks/catalog.cpp:2: apps/cli.hpp",
                                          "tasks/tictactoe/tictactoe.hpp:2: tasks/images/dataset.hpp"});
}

TEST_CASE("layers: each kind of study is a short declaration over the shared mechanism") {
  for (const char* study : {"arms", "replicates", "sweep", "atlas"}) {
    INFO(study);
    std::ifstream in(fs::path(INNATE_SOURCE_DIR) / "engine" / "studies" / (std::string(study) + ".cpp"));
    int lines = 0;  // not blank, not a comment, not an #include
    for (std::string line; std::getline(in, line);) {
      const std::size_t at = line.find_first_not_of(" \t");
      if (at != std::string::npos && line.compare(at, 2, "//") != 0 && line.compare(at, 8, "#include") != 0) ++lines;
    }
    CHECK(lines > 10);
    CHECK(lines <= 60);
  }
}
