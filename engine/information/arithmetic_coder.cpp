#include "engine/information/arithmetic_coder.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace innate {

namespace {

constexpr std::uint64_t kHalf = 0x80000000u, kQuarter = 0x40000000u;
// Every letter keeps a range of at least one step while the total stays below a quarter.
constexpr std::uint64_t kMaxTotal = kQuarter;

}  // namespace

AdaptiveModel::AdaptiveModel(std::size_t alphabet) : counts_(alphabet, 1), tree_(alphabet + 1, 0) {
  if (alphabet < 1 || alphabet > (1u << 16))
    throw std::invalid_argument(fmt::format("AdaptiveModel(): an alphabet of {} letters (1 to 65,536)", alphabet));
  for (std::size_t i = 0; i < alphabet; ++i) {  // the tree of all-ones counts, built in O(n)
    tree_[i + 1] += 1;
    const std::size_t parent = (i + 1) + ((i + 1) & (~(i + 1) + 1));
    if (parent <= alphabet) tree_[parent] += tree_[i + 1];
  }
  total_ = alphabet;
}

std::uint64_t AdaptiveModel::below(std::size_t letter) const {
  std::uint64_t sum = 0;
  for (std::size_t i = letter; i > 0; i -= i & (~i + 1)) sum += tree_[i];
  return sum;
}

std::size_t AdaptiveModel::find(std::uint64_t cumulative) const {
  std::size_t at = 0, step = 1;
  while (step * 2 <= counts_.size()) step *= 2;
  for (; step > 0; step /= 2)
    if (at + step <= counts_.size() && tree_[at + step] <= cumulative) {
      at += step;
      cumulative -= tree_[at];
    }
  return at;  // letters 0 .. at-1 sum to at most the cumulative count: `at` holds it
}

void AdaptiveModel::seen(std::size_t letter) {
  if (total_ + 1 >= kMaxTotal) throw std::length_error("AdaptiveModel::seen(): more letters than the coder's range");
  ++counts_[letter];
  ++total_;
  for (std::size_t i = letter + 1; i < tree_.size(); i += i & (~i + 1)) ++tree_[i];
}

void ArithmeticEncoder::emit(int bit) {
  auto put = [this](int b) {
    if (bits_ % 8 == 0) bytes_.push_back(0);
    if (b) bytes_.back() |= static_cast<std::uint8_t>(0x80u >> (bits_ % 8));
    ++bits_;
  };
  put(bit);
  for (; pending_ > 0; --pending_) put(!bit);
}

void ArithmeticEncoder::encode(AdaptiveModel& model, std::size_t letter) {
  const std::uint64_t range = high_ - low_ + 1, total = model.total();
  const std::uint64_t from = model.below(letter), to = from + model.count(letter);
  high_ = low_ + range * to / total - 1;
  low_ = low_ + range * from / total;
  for (;;) {
    if (high_ < kHalf) {
      emit(0);
    } else if (low_ >= kHalf) {
      emit(1);
      low_ -= kHalf, high_ -= kHalf;
    } else if (low_ >= kQuarter && high_ < kHalf + kQuarter) {
      ++pending_;  // the interval straddles the middle: the next bit decides these
      low_ -= kQuarter, high_ -= kQuarter;
    } else {
      break;
    }
    low_ = 2 * low_, high_ = 2 * high_ + 1;
  }
  model.seen(letter);
}

std::vector<std::uint8_t> ArithmeticEncoder::finish() {
  ++pending_;
  emit(low_ < kQuarter ? 0 : 1);
  return bytes_;
}

ArithmeticDecoder::ArithmeticDecoder(std::span<const std::uint8_t> stream) : stream_(stream) {
  for (int i = 0; i < 32; ++i) value_ = (value_ << 1) | static_cast<std::uint64_t>(next_bit());
}

int ArithmeticDecoder::next_bit() {
  const std::uint64_t at = position_++;
  if (at / 8 >= stream_.size()) return 0;  // past the end: the encoder's stream ends in zeros
  return (stream_[at / 8] >> (7 - at % 8)) & 1;
}

std::size_t ArithmeticDecoder::decode(AdaptiveModel& model) {
  const std::uint64_t range = high_ - low_ + 1, total = model.total();
  const std::uint64_t cumulative = ((value_ - low_ + 1) * total - 1) / range;
  const std::size_t letter = model.find(cumulative);
  const std::uint64_t from = model.below(letter), to = from + model.count(letter);
  high_ = low_ + range * to / total - 1;
  low_ = low_ + range * from / total;
  for (;;) {
    if (high_ < kHalf) {
    } else if (low_ >= kHalf) {
      low_ -= kHalf, high_ -= kHalf, value_ -= kHalf;
    } else if (low_ >= kQuarter && high_ < kHalf + kQuarter) {
      low_ -= kQuarter, high_ -= kQuarter, value_ -= kQuarter;
    } else {
      break;
    }
    low_ = 2 * low_, high_ = 2 * high_ + 1;
    value_ = 2 * value_ + static_cast<std::uint64_t>(next_bit());
  }
  model.seen(letter);
  return letter;
}

double ideal_bits(std::span<const std::uint32_t> letters, std::size_t alphabet) {
  std::vector<std::uint64_t> counts(alphabet, 1);
  std::uint64_t total = alphabet;
  double bits = 0.0;
  for (const std::uint32_t letter : letters) {
    bits -= std::log2(static_cast<double>(counts[letter]) / static_cast<double>(total));
    ++counts[letter], ++total;
  }
  return bits;
}

}  // namespace innate
