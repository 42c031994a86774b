// Runs, sweeps and resumes (the GIL released while they work), sizes, the catalog,
// decoding and genome files.
#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>

#include "engine/base/error.hpp"
#include "engine/base/files.hpp"
#include "engine/base/text.hpp"
#include "engine/run/checkpoint.hpp"
#include "engine/studies/resume.hpp"
#include "engine/studies/sweep.hpp"
#include "python/bindings/bindings.hpp"
#include "tasks/catalog.hpp"

namespace innate::python {
namespace fs = std::filesystem;

Scenario ScenarioSource::resolve() const {
  return text ? load_scenario_text(*text, "(scenario text)", "scenario", sets) : load_scenario(path, sets);
}

namespace {

// Runs `work` without the GIL: other Python threads go on, and Ctrl-C reaches the run's
// own handler, which checkpoints and ends it with kExitInterrupted.
template <class Work>
int without_gil(Work&& work) {
  py::gil_scoped_release release;
  return work();
}

RunOptions run_options(const fs::path& out, std::optional<int> threads, bool quiet) {
  RunOptions options;
  options.out = out;
  options.threads = threads;
  options.quiet = quiet;
  return options;
}

py::tuple run(const ScenarioSource& source, const fs::path& out, std::optional<int> threads, bool quiet) {
  const Scenario scenario = source.resolve();
  const fs::path dir = output_dir(scenario, out);
  const int code = without_gil([&] { return start(scenario, builtin_catalog(), run_options(dir, threads, quiet)); });
  return py::make_tuple(code, dir);
}

py::tuple sweep(const ScenarioSource& source, const std::string& key, const std::vector<std::string>& values,
                const fs::path& out, std::optional<int> threads, bool quiet) {
  const Scenario base = source.resolve();
  const Vary vary = parse_vary(fmt::format("{}={}", key, fmt::join(values, ";")));
  if (vary.values.size() != values.size())
    throw InputError(fmt::format("vary: a value of {} holds a top-level ';'", key));
  const fs::path dir = sweep_output_dir(base, vary, out);
  const int code =
      without_gil([&] { return run_sweep(base, vary, builtin_catalog(), run_options(dir, threads, quiet)); });
  return py::make_tuple(code, dir);
}

int resume_dir(const fs::path& dir, std::optional<int> threads, bool quiet) {
  return without_gil([&] { return resume(dir, builtin_catalog(), run_options({}, threads, quiet)); });
}

py::dict info(const ScenarioSource& source) {
  const Scenario scenario = source.resolve();
  const GenomeSizes sizes = genome_sizes(scenario, builtin_catalog());
  py::dict d;
  d["scenario"] = scenario.section("run").text("name");
  d["encoding"] = sizes.name;
  d["genome_params"] = sizes.genome_params;
  d["rule_params"] = sizes.rule_params;
  d["genome_bits"] = sizes.genome_bits;
  d["network_params"] = py::cast(sizes.network_params);
  d["compression"] = py::cast(sizes.compression());
  return d;
}

py::dict keys(const std::vector<KeySpec>& specs) {
  py::dict d;
  for (const auto& k : specs)
    d[py::str(k.name)] = py::dict(py::arg("default") = k.default_literal, py::arg("help") = k.help);
  return d;
}

// Every section of the scenario schema: its selector, its common keys, and each choice
// with its summary and keys (what `innate list` prints).
py::dict catalog() {
  py::dict sections;
  for (const auto& section : builtin_catalog().schema()) {
    py::dict choices;
    for (const auto& choice : section.choices)
      choices[py::str(choice.name)] = py::dict(py::arg("summary") = choice.summary, py::arg("keys") = keys(choice.keys),
                                               py::arg("default") = choice.name == section.default_choice);
    sections[py::str(section.name)] = py::dict(py::arg("selector") = section.selector,
                                               py::arg("keys") = keys(section.common), py::arg("choices") = choices);
  }
  return sections;
}

py::array_t<float> to_numpy(std::span<const float> values) {
  py::array_t<float> out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

// The network a genome decodes into (flat parameters, units per layer), developed from
// the birth stream the run's final scoring uses, so a sampled development is replayed.
py::tuple decode(const ScenarioSource& source,
                 const py::array_t<float, py::array::c_style | py::array::forcecast>& genome, std::uint64_t seed) {
  const Scenario scenario = source.resolve();
  const Catalog& catalog = builtin_catalog();
  const EncodingContext context = encoding_context(scenario, catalog);
  if (!context.network) throw InputError("decode: the scenario has no [network]; its genome is not a network");
  const auto encoding = make_encoding(scenario, catalog);
  const auto lifetime = make_lifetime(scenario, catalog, *encoding);
  const GenomeLayout layout(*encoding, *lifetime);
  if (genome.ndim() != 1 || static_cast<std::size_t>(genome.size()) != layout.genome_size())
    throw InputError(fmt::format("decode: {} takes a genome of {} values, got shape ({})", layout.name(),
                                 layout.genome_size(), fmt::join(std::span(genome.shape(), genome.ndim()), ", ")));
  if (encoding->phenotype_size() != context.network->param_count())
    throw InputError(fmt::format("decode: encoding {} does not decode to the scenario's network", encoding->name()));
  Eigen::VectorXf genes = Eigen::Map<const Eigen::VectorXf>(genome.data(), genome.size());  // aligned, as in a run
  Eigen::VectorXf phenotype(static_cast<Eigen::Index>(layout.phenotype_size()));
  Rng birth = stream({seed, 0, 0, Purpose::final_evaluation});
  {
    py::gil_scoped_release release;
    layout.decode({genes.data(), static_cast<std::size_t>(genes.size())},
                  {phenotype.data(), static_cast<std::size_t>(phenotype.size())}, birth);
  }
  return py::make_tuple(to_numpy({phenotype.data(), static_cast<std::size_t>(phenotype.size())}),
                        context.network->sizes);
}

py::tuple read_genome(const fs::path& path) {
  GenomeArchive archive = read_genome_archive(read_file(path), path.string());
  return py::make_tuple(archive.tag, to_numpy(archive.genes));
}

}  // namespace

void bind_scenarios(py::module_& m) {
  py::class_<ScenarioSource>(m, "ScenarioSource")
      .def(py::init([](std::string path, std::optional<std::string> text, std::vector<std::string> sets) {
             return ScenarioSource{std::move(path), std::move(text), std::move(sets)};
           }),
           py::arg("path"), py::arg("text"), py::arg("sets"))
      .def(
          "toml", [](const ScenarioSource& s) { return s.resolve().to_toml(); }, "the resolved scenario as TOML");
  m.def("run", &run, py::arg("source"), py::arg("out"), py::arg("threads"), py::arg("quiet"),
        "start a scenario; returns (exit code, directory)");
  m.def("sweep", &sweep, py::arg("source"), py::arg("key"), py::arg("values"), py::arg("out"), py::arg("threads"),
        py::arg("quiet"), "one run per value of a key; returns (exit code, directory)");
  m.def("resume", &resume_dir, py::arg("dir"), py::arg("threads"), py::arg("quiet"),
        "continue a run; returns the exit code");
  m.def("info", &info, py::arg("source"), "sizes of a scenario's genome and network");
  m.def("catalog", &catalog, "the scenario schema: sections, choices, keys");
  m.def("decode", &decode, py::arg("source"), py::arg("genome"), py::arg("seed"),
        "a genome's network: (flat parameters, units per layer)");
  m.def("read_genome", &read_genome, py::arg("path"), "a genome archive: (tag, values)");
  m.attr("EXIT_INTERRUPTED") = kExitInterrupted;
}

}  // namespace innate::python
