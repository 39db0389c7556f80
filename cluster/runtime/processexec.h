#pragma once
// kubectl exec for the process runtime: a command started like a container process (its own
// process group, the container's environment and working directory) with pipes instead of
// the log file.

#include <memory>

#include "runtime/imagecatalog.h"
#include "runtime/podruntime.h"
#include "runtime/processlauncher.h"

namespace kubelab::runtime {

// The program a command runs in a container of `image`: an image whose program takes the
// command as its argv (busybox) runs it; otherwise the first word is looked up on the
// container's PATH. NotFound in the words containerd uses when nothing matches.
Result<std::filesystem::path> execExecutable(const CatalogImage* image, const std::vector<std::string>& command,
                                             const std::string& searchPath);

// Starts `launch` (its logFile is ignored) with pipes for stdout, stderr and, if asked, stdin.
Result<std::unique_ptr<ExecSession>> startExecSession(LaunchSpec launch, bool withStandardInput);

}  // namespace kubelab::runtime
