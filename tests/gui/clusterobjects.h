#pragma once
// Minimal Kubernetes objects as the API returns them, for the GUI tests and benchmark.

#include <boost/json/object.hpp>

#include <string>

namespace kubelab::visualizer::testing {

boost::json::object makeNode(const std::string& name, bool ready = true, const std::string& pool = "default-pool");
// Unscheduled when `node` is empty; owned by ReplicaSet `owner` when given.
boost::json::object makePod(const std::string& name, const std::string& node = "", const std::string& phase = "Pending",
                            bool ready = false, const std::string& owner = "",
                            const std::string& created = "2025-01-01T00:00:00Z");

}  // namespace kubelab::visualizer::testing
