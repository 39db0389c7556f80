#pragma once
// Choosing loopback ports for a new cluster, and checking that a saved one is still free.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/status.h"

namespace kubelab::supervisor {

// `count` distinct ports on 127.0.0.1 that nothing listens on right now, chosen by the kernel.
Result<std::vector<std::uint16_t>> pickFreeLoopbackPorts(std::size_t count);

// OK when a server could listen on 127.0.0.1:port now; Unavailable when something else has it.
// Binds with SO_REUSEADDR, as our servers and etcd do, so connections of a previous run that
// linger in TIME_WAIT do not count as taken.
Status checkLoopbackPortFree(std::uint16_t port);

}  // namespace kubelab::supervisor
