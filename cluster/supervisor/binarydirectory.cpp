#include "supervisor/binarydirectory.h"

#include <cstdlib>
#include <system_error>

namespace kubelab::supervisor {

namespace fs = std::filesystem;

Result<fs::path> currentExecutable() {
  std::error_code error;
  fs::path executable = fs::read_symlink("/proc/self/exe", error);
  if (error) return internalError("cannot resolve /proc/self/exe: " + error.message());
  return executable;
}

Result<fs::path> binaryDirectory() {
  if (const char* override = std::getenv("KUBELAB_BIN_DIR"); override != nullptr && *override != '\0') {
    std::error_code error;
    fs::path directory = fs::absolute(override, error);
    if (error) return invalid(std::string("KUBELAB_BIN_DIR=") + override + ": " + error.message());
    return directory;
  }
  Result<fs::path> executable = currentExecutable();
  if (!executable) return executable.status();
  return executable->parent_path();
}

}  // namespace kubelab::supervisor
