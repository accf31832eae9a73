// modelshift: find every LLM model a repository depends on.
#include "cli/cli.h"

int main(int argc, char** argv) { return modelshift::run_cli(argc, argv); }
