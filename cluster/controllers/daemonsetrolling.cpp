// The DaemonSet rolling update (Kubernetes' daemon/update.go rollingUpdate): node by node,
// delete an old pod (manage() then creates the new one) while no more than maxUnavailable
// nodes lack an available daemon pod; with maxSurge, start the new pod beside the old one first
// and delete the old one once the new one is available.

#include <algorithm>
#include <cmath>

#include "api/objectmeta.h"
#include "controllers/controllerhistory.h"
#include "controllers/daemonsetcontroller.h"
#include "controllers/daemonsetnodes.h"
#include "controllers/podutil.h"

namespace kubelab::controllers {
namespace {
namespace json = boost::json;

// An int or a percentage of `total` (rounded up), as intstr.GetScaledValueFromIntOrPercent.
std::int64_t scaledValue(const json::value* value, std::int64_t total, std::int64_t fallback) {
  if (value == nullptr || value->is_null()) return fallback;
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64()) return static_cast<std::int64_t>(value->as_uint64());
  if (value->is_string()) {
    std::string text(value->get_string());
    if (!text.empty() && text.back() == '%') {
      double percent = std::stod(text.substr(0, text.size() - 1));
      return static_cast<std::int64_t>(std::ceil(percent * static_cast<double>(total) / 100.0));
    }
    return std::stoll(text);
  }
  return fallback;
}

struct NodeUpdateState {
  client::ObjectPointer newPod;
  client::ObjectPointer oldPod;
  bool ambiguous = false;  // more than one old or new pod: manage() cleans up first
};

NodeUpdateState updateStateOf(const std::vector<client::ObjectPointer>& pods, const std::string& hash) {
  NodeUpdateState state;
  for (const client::ObjectPointer& pod : pods) {
    if (isPodTerminating(*pod)) continue;
    bool updated = api::stringAt(*pod, {"metadata", "labels", kControllerRevisionHashLabel}) == hash;
    client::ObjectPointer& slot = updated ? state.newPod : state.oldPod;
    if (slot != nullptr) state.ambiguous = true;
    slot = pod;
  }
  return state;
}

}  // namespace

std::pair<std::int64_t, std::int64_t> daemonSetSurgeAndUnavailable(const json::object& daemonSet, std::int64_t desired) {
  const json::object* rolling = api::objectAt(daemonSet, {"spec", "updateStrategy", "rollingUpdate"});
  const json::value* surgeValue = rolling ? rolling->if_contains("maxSurge") : nullptr;
  const json::value* unavailableValue = rolling ? rolling->if_contains("maxUnavailable") : nullptr;
  std::int64_t surge = scaledValue(surgeValue, desired, 0);
  std::int64_t unavailable = scaledValue(unavailableValue, desired, surge > 0 ? 0 : 1);
  if (surge == 0 && unavailable == 0) unavailable = 1;  // validation forbids both zero; never stall
  return {surge, unavailable};
}

Status DaemonSetController::rollingUpdate(const json::object& daemonSet, const NodePods& nodePods,
                                          const std::string& hash) {
  const auto now = std::chrono::system_clock::now();
  const std::int64_t minReadySeconds = api::integerAt(daemonSet, {"spec", "minReadySeconds"});
  auto available = [&](const client::ObjectPointer& pod) { return isPodAvailable(*pod, minReadySeconds, now); };

  std::vector<std::string> eligibleNodes;
  for (const client::ObjectPointer& node : nodes_.lister().list()) {
    if (nodeShouldRunDaemonPod(*node, daemonSet).shouldRun) eligibleNodes.push_back(api::name(*node));
  }
  auto [maxSurge, maxUnavailable] = daemonSetSurgeAndUnavailable(daemonSet, static_cast<std::int64_t>(eligibleNodes.size()));

  std::int64_t unavailableCount = 0;
  std::vector<client::ObjectPointer> replaceNow;  // old pods that are not available anyway
  std::vector<client::ObjectPointer> candidates;  // available old pods, deleted within the budget
  std::vector<std::string> surgeNow;              // nodes whose old pod is not available
  std::vector<std::string> surgeCandidates;
  std::int64_t surging = 0;
  for (const std::string& nodeName : eligibleNodes) {
    auto found = nodePods.find(nodeName);
    NodeUpdateState state = found == nodePods.end() ? NodeUpdateState{} : updateStateOf(found->second, hash);
    if (state.ambiguous) {
      ++unavailableCount;
      continue;
    }
    if (maxSurge == 0) {
      if (state.oldPod == nullptr || state.newPod != nullptr) {
        if (state.newPod == nullptr || !available(state.newPod) || state.oldPod != nullptr) ++unavailableCount;
      } else if (!available(state.oldPod)) {
        replaceNow.push_back(state.oldPod);
        ++unavailableCount;
      } else if (unavailableCount < maxUnavailable) {
        candidates.push_back(state.oldPod);
      }
      continue;
    }
    // Surge: the new pod starts first; the old one goes once the new one is available.
    if (state.oldPod == nullptr) {
      if (state.newPod == nullptr || !available(state.newPod)) ++unavailableCount;
    } else if (state.newPod == nullptr) {
      if (!available(state.oldPod)) {
        surgeNow.push_back(nodeName);
      } else {
        surgeCandidates.push_back(nodeName);
      }
    } else if (available(state.newPod)) {
      replaceNow.push_back(state.oldPod);
    } else {
      ++surging;
    }
  }

  if (maxSurge == 0) {
    std::int64_t budget = std::clamp<std::int64_t>(maxUnavailable - unavailableCount, 0,
                                                   static_cast<std::int64_t>(candidates.size()));
    replaceNow.insert(replaceNow.end(), candidates.begin(), candidates.begin() + budget);
    return syncNodes(daemonSet, {}, replaceNow, hash);
  }
  std::int64_t budget = std::clamp<std::int64_t>(maxSurge - surging - static_cast<std::int64_t>(surgeNow.size()), 0,
                                                 static_cast<std::int64_t>(surgeCandidates.size()));
  surgeNow.insert(surgeNow.end(), surgeCandidates.begin(), surgeCandidates.begin() + budget);
  return syncNodes(daemonSet, surgeNow, replaceNow, hash);
}

}  // namespace kubelab::controllers
