#pragma once
// Work the app runs off the GUI thread on a thread of its own: a supervisor command, loading a
// kubeconfig, the pace-control worker. Such a thread may outlive the widget that started it
// (it reports back through a liveness flag), but not the program: main() waits for them after
// the window is gone, because a thread still inside OpenSSL or the heap while static
// destructors run corrupts the process at exit.

#include <functional>

namespace kubelab::app {

void runInBackground(std::function<void()> work);

// Joins every thread runInBackground started, including any started meanwhile.
void waitForBackgroundWork();

}  // namespace kubelab::app
