#pragma once
// Finds container processes that a previous run of the runtime left behind. The parent-death
// signal ends each container's first process when its kubelet is killed, but not what that
// process started; every container process and its descendants carry KUBELAB_SANDBOX=<its
// sandbox> in their environment, so a kubelet that starts again can find and end them.

#include <sys/types.h>

#include <filesystem>
#include <vector>

namespace kubelab::runtime {

// The processes (readable by us) whose environment names a sandbox under `podsDirectory`.
std::vector<pid_t> findSandboxProcesses(const std::filesystem::path& podsDirectory);

// SIGKILL to each of them; returns how many there were.
int killSandboxProcesses(const std::filesystem::path& podsDirectory);

}  // namespace kubelab::runtime
