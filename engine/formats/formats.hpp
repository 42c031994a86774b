#pragma once
// formats/: what the engine reads and writes: scenario files (TOML), JSON and cereal archives, CSV tables, SVG charts.
#include "engine/formats/charts.hpp"
#include "engine/formats/config.hpp"
#include "engine/formats/csv_table.hpp"
#include "engine/formats/serialization.hpp"
