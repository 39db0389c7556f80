#pragma once
// Where the cluster's executables are: the build puts them all in build/bin/, and an
// installation keeps them side by side, so they are found next to the running program.

#include <filesystem>

#include "common/status.h"

namespace kubelab::supervisor {

// The running program itself, from /proc/self/exe.
Result<std::filesystem::path> currentExecutable();

// $KUBELAB_BIN_DIR when set, otherwise the directory of the running program.
Result<std::filesystem::path> binaryDirectory();

}  // namespace kubelab::supervisor
