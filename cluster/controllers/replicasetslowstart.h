#pragma once
// Upstream's slowStartBatch: run `count` calls in batches of 1, 2, 4, ... and stop after the
// first batch with a failure, so a template the API refuses costs one request rather than
// hundreds, while a healthy burst finishes in a few round trips. Calls in a batch run on up to
// `parallelism` threads at once.

#include <functional>

#include "common/status.h"

namespace kubelab::controllers {

struct SlowStartResult {
  int successes = 0;
  Status firstError;  // OK when every attempted call succeeded
};

SlowStartResult slowStartBatch(int count, int initialBatchSize, const std::function<Status()>& call,
                               int parallelism = 8);

}  // namespace kubelab::controllers
