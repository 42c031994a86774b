#pragma once
// Nature vs nurture on images. The genome decodes into a classifier; an evaluation is
// its accuracy on a fixed subset of the training images (what an evolution strategy
// selects on, and what a fitting run reports per iteration). The final genome is scored
// on the test set as the arms of SCIENCE.md:
//   chance      1 / classes
//   innate      the decoded network, no learning
//   hot_start   the decoded network after `nurture_steps` Adam steps on the training set
//   cold_start  the same network from random init after the same steps
//   direct      from random init, trained `direct_epochs` epochs
// curve.csv holds hot and cold start at `curve_points` + 1 points of the nurture
// budget; innate_network.cereal and direct_network.cereal keep both networks.
#include <oneapi/tbb/enumerable_thread_specific.h>

#include "engine/components.hpp"
#include "genomes/network_encoding.hpp"
#include "scenarios/images/dataset.hpp"
#include "scenarios/images/training.hpp"

namespace innate {

struct ImageSettings {
  int eval_images = 2000;
  int nurture_steps = 600;  // one epoch of Fashion-MNIST at batch 100
  int direct_epochs = 20;
  int curve_points = 10;
  TrainSettings training;  // batch, learning rate of every training in the task
};

class ImageTask final : public Task {
 public:
  ImageTask(const NetworkEncoding& encoding, Split data, ImageSettings settings);

  double evaluate(GenomeView genome, Rng& rng, std::span<double> metrics) const override;
  std::vector<std::pair<std::string, double>> final_scores(GenomeView genome, std::uint64_t seed,
                                                           const std::filesystem::path& dir) const override;

  const NetworkEncoding& encoding() const { return encoding_; }
  const Split& data() const { return data_; }
  const ImageSettings& settings() const { return settings_; }

  static TaskEntry entry();

 private:
  const NetworkEncoding& encoding_;
  Split data_;
  Dataset eval_;  // the first eval_images training images
  ImageSettings settings_;
  mutable tbb::enumerable_thread_specific<Eigen::VectorXf> params_;  // per thread: decoded network
};

}  // namespace innate
