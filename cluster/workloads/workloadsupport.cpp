#include <signal.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>

#include "workloads/workloads.h"

namespace kubelab::workloads {

std::string environmentOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : fallback;
}

std::optional<std::chrono::milliseconds> durationFromEnvironment(const char* name) {
  std::string text = environmentOr(name, "");
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double seconds = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || seconds < 0) return std::nullopt;
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

int servingPort(int fallback) {
  if (int port = std::atoi(environmentOr("PORT", "0").c_str()); port > 0) return port;
  if (int port = std::atoi(environmentOr("KUBELAB_CONTAINER_PORTS", "0").c_str()); port > 0) return port;
  return fallback;
}

int waitForStop(std::optional<std::chrono::milliseconds> timeout) {
  sigset_t stopSignals;
  ::sigemptyset(&stopSignals);
  ::sigaddset(&stopSignals, SIGTERM);
  ::sigaddset(&stopSignals, SIGINT);
  ::pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
  for (;;) {
    int received;
    if (timeout) {
      timespec wait{static_cast<time_t>(timeout->count() / 1000), static_cast<long>(timeout->count() % 1000) * 1000000};
      received = ::sigtimedwait(&stopSignals, nullptr, &wait);
      if (received < 0 && errno == EAGAIN) return 0;
    } else {
      received = ::sigwaitinfo(&stopSignals, nullptr);
    }
    if (received > 0) return received;
  }
}

std::string imageTag(const std::string& image) {
  std::string reference = image.substr(0, image.find('@'));
  auto colon = reference.rfind(':');
  auto slash = reference.rfind('/');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return "latest";
  return reference.substr(colon + 1);
}

}  // namespace kubelab::workloads
