// Jupyter notebooks: code cells are read as code in the kernel's language,
// markdown cells as docs; findings are reported at the physical line of the
// .ipynb file, with the cell index. Outputs are not read: they show what a
// past run printed, not what the notebook calls.
#pragma once

#include <string>
#include <string_view>

#include "pipeline/scan.h"

namespace modelshift {

void scan_notebook(const Engine& engine, const std::string& rel_path, std::string_view bytes,
                   CodeParser& parser, FileResult* out);

}  // namespace modelshift
