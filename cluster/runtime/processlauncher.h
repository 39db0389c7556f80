#pragma once
// Starts one container process: fork/exec into its own session (so its process group holds
// everything it spawns), in its working directory, with stdout and stderr appended to its log
// file, and with SIGKILL as its parent-death signal so that a killed kubelet takes its
// containers along. The death signal follows the thread that forks, so call it from a thread
// that lives as long as the containers (the runtime's own).

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/status.h"

namespace kubelab::runtime {

struct LaunchSpec {
  std::filesystem::path executable;
  std::vector<std::string> argv;         // argv[0] included
  std::vector<std::string> environment;  // NAME=value
  std::filesystem::path workingDirectory;
  std::filesystem::path logFile;  // stdout and stderr appended here; when empty, the descriptors below
  int standardInput = -1;          // -1: /dev/null
  int standardOutput = -1;
  int standardError = -1;
};

// The started process's pid, which is also its process group id. Fails when the program
// cannot be executed, with the reason exec gave.
Result<pid_t> launchProcessGroup(const LaunchSpec& spec);

// Sends `signal` to the process group led by `leader` (and to the leader itself, in case it
// has not yet made its group).
void signalProcessGroup(pid_t leader, int signal);

}  // namespace kubelab::runtime
