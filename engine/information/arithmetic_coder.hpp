#pragma once
// An adaptive arithmetic coder (Witten, Neal & Cleary 1987, 32-bit registers): symbols of
// an alphabet of up to 2^16 letters, each coded with the probability an adaptive model
// gives it (every letter's count starts at 1 and grows by 1 each time it is seen, so a
// decoder that starts alike follows along). What a genome's quantised genes cost to store.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace innate {

// Letter counts with cumulative sums in O(log n) (a Fenwick tree).
class AdaptiveModel {
 public:
  explicit AdaptiveModel(std::size_t alphabet);
  std::size_t alphabet() const { return counts_.size(); }
  std::uint64_t total() const { return total_; }
  std::uint64_t count(std::size_t letter) const { return counts_[letter]; }
  std::uint64_t below(std::size_t letter) const;     // the counts of letters 0 .. letter-1
  std::size_t find(std::uint64_t cumulative) const;  // the letter whose range holds it
  void seen(std::size_t letter);

 private:
  std::vector<std::uint64_t> counts_, tree_;
  std::uint64_t total_ = 0;
};

class ArithmeticEncoder {
 public:
  // Codes `letter` with the model's current counts, then updates the model.
  void encode(AdaptiveModel& model, std::size_t letter);
  // Ends the stream (two bits that pin the final interval) and returns it, packed eight
  // bits to a byte, first bit in the high bit.
  std::vector<std::uint8_t> finish();
  std::uint64_t bits() const { return bits_; }  // written so far (after finish(): the whole stream)

 private:
  void emit(int bit);
  std::uint64_t low_ = 0, high_ = 0xFFFFFFFFu, pending_ = 0, bits_ = 0;
  std::vector<std::uint8_t> bytes_;
};

class ArithmeticDecoder {
 public:
  explicit ArithmeticDecoder(std::span<const std::uint8_t> stream);
  std::size_t decode(AdaptiveModel& model);

 private:
  int next_bit();
  std::span<const std::uint8_t> stream_;
  std::uint64_t position_ = 0, low_ = 0, high_ = 0xFFFFFFFFu, value_ = 0;
};

// The adaptive model's ideal code length of `letters`, in bits: the sum of -log2 of each
// letter's probability when it comes. An arithmetic coder's stream is at most 2 bits
// longer (plus what finite registers lose, well under a bit here).
double ideal_bits(std::span<const std::uint32_t> letters, std::size_t alphabet);

}  // namespace innate
