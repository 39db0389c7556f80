#include "backgroundwork.h"

#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace kubelab::app {
namespace {

std::mutex& threadsMutex() {
  static std::mutex mutex;
  return mutex;
}

std::vector<std::thread>& threads() {
  static std::vector<std::thread> started;
  return started;
}

}  // namespace

void runInBackground(std::function<void()> work) {
  std::lock_guard lock(threadsMutex());
  threads().emplace_back(std::move(work));
}

void waitForBackgroundWork() {
  for (;;) {
    std::vector<std::thread> started;
    {
      std::lock_guard lock(threadsMutex());
      started.swap(threads());
    }
    if (started.empty()) return;
    for (std::thread& thread : started) thread.join();
  }
}

}  // namespace kubelab::app
