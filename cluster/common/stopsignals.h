#pragma once
// How every daemon stops: SIGTERM and SIGINT are blocked in all threads (call this before
// starting any), and the main thread waits for one of them, then shuts down in order.

namespace kubelab {

// Blocks SIGTERM and SIGINT for this thread and every thread started after, and ignores
// SIGPIPE (a client that goes away must not end the process).
void blockStopSignals();
// Waits for SIGTERM or SIGINT; returns the signal number.
int waitForStopSignal();

}  // namespace kubelab
