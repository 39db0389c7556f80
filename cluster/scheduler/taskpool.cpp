#include "scheduler/taskpool.h"

#include <algorithm>

namespace kubelab::scheduler {

TaskPool::TaskPool(int threads) {
  for (int index = 0; index < std::max(1, threads); ++index) threads_.emplace_back([this] { run(); });
}

TaskPool::~TaskPool() { stop(); }

void TaskPool::submit(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    tasks_.push_back(std::move(task));
  }
  available_.notify_one();
}

void TaskPool::waitIdle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return tasks_.empty() && running_ == 0; });
}

void TaskPool::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  available_.notify_all();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

void TaskPool::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    available_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
    if (tasks_.empty()) return;  // stopping, and nothing left to run
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    ++running_;
    lock.unlock();
    task();
    lock.lock();
    --running_;
    if (tasks_.empty() && running_ == 0) idle_.notify_all();
  }
}

}  // namespace kubelab::scheduler
