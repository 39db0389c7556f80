#include "runtime/processstats.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace kubelab::runtime {

namespace {

struct ProcessSample {
  pid_t group = 0;
  unsigned long long cpuTicks = 0;  // utime + stime
  unsigned long long residentPages = 0;
};

// /proc/<pid>/stat: the command name is in parentheses and may hold spaces, so the fields are
// counted from the last ')'. After it: state(3) ppid(4) pgrp(5) ... utime(14) stime(15) ... rss(24).
bool readSample(const std::string& pid, ProcessSample& sample) {
  std::ifstream input("/proc/" + pid + "/stat");
  std::string text;
  if (!std::getline(input, text)) return false;
  auto close = text.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(text.substr(close + 1));
  std::vector<std::string> values;
  for (std::string value; fields >> value;) values.push_back(value);
  // values[0] is field 3 (state).
  if (values.size() < 22) return false;
  sample.group = static_cast<pid_t>(std::atol(values[2].c_str()));
  sample.cpuTicks = std::strtoull(values[11].c_str(), nullptr, 10) + std::strtoull(values[12].c_str(), nullptr, 10);
  sample.residentPages = std::strtoull(values[21].c_str(), nullptr, 10);
  return true;
}

}  // namespace

std::map<pid_t, ContainerStats> processGroupStats(const std::set<pid_t>& groups) {
  std::map<pid_t, ContainerStats> stats;
  if (groups.empty()) return stats;
  static const long ticksPerSecond = ::sysconf(_SC_CLK_TCK);
  static const long pageSize = ::sysconf(_SC_PAGESIZE);
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    ProcessSample sample;
    if (!readSample(name, sample) || !groups.contains(sample.group)) continue;
    ContainerStats& group = stats[sample.group];
    group.cpuTime += std::chrono::nanoseconds(static_cast<long long>(sample.cpuTicks * 1000000000ULL /
                                                                     static_cast<unsigned long long>(ticksPerSecond)));
    group.memoryBytes += sample.residentPages * static_cast<unsigned long long>(pageSize);
  }
  return stats;
}

}  // namespace kubelab::runtime
