#pragma once
// A fixed set of threads running queued tasks in order of submission: the scheduler's binding
// threads, so API round trips (bind, status patch) never stall the scheduling loop and several
// bindings are in flight at once.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kubelab::scheduler {

class TaskPool {
 public:
  explicit TaskPool(int threads);
  ~TaskPool();  // runs what is queued, then joins
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  void submit(std::function<void()> task);
  // Blocks until every task submitted so far has finished.
  void waitIdle();
  void stop();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable available_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> tasks_;
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kubelab::scheduler
