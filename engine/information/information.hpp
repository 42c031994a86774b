#pragma once
// information/: what a fitted genome's bits carry: genomes quantised per tensor, coded by an adaptive arithmetic coder,
// and the effective bits that keep the float genome's validation score.
#include "engine/information/arithmetic_coder.hpp"
#include "engine/information/genome_information.hpp"
#include "engine/information/quantise.hpp"
