#include "runtime/orphansweep.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

namespace kubelab::runtime {

namespace fs = std::filesystem;

std::vector<pid_t> findSandboxProcesses(const fs::path& podsDirectory) {
  std::string marker = "KUBELAB_SANDBOX=" + (podsDirectory / "").string();
  std::vector<pid_t> found;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/proc", error)) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    pid_t pid = static_cast<pid_t>(std::atoi(name.c_str()));
    if (pid == ::getpid()) continue;
    std::ifstream input(entry.path() / "environ", std::ios::binary);
    std::string environment((std::istreambuf_iterator<char>(input)), std::istreambuf_iterator<char>());
    // Entries are NUL-separated; the marker must start one.
    for (std::size_t at = environment.find(marker); at != std::string::npos; at = environment.find(marker, at + 1)) {
      if (at == 0 || environment[at - 1] == '\0') {
        found.push_back(pid);
        break;
      }
    }
  }
  return found;
}

int killSandboxProcesses(const fs::path& podsDirectory) {
  auto processes = findSandboxProcesses(podsDirectory);
  for (pid_t pid : processes) ::kill(pid, SIGKILL);
  return static_cast<int>(processes.size());
}

}  // namespace kubelab::runtime
