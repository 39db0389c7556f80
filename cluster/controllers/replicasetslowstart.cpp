#include "controllers/replicasetslowstart.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace kubelab::controllers {

namespace {

// Runs `size` calls on up to `parallelism` threads; returns how many succeeded and the first error.
SlowStartResult runBatch(int size, const std::function<Status()>& call, int parallelism) {
  SlowStartResult result;
  if (size == 1 || parallelism <= 1) {
    for (int index = 0; index < size; ++index) {
      Status status = call();
      if (status.isOk()) {
        ++result.successes;
      } else if (result.firstError.isOk()) {
        result.firstError = std::move(status);
      }
    }
    return result;
  }
  std::atomic<int> next{0};
  std::atomic<int> successes{0};
  std::mutex errorMutex;
  auto worker = [&] {
    while (next.fetch_add(1) < size) {
      Status status = call();
      if (status.isOk()) {
        successes.fetch_add(1);
      } else {
        std::lock_guard lock(errorMutex);
        if (result.firstError.isOk()) result.firstError = std::move(status);
      }
    }
  };
  std::vector<std::thread> threads;
  int threadCount = std::min(size, parallelism);
  threads.reserve(static_cast<std::size_t>(threadCount));
  for (int index = 0; index < threadCount; ++index) threads.emplace_back(worker);
  for (auto& thread : threads) thread.join();
  result.successes = successes.load();
  return result;
}

}  // namespace

SlowStartResult slowStartBatch(int count, int initialBatchSize, const std::function<Status()>& call,
                               int parallelism) {
  SlowStartResult total;
  int remaining = count;
  for (int batchSize = std::min(remaining, initialBatchSize); batchSize > 0;
       batchSize = std::min(2 * batchSize, remaining)) {
    SlowStartResult batch = runBatch(batchSize, call, parallelism);
    total.successes += batch.successes;
    if (!batch.firstError.isOk()) {
      total.firstError = std::move(batch.firstError);
      return total;
    }
    remaining -= batchSize;
  }
  return total;
}

}  // namespace kubelab::controllers
