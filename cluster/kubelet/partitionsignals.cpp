#include "kubelet/partitionsignals.h"

#include <signal.h>

#include "common/logging.h"

namespace kubelab::kubelet {

namespace {

sigset_t partitionSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGUSR1);
  sigaddset(&signals, SIGUSR2);
  return signals;
}

}  // namespace

void blockPartitionSignals() {
  sigset_t signals = partitionSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

PartitionSignalListener::PartitionSignalListener(std::function<void(bool)> partitioned)
    : thread_([this, partitioned = std::move(partitioned)] {
        const sigset_t signals = partitionSignals();
        const timespec pollInterval{0, 200'000'000};
        while (!stopping_) {
          int received = sigtimedwait(&signals, nullptr, &pollInterval);
          if (received == SIGUSR1) {
            log::warning("partitioned from the API server (SIGUSR1): no heartbeats or status until SIGUSR2");
            partitioned(true);
          } else if (received == SIGUSR2) {
            log::info("partition healed (SIGUSR2): reporting to the API server again");
            partitioned(false);
          }
        }
      }) {}

PartitionSignalListener::~PartitionSignalListener() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

}  // namespace kubelab::kubelet
