#include "supervisor/nodedrain.h"

#include <map>
#include <thread>

#include <boost/json.hpp>

#include "api/objectmeta.h"

namespace kubelab::supervisor {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

bool ownedByDaemonSet(const json::object& pod) {
  const json::array* owners = api::arrayAt(pod, {"metadata", "ownerReferences"});
  if (owners == nullptr) return false;
  for (const json::value& owner : *owners) {
    if (owner.is_object() && api::stringAt(owner.as_object(), {"kind"}) == "DaemonSet" &&
        api::booleanAt(owner.as_object(), {"controller"})) {
      return true;
    }
  }
  return false;
}

bool isMirrorPod(const json::object& pod) {
  const json::object* annotations = api::objectAt(pod, {"metadata", "annotations"});
  return annotations != nullptr && annotations->contains("kubernetes.io/config.mirror");
}

std::string podKey(const json::object& pod) { return api::namespaceOf(pod) + "/" + api::name(pod); }

// The node's pods that drain moves, by key, with their uids.
Result<std::map<std::string, std::string>> podsToEvict(client::ApiInterface& api, const std::string& node,
                                                       DrainReport* report) {
  client::ListOptions options;
  options.fieldSelector = "spec.nodeName=" + node;
  Result<client::ObjectList> pods = client::listAll(api, client::resources::pods, "", options);
  if (!pods) return pods.status();
  std::map<std::string, std::string> result;
  for (const json::object& pod : pods->items) {
    if (ownedByDaemonSet(pod) || isMirrorPod(pod)) {
      if (report) ++report->skipped;
      continue;
    }
    result[podKey(pod)] = api::uid(pod);
  }
  return result;
}

json::object evictionFor(const std::string& ns, const std::string& name) {
  return json::object{{"apiVersion", "policy/v1"},
                      {"kind", "Eviction"},
                      {"metadata", json::object{{"name", name}, {"namespace", ns}}}};
}

}  // namespace

Status cordonNode(client::ApiInterface& api, const std::string& node) {
  return api.patch(client::resources::nodes, "", node, client::PatchType::Merge, R"({"spec":{"unschedulable":true}})")
      .status();
}

Result<DrainReport> drainNode(client::ApiInterface& api, const std::string& node, std::chrono::milliseconds timeout,
                              std::chrono::milliseconds poll) {
  KUBELAB_RETURN_IF_ERROR(cordonNode(api, node));
  DrainReport report;
  Result<std::map<std::string, std::string>> pods = podsToEvict(api, node, &report);
  if (!pods) return pods.status();
  const auto deadline = Clock::now() + timeout;
  std::map<std::string, std::string> pending = *pods;  // not evicted yet
  std::map<std::string, std::string> leaving;          // evicted, still there
  while (!pending.empty() || !leaving.empty()) {
    for (auto entry = pending.begin(); entry != pending.end();) {
      std::string ns = entry->first.substr(0, entry->first.find('/'));
      std::string name = entry->first.substr(entry->first.find('/') + 1);
      Result<client::Object> evicted =
          api.createSubresource(client::resources::pods, ns, name, "eviction", evictionFor(ns, name));
      // Refused (a disruption budget says not now): asked again on the next round, as kubectl does.
      if (!evicted && evicted.status().code() != StatusCode::NotFound) {
        ++entry;
        continue;
      }
      ++report.evicted;
      leaving.insert(*entry);
      entry = pending.erase(entry);
    }
    Result<std::map<std::string, std::string>> current = podsToEvict(api, node, nullptr);
    if (!current) return current.status();
    std::erase_if(leaving, [&](const auto& entry) {
      auto found = current->find(entry.first);
      return found == current->end() || found->second != entry.second;
    });
    if (pending.empty() && leaving.empty()) break;
    if (Clock::now() >= deadline) {
      std::string names;
      for (const auto& [key, uid] : pending) names += (names.empty() ? "" : ", ") + key;
      for (const auto& [key, uid] : leaving) names += (names.empty() ? "" : ", ") + key;
      return Status(StatusCode::DeadlineExceeded, "pods still on " + node + " after " +
                                                      std::to_string(timeout.count() / 1000) + "s: " + names);
    }
    std::this_thread::sleep_for(poll);
  }
  return report;
}

}  // namespace kubelab::supervisor
