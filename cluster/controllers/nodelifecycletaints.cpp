#include "controllers/nodelifecycletaints.h"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "api/objectmeta.h"

namespace kubelab::controllers::nodelifecycle {
namespace json = boost::json;

namespace {

// Kubernetes' condition-to-NoSchedule-taint table (nodelifecycle's nodeConditionToTaintKeyStatusMap).
struct ConditionTaint {
  const char* condition;
  const char* status;
  const char* taintKey;
};
constexpr ConditionTaint kNoScheduleTaints[] = {
    {"Ready", "False", kNotReadyTaint},
    {"Ready", "Unknown", kUnreachableTaint},
    {"MemoryPressure", "True", "node.kubernetes.io/memory-pressure"},
    {"DiskPressure", "True", "node.kubernetes.io/disk-pressure"},
    {"NetworkUnavailable", "True", "node.kubernetes.io/network-unavailable"},
    {"PIDPressure", "True", "node.kubernetes.io/pid-pressure"},
};

bool isManaged(const std::string& key, const std::string& effect) {
  if (effect == "NoExecute") return key == kNotReadyTaint || key == kUnreachableTaint;
  if (effect != "NoSchedule") return false;
  if (key == kUnschedulableTaint) return true;
  for (const ConditionTaint& entry : kNoScheduleTaints) {
    if (key == entry.taintKey) return true;
  }
  return false;
}

// (key, effect) pairs the node should carry.
std::vector<std::pair<std::string, std::string>> wantedTaints(const Object& node) {
  std::vector<std::pair<std::string, std::string>> wanted;
  for (const ConditionTaint& entry : kNoScheduleTaints) {
    if (conditionStatus(node, entry.condition) == entry.status) wanted.emplace_back(entry.taintKey, "NoSchedule");
  }
  if (api::booleanAt(node, {"spec", "unschedulable"})) wanted.emplace_back(kUnschedulableTaint, "NoSchedule");
  std::string ready = conditionStatus(node, "Ready");
  if (ready == "False") wanted.emplace_back(kNotReadyTaint, "NoExecute");
  if (ready == "Unknown") wanted.emplace_back(kUnreachableTaint, "NoExecute");
  return wanted;
}

}  // namespace

std::string conditionStatus(const Object& node, const std::string& type) {
  if (const json::array* conditions = api::arrayAt(node, {"status", "conditions"})) {
    for (const json::value& value : *conditions) {
      const Object* condition = value.if_object();
      if (condition != nullptr && api::stringAt(*condition, {"type"}) == type) return api::stringAt(*condition, {"status"});
    }
  }
  return {};
}

bool isControllerTaint(const Object& taint) {
  return isManaged(api::stringAt(taint, {"key"}), api::stringAt(taint, {"effect"}));
}

ZoneState computeZoneState(int readyNodes, int notReadyNodes) {
  if (readyNodes == 0 && notReadyNodes > 0) return ZoneState::FullDisruption;
  if (notReadyNodes > 2 && static_cast<double>(notReadyNodes) / (notReadyNodes + readyNodes) >= 0.55) {
    return ZoneState::PartialDisruption;
  }
  return ZoneState::Normal;
}

json::array reconcileTaints(const Object& node, const std::string& now, NoExecuteTainting tainting) {
  std::vector<std::pair<std::string, std::string>> wanted = wantedTaints(node);
  if (tainting != NoExecuteTainting::Normal) {
    std::erase_if(wanted, [&](const std::pair<std::string, std::string>& taint) {
      if (taint.second != "NoExecute") return false;
      if (tainting == NoExecuteTainting::Suspended) return true;
      // Paused: a taint already there stays, a new one waits.
      if (const json::array* taints = api::arrayAt(node, {"spec", "taints"})) {
        for (const json::value& value : *taints) {
          const Object* existing = value.if_object();
          if (existing != nullptr && api::stringAt(*existing, {"key"}) == taint.first &&
              api::stringAt(*existing, {"effect"}) == "NoExecute") {
            return false;
          }
        }
      }
      return true;
    });
  }
  std::set<std::pair<std::string, std::string>> present;
  json::array result;
  if (const json::array* taints = api::arrayAt(node, {"spec", "taints"})) {
    for (const json::value& value : *taints) {
      const Object* taint = value.if_object();
      if (taint == nullptr) continue;
      std::pair<std::string, std::string> id{api::stringAt(*taint, {"key"}), api::stringAt(*taint, {"effect"})};
      bool keep = !isManaged(id.first, id.second) ||
                  std::find(wanted.begin(), wanted.end(), id) != wanted.end();
      if (keep && present.insert(id).second) result.push_back(value);
    }
  }
  for (const auto& [key, effect] : wanted) {
    if (present.contains({key, effect})) continue;
    Object taint{{"key", key}, {"effect", effect}};
    if (effect == "NoExecute") taint["timeAdded"] = now;
    result.push_back(std::move(taint));
  }
  return result;
}

bool toleratesTaint(const Object& toleration, const Object& taint) {
  std::string effect = api::stringAt(toleration, {"effect"});
  if (!effect.empty() && effect != api::stringAt(taint, {"effect"})) return false;
  std::string key = api::stringAt(toleration, {"key"});
  std::string op = api::stringAt(toleration, {"operator"});
  if (key.empty()) return op == "Exists";
  if (key != api::stringAt(taint, {"key"})) return false;
  if (op == "Exists") return true;
  return api::stringAt(toleration, {"value"}) == api::stringAt(taint, {"value"});
}

json::array noExecuteTaints(const Object& node) {
  json::array result;
  if (const json::array* taints = api::arrayAt(node, {"spec", "taints"})) {
    for (const json::value& value : *taints) {
      const Object* taint = value.if_object();
      if (taint != nullptr && api::stringAt(*taint, {"effect"}) == "NoExecute") result.push_back(value);
    }
  }
  return result;
}

std::optional<std::chrono::seconds> evictionDelay(const Object& pod, const json::array& taints) {
  const json::array* tolerations = api::arrayAt(pod, {"spec", "tolerations"});
  std::optional<std::chrono::seconds> shortest;
  for (const json::value& taintValue : taints) {
    const Object* taint = taintValue.if_object();
    if (taint == nullptr) continue;
    bool tolerated = false;
    if (tolerations != nullptr) {
      for (const json::value& tolerationValue : *tolerations) {
        const Object* toleration = tolerationValue.if_object();
        if (toleration == nullptr || !toleratesTaint(*toleration, *taint)) continue;
        tolerated = true;
        const json::value* seconds = toleration->if_contains("tolerationSeconds");
        if (seconds == nullptr || !seconds->is_number()) continue;  // tolerated for as long as the taint lasts
        std::int64_t value = seconds->to_number<std::int64_t>();
        std::chrono::seconds delay{std::max<std::int64_t>(value, 0)};
        if (!shortest || delay < *shortest) shortest = delay;
      }
    }
    if (!tolerated) return std::chrono::seconds{0};
  }
  return shortest;
}

}  // namespace kubelab::controllers::nodelifecycle
