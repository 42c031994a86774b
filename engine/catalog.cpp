#include "engine/components.hpp"
#include "engine/run.hpp"

namespace innate {
namespace {

template <class E>
std::vector<Choice> choices(const std::vector<E>& entries) {
  std::vector<Choice> out;
  for (const auto& e : entries) out.push_back(e.choice);
  return out;
}

}  // namespace

Schema Catalog::schema() const {
  auto first = [](const auto& entries) { return entries.empty() ? std::string{} : entries.front().choice.name; };
  return {
      {"task", "name", first(tasks), {}, choices(tasks)},
      {"genome", "encoding", first(encodings), {}, choices(encodings)},
      {"optimizer", "kind", first(optimizers), {}, choices(optimizers)},
      {"lifetime", "kind", "none", {}, choices(lifetimes)},
      {"run", "", "", run_keys(), {}},
  };
}

}  // namespace innate
