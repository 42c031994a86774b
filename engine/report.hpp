#pragma once
// `innate report DIR...`: one self-contained HTML file (inline SVG, no scripts, no
// network) with a picture per thing the runs measured: score per generation (best,
// mean and its spread), the task's per-generation columns (allele fractions for the
// Baldwin runs), learning curves from the decoded start against random init, the scores
// of arms with the nature fraction, the analysis of `innate analyze` (ablation, CKA/RSA,
// participation ratio), sweeps (score against genome size, log axis), and a resources
// table. Several runs overlay their curves.
#include <filesystem>
#include <string>
#include <vector>

namespace innate {

// Renders the report of `runs` (run, arms or sweep directories) as HTML text.
std::string render_report(const std::vector<std::filesystem::path>& runs);

// Writes report.html beside the runs (in the first run's parent directory) and returns
// its path. Throws InputError when a directory is not a run.
std::filesystem::path write_report(const std::vector<std::filesystem::path>& runs);

}  // namespace innate
