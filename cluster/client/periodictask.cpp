#include "client/periodictask.h"

namespace kubelab::client {

PeriodicTask::PeriodicTask(std::chrono::milliseconds period, std::function<void()> task, FirstRun firstRun)
    : period_(period), task_(std::move(task)), firstRun_(firstRun) {}

PeriodicTask::~PeriodicTask() { stop(); }

void PeriodicTask::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void PeriodicTask::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicTask::run() {
  std::unique_lock lock(mutex_);
  bool due = firstRun_ == FirstRun::Immediately;
  while (!stopping_) {
    if (due) {
      lock.unlock();
      task_();
      lock.lock();
    }
    due = !wake_.wait_for(lock, period_, [this] { return stopping_; });
  }
}

}  // namespace kubelab::client
