// The `clv` program: everything happens in the library; this file only hands over.
#include "commands.hpp"

int main(int argc, char** argv) { return clv::cli::run(argc, argv); }
