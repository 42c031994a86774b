#pragma once
// `innate analyze DIR` for an image run: compares the innate (decoded) and the directly
// trained networks saved in DIR on test images: linear CKA and RSA between their hidden
// representations, the participation ratio of each, and ablation curves (accuracy as a
// growing fraction of hidden units is silenced, in a fixed random order). Writes
// DIR/analysis.json, and its charts as an artifact the report embeds (analysis.html).
#include <filesystem>

#include "engine/components/components.hpp"

namespace innate {

std::filesystem::path analyze_run(const std::filesystem::path& dir, const Catalog& catalog, int samples = 1000);

}  // namespace innate
