#pragma once
// API discovery documents (/api, /apis, /api/v1, /apis/<group>[/<version>]) built from the
// served resource types, in the legacy (non-aggregated) form every kubectl understands.

#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace kubelab::apiserver {

boost::json::object coreApiVersions(const std::string& serverAddress);
boost::json::object apiGroupList();
// nullopt when the group (or group/version) is not served.
std::optional<boost::json::object> apiGroup(const std::string& group);
std::optional<boost::json::object> apiResourceList(const std::string& group, const std::string& version);
boost::json::object versionInfo();

}  // namespace kubelab::apiserver
