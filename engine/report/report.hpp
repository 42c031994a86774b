#pragma once
// report/: `innate report DIR...`: one self-contained HTML file (inline SVG, no scripts, no
// network) with a picture per thing the runs measured: score per generation (best,
// mean and its spread), the task's per-generation columns and the column groups it
// declares, the curve files it declares, the scores of arms with the nature fraction,
// the analysis of `innate analyze` (ablation, CKA/RSA, participation ratio), sweeps
// (every declared score against genome size, log axis), an atlas (its figure and table,
// then each task's sweep), and a resources table. Several runs overlay their curves. What a run measured is read from
// its task's declaration.
#include <filesystem>
#include <string>
#include <vector>

#include "engine/components/components.hpp"

namespace innate {

// Renders the report of `runs` (run, arms, sweep or atlas directories) as HTML text.
std::string render_report(const std::vector<std::filesystem::path>& runs, const Catalog& catalog);

// Writes report.html beside the runs (in the first run's parent directory) and returns
// its path. Throws InputError when a directory is not a run.
std::filesystem::path write_report(const std::vector<std::filesystem::path>& runs, const Catalog& catalog);

}  // namespace innate
