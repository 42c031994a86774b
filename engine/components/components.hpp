#pragma once
// components/: the kinds of component a scenario binds together (encoding, lifetime, task,
// optimizer), what a task declares it measures, and the catalog of their constructors by
// name. The engine sees only these interfaces; concrete encodings and lifetimes live in
// genomes/, tasks in tasks/, and each is added by one file and one catalog line.
#include "engine/components/budget.hpp"
#include "engine/components/catalog.hpp"
#include "engine/components/encoding.hpp"
#include "engine/components/lifetime.hpp"
#include "engine/components/measures.hpp"
#include "engine/components/optimizer.hpp"
#include "engine/components/supervision.hpp"
#include "engine/components/task.hpp"
