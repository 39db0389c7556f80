#include "common/stopsignals.h"

#include <pthread.h>
#include <signal.h>

namespace kubelab {
namespace {

sigset_t stopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

}  // namespace

void blockStopSignals() {
  sigset_t signals = stopSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

int waitForStopSignal() {
  sigset_t signals = stopSignals();
  int received = 0;
  sigwait(&signals, &received);
  return received;
}

}  // namespace kubelab
