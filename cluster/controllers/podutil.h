#pragma once
// Pod facts controllers share: phase, readiness and availability (minReadySeconds), whether a
// pod is active (neither finished nor being deleted), and pods made from a template.

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/timestamp.h"

namespace kubelab::controllers {

bool isPodActive(const boost::json::object& pod);      // not Succeeded/Failed, no deletionTimestamp
bool isPodTerminating(const boost::json::object& pod);  // has deletionTimestamp
bool isPodReady(const boost::json::object& pod);        // condition Ready=True
// Ready for at least minReadySeconds at `now` (by the Ready condition's lastTransitionTime).
bool isPodAvailable(const boost::json::object& pod, std::int64_t minReadySeconds,
                    std::chrono::system_clock::time_point now);
std::string podPhase(const boost::json::object& pod);

// A pod from a workload's spec.template: its labels, annotations and spec, the controller
// reference to `owner`, and metadata.generateName "<prefix>" (the apiserver adds 5 characters)
// unless `name` is given.
boost::json::object podFromTemplate(const boost::json::object& podTemplate, const boost::json::object& ownerReference,
                                    std::string_view generateNamePrefix, std::string_view name = {});

// Timestamps as the API writes them (api/timestamp.h), here because every controller uses them.
using api::formatTimestamp;
using api::parseTimestamp;

}  // namespace kubelab::controllers
