#include "backgroundwork.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace kubelab::app {
namespace {

struct BackgroundThread {
  std::thread thread;
  std::shared_ptr<std::atomic<bool>> finished;
};

std::mutex& threadsMutex() {
  static std::mutex mutex;
  return mutex;
}

std::vector<BackgroundThread>& threads() {
  static std::vector<BackgroundThread> started;
  return started;
}

}  // namespace

void runInBackground(std::function<void()> work) {
  std::vector<BackgroundThread> done;
  {
    std::lock_guard lock(threadsMutex());
    auto& started = threads();
    // Threads that have returned are joined here (at once: they are past their last statement),
    // so a panel that starts one per request (a followed log) does not pile them up until exit.
    for (auto it = started.begin(); it != started.end();) {
      if (it->finished->load()) {
        done.push_back(std::move(*it));
        it = started.erase(it);
      } else {
        ++it;
      }
    }
    auto finished = std::make_shared<std::atomic<bool>>(false);
    started.push_back({std::thread([work = std::move(work), finished] {
                         work();
                         *finished = true;
                       }),
                       finished});
  }
  for (BackgroundThread& entry : done) entry.thread.join();
}

void waitForBackgroundWork() {
  for (;;) {
    std::vector<BackgroundThread> started;
    {
      std::lock_guard lock(threadsMutex());
      started.swap(threads());
    }
    if (started.empty()) return;
    for (BackgroundThread& entry : started) entry.thread.join();
  }
}

}  // namespace kubelab::app
