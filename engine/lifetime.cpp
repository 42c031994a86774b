#include "engine/lifetime.hpp"

#include "engine/components.hpp"

namespace innate {

std::string experience_name(Experience e) {
  switch (e) {
    case Experience::none: return "nothing";
    case Experience::trials: return "trial and error";
    case Experience::activity: return "the network's activity";
  }
  return "?";
}

LifetimeEntry no_lifetime_entry() {
  return {{"none", "no learning: the genome's innate phenotype is scored as it is", {}},
          [](const Section&, const EncodingContext&, const Encoding&) -> std::unique_ptr<Lifetime> {
            return std::make_unique<NoLifetime>();
          }};
}

}  // namespace innate
