#include "runtime/orphansweep.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <system_error>
#include <thread>

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
  // A process in the middle of exec briefly shows no environment, and one may fork while we
  // kill its parent: look again until a pass finds nothing (a killed process stops showing
  // its environment once it has exited).
  constexpr int kPasses = 10;
  std::set<pid_t> killed;
  for (int pass = 0; pass < kPasses; ++pass) {
    auto processes = findSandboxProcesses(podsDirectory);
    if (processes.empty()) break;
    for (pid_t pid : processes) {
      ::kill(pid, SIGKILL);
      killed.insert(pid);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return static_cast<int>(killed.size());
}

}  // namespace kubelab::runtime
