#include "engine/run/checkpoint.hpp"

#include <fmt/format.h>
#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include <array>
#include <sstream>

#include "engine/base/error.hpp"
#include "engine/base/files.hpp"
#include "engine/base/text.hpp"

namespace innate {
namespace {

constexpr std::array<char, 8> kMagic{'I', 'N', 'N', 'A', 'T', 'E', 'C', 'K'};

std::string encode_payload(const RunState& state) {
  std::ostringstream out(std::ios::binary);
  {
    cereal::PortableBinaryOutputArchive archive(out);
    archive(state);
  }
  return out.str();
}

}  // namespace

std::string genome_archive(const std::string& encoding_tag, std::span<const float> genes) {
  std::ostringstream out(std::ios::binary);
  {
    cereal::PortableBinaryOutputArchive archive(out);
    archive(encoding_tag, std::vector<float>(genes.begin(), genes.end()));
  }
  return out.str();
}

GenomeArchive read_genome_archive(const std::string& bytes, const std::string& where) {
  std::istringstream in(bytes, std::ios::binary);
  GenomeArchive out;
  try {
    cereal::PortableBinaryInputArchive archive(in);
    std::uint64_t tag_size = 0;
    archive(tag_size);
    if (tag_size > 256) throw InputError(fmt::format("{}: not a genome archive", where));
    out.tag.resize(tag_size);
    archive(cereal::binary_data(out.tag.data(), tag_size));
    std::uint64_t genes = 0;  // read by hand: a damaged count must not allocate wildly
    archive(cereal::make_size_tag(genes));
    const auto left = bytes.size() - static_cast<std::uint64_t>(in.tellg());
    if (genes > left / sizeof(float)) throw InputError(fmt::format("{}: truncated genome archive", where));
    out.genes.resize(genes);
    archive(cereal::binary_data(out.genes.data(), genes * sizeof(float)));
  } catch (const cereal::Exception&) {
    throw InputError(fmt::format("{}: truncated genome archive", where));
  }
  return out;
}

std::vector<float> read_genome_archive(const std::string& bytes, const std::string& expected_tag,
                                       const std::string& where) {
  GenomeArchive archive = read_genome_archive(bytes, where);
  if (archive.tag != expected_tag)
    throw InputError(fmt::format("{}: genome of {}, expected {}", where, archive.tag, expected_tag));
  return std::move(archive.genes);
}

void save_checkpoint(const std::filesystem::path& path, const CheckpointHeader& header, const RunState& state) {
  const std::string payload = encode_payload(state);
  std::ostringstream out(std::ios::binary);
  {
    cereal::PortableBinaryOutputArchive archive(out);
    archive(cereal::binary_data(kMagic.data(), kMagic.size()));
    archive(kCheckpointVersion, static_cast<std::uint8_t>(sizeof(float)), static_cast<std::uint8_t>(sizeof(double)),
            header.fingerprint, header.encoding_tag);
    archive(static_cast<std::uint64_t>(payload.size()), fnv1a(payload));
  }
  write_file_atomic(path, out.str() + payload);
}

RunState parse_checkpoint(const std::string& bytes, const std::string& where, const CheckpointHeader& expected) {
  auto corrupt = [&](std::string_view why) {
    return InputError(fmt::format("{}: corrupt checkpoint ({})", where, why));
  };

  std::istringstream in(bytes, std::ios::binary);
  std::array<char, 8> magic{};
  std::uint32_t version = 0;
  std::uint8_t float_size = 0, double_size = 0;
  CheckpointHeader found;
  std::uint64_t payload_size = 0, checksum = 0;
  try {
    cereal::PortableBinaryInputArchive archive(in);
    archive(cereal::binary_data(magic.data(), magic.size()));
    if (magic != kMagic) throw InputError(fmt::format("{}: not an innate checkpoint", where));
    archive(version);
    if (version != kCheckpointVersion)
      throw InputError(fmt::format("{}: checkpoint format version {}, this innate reads version {}", where, version,
                                   kCheckpointVersion));
    archive(float_size, double_size);
    if (float_size != sizeof(float) || double_size != sizeof(double))
      throw InputError(fmt::format("{}: checkpoint written with {}-byte floats and {}-byte doubles", where, float_size,
                                   double_size));
    archive(found.fingerprint);
    std::uint64_t tag_size = 0;  // read by hand so a damaged length cannot allocate wildly
    archive(tag_size);
    if (tag_size > 256) throw corrupt("bad header");
    found.encoding_tag.resize(tag_size);
    archive(cereal::binary_data(found.encoding_tag.data(), tag_size));
    archive(payload_size, checksum);
  } catch (const cereal::Exception&) {
    throw corrupt("truncated header");
  }
  if (found.fingerprint != expected.fingerprint)
    throw InputError(
        fmt::format("{}: checkpoint belongs to another scenario (fingerprint {:016x}, this run's is {:016x}): "
                    "scenario.toml was edited, or this innate resolves it with keys the one that started the run "
                    "lacked; finish the run with that innate, or start it afresh",
                    where, found.fingerprint, expected.fingerprint));
  if (found.encoding_tag != expected.encoding_tag)
    throw InputError(fmt::format("{}: checkpoint holds genomes of encoding {}, the scenario uses {}", where,
                                 found.encoding_tag, expected.encoding_tag));
  const auto offset = static_cast<std::uint64_t>(in.tellg());
  if (payload_size != bytes.size() - offset)
    throw corrupt(fmt::format("truncated: {} of {} payload bytes", bytes.size() - offset, payload_size));
  const std::string_view payload(bytes.data() + offset, payload_size);
  if (fnv1a(payload) != checksum) throw corrupt("checksum mismatch");

  RunState state;
  try {
    std::istringstream body{std::string(payload), std::ios::binary};
    cereal::PortableBinaryInputArchive archive(body);
    archive(state);
  } catch (const cereal::Exception&) {
    throw corrupt("unreadable payload");
  }
  return state;
}

}  // namespace innate
