#pragma once
// A loopback TCP port that nothing listens on right now, for servers started by tests.

#include <cstdint>

#include "common/status.h"

namespace kubelab::testing {

// Binds 127.0.0.1:0 and returns the port the kernel chose. Another process could take it
// before the caller binds it; the kernel hands out ephemeral ports round-robin, so in
// practice it stays free for the few hundred milliseconds a test needs.
Result<std::uint16_t> findFreeLoopbackPort();

}  // namespace kubelab::testing
