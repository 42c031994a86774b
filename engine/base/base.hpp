#pragma once
// base/: what everything else stands on and that depends on nothing: errors, files written whole and read with their
// errors told, keyed random streams, text, statistics, the genome's storage, values computed once a process.
#include "engine/base/error.hpp"
#include "engine/base/files.hpp"
#include "engine/base/genome.hpp"
#include "engine/base/memo.hpp"
#include "engine/base/rng.hpp"
#include "engine/base/statistics.hpp"
#include "engine/base/text.hpp"
