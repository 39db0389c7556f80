#include "common/logging.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace kubelab::log {
namespace {

std::mutex outputMutex;
std::string componentName = "kubelab";
std::atomic<Level> minimumLevel{Level::Info};

char levelLetter(Level level) {
  switch (level) {
    case Level::Debug: return 'D';
    case Level::Info: return 'I';
    case Level::Warning: return 'W';
    case Level::Error: return 'E';
  }
  return '?';
}

}  // namespace

void setComponent(std::string component) {
  std::lock_guard lock(outputMutex);
  componentName = std::move(component);
}

void setMinimumLevel(Level level) { minimumLevel = level; }

bool enabled(Level level) { return level >= minimumLevel.load(std::memory_order_relaxed); }

void write(Level level, std::string_view message) {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%m%d %H:%M:%S", &utc);

  std::lock_guard lock(outputMutex);
  std::fprintf(stderr, "%c%s.%06lld %s] %.*s\n", levelLetter(level), stamp, static_cast<long long>(micros),
               componentName.c_str(), static_cast<int>(message.size()), message.data());
  std::fflush(stderr);
}

}  // namespace kubelab::log
