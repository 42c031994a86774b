// innate._core: the engine's entry points for Python. Input errors become ValueError with
// the message the command line prints after "innate: ".
#include <filesystem>

#include "engine/base/error.hpp"
#include "python/bindings/bindings.hpp"

#ifndef INNATE_VERSION
#define INNATE_VERSION "unknown"
#endif

PYBIND11_MODULE(_core, m) {
  namespace py = pybind11;
  m.doc() = "innate's compiled engine; use the `innate` package, not this module";
  m.attr("__version__") = INNATE_VERSION;
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const innate::InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const std::filesystem::filesystem_error& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    }
  });
  innate::python::bind_scenarios(m);
  innate::python::bind_optimizer(m);
  innate::python::bind_environments(m);
}
