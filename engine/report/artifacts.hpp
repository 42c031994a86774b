#pragma once
// Artifacts: HTML fragments that whatever made them (a task's analysis, say) declares in
// a run directory's artifacts.json, {"artifacts": [{"title": ..., "file": ...}]}, and the
// report embeds as they are, each under its title. The report knows no artifact by name.
#include <filesystem>
#include <string>

namespace innate {

// Writes `html` to DIR/<file> and lists it in DIR/artifacts.json under `title` (replacing
// an entry of the same file).
void declare_artifact(const std::filesystem::path& dir, const std::string& title, const std::string& file,
                      const std::string& html);

// Every artifact DIR declares, each under "<title>: <label>"; empty when it declares none.
// InputError naming the file when artifacts.json is damaged or names a file outside DIR.
std::string artifacts_section(const std::string& label, const std::filesystem::path& dir);

}  // namespace innate
