// The `innate` program: the command line of apps/cli.hpp with no hooks.
#include "apps/cli.hpp"

int main(int argc, char** argv) { return innate::cli_main(argc, argv); }
