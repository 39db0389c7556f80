#include "controllers/rolloutmath.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "api/objectmeta.h"

namespace kubelab::controllers {

namespace json = boost::json;

namespace {

constexpr const char* kMaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";

std::int64_t sumOf(const std::vector<json::object>& replicaSets, std::initializer_list<std::string_view> path) {
  std::int64_t total = 0;
  for (const auto& replicaSet : replicaSets) total += api::integerAt(replicaSet, path);
  return total;
}

// Go's math.Round: halves away from zero.
std::int64_t roundHalfAwayFromZero(double value) { return static_cast<std::int64_t>(std::llround(value)); }

}  // namespace

Result<std::int64_t> scaledValueFromIntOrPercent(const json::value* value, std::int64_t total, bool roundUp) {
  if (value == nullptr || value->is_null()) return std::int64_t{0};
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64()) return static_cast<std::int64_t>(value->as_uint64());
  if (!value->is_string()) return invalid("invalid value for IntOrString: invalid type: neither int nor string");
  std::string text(value->as_string());
  std::int64_t percent = 0;
  bool parsed = text.size() > 1 && text.back() == '%';
  if (parsed) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size() - 1, percent);
    parsed = error == std::errc() && end == text.data() + text.size() - 1;
  }
  if (!parsed) return invalid("invalid value for IntOrString: invalid value \"" + text + "\"");
  // Integer arithmetic gives the exact quotient, which float ceil/floor upstream also reaches.
  std::int64_t product = percent * total;
  if (roundUp) return (product + 99) / 100;
  return product / 100;
}

Result<Fenceposts> resolveFenceposts(const json::value* maxSurgeValue, const json::value* maxUnavailableValue,
                                     std::int64_t desired) {
  auto surge = scaledValueFromIntOrPercent(maxSurgeValue, desired, true);
  if (!surge) return surge.status();
  auto unavailable = scaledValueFromIntOrPercent(maxUnavailableValue, desired, false);
  if (!unavailable) return unavailable.status();
  Fenceposts fenceposts{*surge, *unavailable};
  // Both zero would make progress impossible: let one pod be unavailable.
  if (fenceposts.maxSurge == 0 && fenceposts.maxUnavailable == 0) fenceposts.maxUnavailable = 1;
  return fenceposts;
}

std::int64_t specReplicas(const json::object& object) { return api::integerAt(object, {"spec", "replicas"}, 1); }

bool isRollingUpdate(const json::object& deployment) {
  std::string type = api::stringAt(deployment, {"spec", "strategy", "type"});
  return type.empty() || type == "RollingUpdate";
}

namespace {

Fenceposts fencepostsOf(const json::object& deployment) {
  auto fenceposts = resolveFenceposts(api::valueAt(deployment, {"spec", "strategy", "rollingUpdate", "maxSurge"}),
                                      api::valueAt(deployment, {"spec", "strategy", "rollingUpdate", "maxUnavailable"}),
                                      specReplicas(deployment));
  return fenceposts ? *fenceposts : Fenceposts{};
}

}  // namespace

std::int64_t maxSurge(const json::object& deployment) {
  if (!isRollingUpdate(deployment)) return 0;
  return fencepostsOf(deployment).maxSurge;
}

std::int64_t maxUnavailable(const json::object& deployment) {
  std::int64_t replicas = specReplicas(deployment);
  if (!isRollingUpdate(deployment) || replicas == 0) return 0;
  return std::min(fencepostsOf(deployment).maxUnavailable, replicas);
}

std::int64_t replicaCount(const std::vector<json::object>& replicaSets) {
  std::int64_t total = 0;
  for (const auto& replicaSet : replicaSets) total += specReplicas(replicaSet);
  return total;
}

std::int64_t actualReplicaCount(const std::vector<json::object>& replicaSets) {
  return sumOf(replicaSets, {"status", "replicas"});
}

std::int64_t availableReplicaCount(const std::vector<json::object>& replicaSets) {
  return sumOf(replicaSets, {"status", "availableReplicas"});
}

std::int64_t readyReplicaCount(const std::vector<json::object>& replicaSets) {
  return sumOf(replicaSets, {"status", "readyReplicas"});
}

std::int64_t newReplicaSetReplicas(const json::object& deployment, const std::vector<json::object>& allReplicaSets,
                                   const json::object& newReplicaSet) {
  std::int64_t replicas = specReplicas(deployment);
  std::int64_t current = specReplicas(newReplicaSet);
  if (!isRollingUpdate(deployment)) return replicas;
  std::int64_t maxTotalPods = replicas + maxSurge(deployment);
  std::int64_t currentPodCount = replicaCount(allReplicaSets);
  if (currentPodCount >= maxTotalPods) return current;
  std::int64_t scaleUpCount = std::min(maxTotalPods - currentPodCount, replicas - current);
  return current + scaleUpCount;
}

namespace {

// How many replicas `replicaSet` would gain or lose if the Deployment's new size were spread
// in proportion to the size it was last scaled for.
std::int64_t replicaSetFraction(const json::object& replicaSet, const json::object& deployment) {
  std::int64_t replicas = specReplicas(replicaSet);
  if (specReplicas(deployment) == 0) return -replicas;
  std::int64_t deploymentReplicas = specReplicas(deployment) + maxSurge(deployment);
  std::int64_t annotated = api::integerAt(deployment, {"status", "replicas"});
  std::string text = api::stringAt(replicaSet, {"metadata", "annotations", kMaxReplicasAnnotation});
  std::int64_t parsed = 0;
  if (auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
      !text.empty() && error == std::errc() && end == text.data() + text.size()) {
    annotated = parsed;
  }
  // Nothing sensible to scale from: leave the size alone and let the leftover logic place it.
  if (annotated <= 0) return 0;
  double newSize = static_cast<double>(replicas * deploymentReplicas) / static_cast<double>(annotated);
  return roundHalfAwayFromZero(newSize) - replicas;
}

}  // namespace

std::int64_t replicaSetProportion(const json::object& replicaSet, const json::object& deployment, std::int64_t toAdd,
                                  std::int64_t added) {
  if (specReplicas(replicaSet) == 0 || toAdd == 0 || toAdd == added) return 0;
  std::int64_t fraction = replicaSetFraction(replicaSet, deployment);
  std::int64_t allowed = toAdd - added;
  if (toAdd > 0) return std::min(fraction, allowed);
  return std::max(fraction, allowed);
}

}  // namespace kubelab::controllers
