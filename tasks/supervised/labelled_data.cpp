#include "tasks/supervised/labelled_data.hpp"

#include <boost/random/uniform_int_distribution.hpp>

#include <algorithm>
#include <stdexcept>

#include "engine/base/rng.hpp"
#include "engine/base/text.hpp"

namespace innate {

namespace {

// The columns `indices` of `d`, in that order.
Dataset select(const Dataset& d, const std::vector<std::size_t>& indices) {
  Dataset out;
  out.height = d.height, out.width = d.width, out.classes = d.classes;
  out.images.resize(d.images.rows(), static_cast<Eigen::Index>(indices.size()));
  out.labels.resize(indices.size());
  for (std::size_t k = 0; k < indices.size(); ++k) {
    out.images.col(static_cast<Eigen::Index>(k)) = d.images.col(static_cast<Eigen::Index>(indices[k]));
    out.labels[k] = d.labels[indices[k]];
  }
  return out;
}

void shuffle(std::vector<std::size_t>& v, Rng rng) {  // Fisher-Yates
  for (std::size_t i = v.size(); i > 1; --i)
    std::swap(v[i - 1], v[boost::random::uniform_int_distribution<std::size_t>(0, i - 1)(rng)]);
}

}  // namespace

std::uint64_t fingerprint(const Dataset& d) {
  const auto bytes = [](const auto* p, std::size_t n) {
    return std::string_view(reinterpret_cast<const char*>(p), n * sizeof(*p));
  };
  const int shape[3] = {d.height, d.width, d.classes};
  std::uint64_t h = fnv1a(bytes(shape, 3));
  h = fnv1a(bytes(d.labels.data(), d.labels.size()), h);
  return fnv1a(bytes(d.images.data(), static_cast<std::size_t>(d.images.size())), h);
}

std::pair<Dataset, Dataset> hold_out(const Dataset& d, std::size_t held, std::uint64_t key) {
  constexpr std::uint64_t kSplitSeed = 20240101;  // the same split for every run
  const std::size_t n = d.size();
  if (held > n) throw std::invalid_argument("hold_out(): more held out than there are examples");
  // Each class's share of `held` by largest remainder, so the held-out set is stratified.
  std::vector<std::vector<std::size_t>> members(static_cast<std::size_t>(std::max(d.classes, 1)));
  for (std::size_t i = 0; i < n; ++i) members[static_cast<std::size_t>(d.labels[i])].push_back(i);
  std::vector<std::size_t> quota(members.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  std::size_t given = 0;
  for (std::size_t c = 0; c < members.size(); ++c) {
    const double share = n ? double(members[c].size()) * double(held) / double(n) : 0.0;
    quota[c] = static_cast<std::size_t>(share);
    given += quota[c];
    remainders.push_back({share - double(quota[c]), c});
  }
  std::stable_sort(remainders.begin(), remainders.end(), [](auto a, auto b) { return a.first > b.first; });
  for (std::size_t k = 0; given < held; ++k, ++given) ++quota[remainders[k].second];
  // Which members of each class are held out: a fixed shuffle of the class.
  std::vector<std::size_t> kept, out;
  for (std::size_t c = 0; c < members.size(); ++c) {
    shuffle(members[c], stream({kSplitSeed, 2 * key, c, Purpose::data_split}));
    out.insert(out.end(), members[c].begin(), members[c].begin() + static_cast<std::ptrdiff_t>(quota[c]));
    kept.insert(kept.end(), members[c].begin() + static_cast<std::ptrdiff_t>(quota[c]), members[c].end());
  }
  // Both in a fixed shuffled order, so any prefix is a fair sample of the classes.
  shuffle(kept, stream({kSplitSeed, 2 * key + 1, 0, Purpose::data_split}));
  shuffle(out, stream({kSplitSeed, 2 * key + 1, 1, Purpose::data_split}));
  return {select(d, kept), select(d, out)};
}

}  // namespace innate
