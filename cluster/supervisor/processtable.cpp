#include "supervisor/processtable.h"

#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

namespace kubelab::supervisor {

namespace {

std::string readWholeFile(const std::filesystem::path& file) {
  std::ifstream input(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>());
}

}  // namespace

bool isProcessAlive(int pid) {
  if (pid <= 0) return false;
  std::string stat = readWholeFile("/proc/" + std::to_string(pid) + "/stat");
  // "pid (command) S ...": the command may hold spaces and parentheses, the state follows the last ')'.
  std::size_t close = stat.rfind(')');
  if (close == std::string::npos || close + 2 >= stat.size()) return false;
  char state = stat[close + 2];
  return state != 'Z' && state != 'X';
}

std::vector<int> processesMentioning(std::string_view text) {
  std::vector<int> found;
  const int self = ::getpid();
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    std::string name = entry.path().filename().string();
    int pid = 0;
    auto [end, parseError] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (parseError != std::errc() || end != name.data() + name.size() || pid == self) continue;
    std::string commandLine = readWholeFile(entry.path() / "cmdline");
    if (commandLine.find(text) != std::string::npos && isProcessAlive(pid)) found.push_back(pid);
  }
  return found;
}

std::vector<std::filesystem::path> runningSupervisorStateDirectories() {
  std::vector<std::filesystem::path> directories;
  for (int pid : processesMentioning("supervise")) {
    std::string commandLine = readWholeFile("/proc/" + std::to_string(pid) + "/cmdline");
    std::vector<std::string_view> arguments;
    for (std::size_t start = 0; start < commandLine.size();) {
      std::size_t end = commandLine.find('\0', start);
      if (end == std::string::npos) end = commandLine.size();
      arguments.emplace_back(commandLine.data() + start, end - start);
      start = end + 1;
    }
    for (std::size_t index = 0; index + 2 < arguments.size(); ++index) {
      if (arguments[index] == "supervise" && arguments[index + 1] == "--state-dir") {
        directories.emplace_back(arguments[index + 2]);
        break;
      }
    }
  }
  return directories;
}

}  // namespace kubelab::supervisor
