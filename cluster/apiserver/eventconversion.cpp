#include "apiserver/eventconversion.h"

#include <array>
#include <string_view>
#include <utility>

namespace kubelab::apiserver {
namespace json = boost::json;
namespace {

// Field names that differ between the two forms: {events.k8s.io/v1, core/v1}. Every other
// field (metadata, reason, type, action, related, eventTime, series, reportingInstance) is shared.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> renamedFields{{
    {"regarding", "involvedObject"},
    {"note", "message"},
    {"reportingController", "reportingComponent"},
    {"deprecatedSource", "source"},
    {"deprecatedFirstTimestamp", "firstTimestamp"},
    {"deprecatedLastTimestamp", "lastTimestamp"},
    {"deprecatedCount", "count"},
}};

json::object convert(const json::object& event, bool toCore, std::string_view apiVersion) {
  json::object out;
  for (const auto& [key, value] : event) {
    std::string_view name = key;
    for (const auto& [eventsName, coreName] : renamedFields) {
      if (toCore && name == eventsName) name = coreName;
      else if (!toCore && name == coreName) name = eventsName;
    }
    out[name] = value;
  }
  out["apiVersion"] = apiVersion;
  out["kind"] = "Event";
  return out;
}

}  // namespace

bool isEventsV1(const api::ResourceType& type) { return type.group == "events.k8s.io" && type.kind == "Event"; }

json::object coreEventFromEventsV1(const json::object& event) { return convert(event, true, "v1"); }

json::object eventsV1FromCoreEvent(const json::object& event) { return convert(event, false, "events.k8s.io/v1"); }

}  // namespace kubelab::apiserver
