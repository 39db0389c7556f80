#pragma once
// Kubernetes timestamps (metav1.Time): RFC 3339 in UTC, whole seconds, as the API writes them.

#include <chrono>
#include <string>
#include <string_view>

namespace kubelab::api {

// "2026-11-25T22:01:32Z"
std::string formatTimestamp(std::chrono::system_clock::time_point time);
// metav1.MicroTime, as a Lease's renewTime is written: "2026-11-25T22:01:32.123456Z"
std::string formatMicroTimestamp(std::chrono::system_clock::time_point time);
// Parses RFC 3339 with or without fractional seconds; the epoch (time_point{}) when it cannot.
std::chrono::system_clock::time_point parseTimestamp(std::string_view text);

}  // namespace kubelab::api
