#pragma once
// Labelled examples for classification, one per column, and their fixed, class-stratified
// splits: train (what learning sees), validation (what anything that chooses looks at)
// and test (scored once, at the end).
#include <cstdint>
#include <utility>
#include <vector>

#include "engine/components/task.hpp"
#include "engine/nn/mlp.hpp"

namespace innate {

struct Dataset {
  Matrix images;            // (height * width) x n, row-major pixels, values in [0, 1]
  std::vector<int> labels;  // n labels in [0, classes)
  int height = 0, width = 0, classes = 0;
  std::size_t size() const { return labels.size(); }
};

// A 64-bit fingerprint (FNV-1a) of every pixel and label and the shape: what a value
// computed from the data may be keyed by.
std::uint64_t fingerprint(const Dataset& d);

struct Split {
  Dataset train, validation, test;
  std::vector<InputFile> read;  // the files it came from
};

// `held` examples of `d` held out, stratified by class (each class's share by largest
// remainder), chosen by a fixed stream numbered `key`: (the rest, the held out), each in
// a fixed shuffled order. The same split for every run.
std::pair<Dataset, Dataset> hold_out(const Dataset& d, std::size_t held, std::uint64_t key);

}  // namespace innate
