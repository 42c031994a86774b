#include "engine/information/genome_information.hpp"

#include "engine/information/quantise.hpp"

namespace innate {

GenomeInformation measure_information(std::span<const float> genome, const std::vector<Encoding::Part>& tensors,
                                      const std::function<double(std::span<const float>)>& score,
                                      ScoreInterval float_score) {
  GenomeInformation info;
  info.nominal_bits = static_cast<std::uint64_t>(kFloatBits) * genome.size();
  info.float_score = float_score.score;
  info.half_width = float_score.half_width;
  info.effective_bits = info.nominal_bits;
  info.effective_score = info.float_score;
  for (int b = 1; b <= kMostQuantisedBits; ++b) {
    const QuantisedGenome q = quantise(genome, tensors, b);
    const double s = score(q.genes);
    info.levels.push_back({b, q.coded_bits, s});
    if (s >= info.float_score - info.half_width && q.coded_bits < info.effective_bits) {
      info.effective_bits = q.coded_bits;
      info.effective_bits_per_gene = b;
      info.effective_score = s;
    }
  }
  return info;
}

nlohmann::ordered_json information_json(const GenomeInformation& info) {
  nlohmann::ordered_json levels = nlohmann::ordered_json::array();
  for (const auto& l : info.levels)
    levels.push_back(
        {{"bits_per_gene", l.bits_per_gene}, {"coded_bits", l.coded_bits}, {"validation_score", l.validation_score}});
  return {{"nominal_bits", info.nominal_bits},
          {"effective_bits", info.effective_bits},
          {"effective_bits_per_gene", info.effective_bits_per_gene},
          {"effective_validation_score", info.effective_score},
          {"float_validation_score", info.float_score},
          {"validation_half_width", info.half_width},
          {"levels", levels}};
}

}  // namespace innate
