#include "engine/components/lifetime.hpp"

#include <fmt/format.h>

#include "engine/base/error.hpp"
#include "engine/components/components.hpp"

namespace innate {

std::string experience_name(Experience e) {
  switch (e) {
    case Experience::none:
      return "nothing";
    case Experience::trials:
      return "trial and error";
    case Experience::activity:
      return "the network's activity";
    case Experience::labels:
      return "labelled examples";
  }
  return "?";
}

void require_experience(const Lifetime& lifetime, const std::string& task, std::initializer_list<Experience> fed,
                        const std::string& kinds) {
  for (Experience e : fed)
    if (lifetime.experience() == e) return;
  throw InputError(fmt::format("task '{}' needs lifetime.kind = {}; \"{}\" learns from {}", task, kinds,
                               lifetime.kind(), experience_name(lifetime.experience())));
}

LifetimeEntry no_lifetime_entry() {
  return {{"none", "no learning: the genome's innate phenotype is scored as it is", {}},
          [](const Section&, const EncodingContext&, const Encoding&) -> std::unique_ptr<Lifetime> {
            return std::make_unique<NoLifetime>();
          }};
}

}  // namespace innate
