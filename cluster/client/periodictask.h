#pragma once
// A function run every `period` on its own thread, as controllers run their periodic resyncs
// and health monitors (client-go's wait.Until). stop() wakes the thread at once and joins it.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace kubelab::client {

class PeriodicTask {
 public:
  enum class FirstRun { Immediately, AfterOnePeriod };

  PeriodicTask(std::chrono::milliseconds period, std::function<void()> task,
               FirstRun firstRun = FirstRun::AfterOnePeriod);
  ~PeriodicTask();  // stops
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void start();
  void stop();

 private:
  void run();

  std::chrono::milliseconds period_;
  std::function<void()> task_;
  FirstRun firstRun_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kubelab::client
