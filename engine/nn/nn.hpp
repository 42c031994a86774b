#pragma once
// nn/: network arithmetic: the MLP's batched forward and backward, small MLPs on SIMD lanes, fixed blocks of units for
// thread-independent bits, Adam.
#include "engine/nn/adam.hpp"
#include "engine/nn/fixed_blocks.hpp"
#include "engine/nn/lane_mlp.hpp"
#include "engine/nn/mlp.hpp"
