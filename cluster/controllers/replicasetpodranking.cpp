#include "controllers/replicasetpodranking.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <string>

#include "api/objectmeta.h"
#include "controllers/podutil.h"

namespace kubelab::controllers {

namespace json = boost::json;
using Clock = std::chrono::system_clock;

namespace {

constexpr const char* kPodDeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

int phaseOrdinal(const json::object& pod) {
  std::string phase = podPhase(pod);
  if (phase == "Pending") return 0;
  if (phase == "Unknown") return 1;
  if (phase == "Running") return 2;
  return 3;
}

// An invalid annotation counts as 0, as upstream's helper does once validation let it through.
std::int64_t deletionCost(const json::object& pod) {
  std::string text = api::stringAt(pod, {"metadata", "annotations", kPodDeletionCostAnnotation});
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return 0;
  return value;
}

std::optional<Clock::time_point> readyTime(const json::object& pod) {
  const auto* conditions = api::arrayAt(pod, {"status", "conditions"});
  if (conditions == nullptr) return std::nullopt;
  for (const auto& entry : *conditions) {
    if (!entry.is_object() || api::stringAt(entry.get_object(), {"type"}) != "Ready") continue;
    auto time = parseTimestamp(api::stringAt(entry.get_object(), {"lastTransitionTime"}));
    if (time == Clock::time_point{}) return std::nullopt;
    return time;
  }
  return std::nullopt;
}

std::optional<Clock::time_point> creationTime(const json::object& pod) {
  auto time = parseTimestamp(api::stringAt(pod, {"metadata", "creationTimestamp"}));
  if (time == Clock::time_point{}) return std::nullopt;
  return time;
}

std::int64_t maxContainerRestarts(const json::object& pod) {
  std::int64_t most = 0;
  if (const auto* statuses = api::arrayAt(pod, {"status", "containerStatuses"})) {
    for (const auto& status : *statuses) {
      if (status.is_object()) most = std::max(most, api::integerAt(status.get_object(), {"restartCount"}));
    }
  }
  return most;
}

// Upstream's afterOrZero: a missing time sorts first, otherwise the later one.
bool afterOrMissing(const std::optional<Clock::time_point>& first, const std::optional<Clock::time_point>& second) {
  if (!first || !second) return !first;
  return *first > *second;
}

std::int64_t logarithmicBucket(Clock::time_point time, Clock::time_point now) {
  auto age = std::chrono::duration_cast<std::chrono::nanoseconds>(now - time).count();
  if (age <= 0) return -1;
  return static_cast<std::int64_t>(std::log2(static_cast<double>(age)));
}

// Newer first, by log2 bucket of age; ties in a bucket go by uid so the order is stable.
std::optional<bool> compareTimes(const json::object& first, const std::optional<Clock::time_point>& firstTime,
                                 const json::object& second, const std::optional<Clock::time_point>& secondTime,
                                 Clock::time_point now) {
  if (firstTime == secondTime) return std::nullopt;
  if (!firstTime || !secondTime || now == Clock::time_point{}) return afterOrMissing(firstTime, secondTime);
  std::int64_t difference = logarithmicBucket(*firstTime, now) - logarithmicBucket(*secondTime, now);
  if (difference == 0) return api::uid(first) < api::uid(second);
  return difference < 0;
}

}  // namespace

bool deletePodBefore(const json::object& first, int firstRank, const json::object& second, int secondRank,
                     Clock::time_point now) {
  bool firstAssigned = !api::stringAt(first, {"spec", "nodeName"}).empty();
  bool secondAssigned = !api::stringAt(second, {"spec", "nodeName"}).empty();
  if (firstAssigned != secondAssigned) return !firstAssigned;
  if (int a = phaseOrdinal(first), b = phaseOrdinal(second); a != b) return a < b;
  bool firstReady = isPodReady(first);
  bool secondReady = isPodReady(second);
  if (firstReady != secondReady) return !firstReady;
  if (auto a = deletionCost(first), b = deletionCost(second); a != b) return a < b;
  if (firstRank != secondRank) return firstRank > secondRank;
  if (firstReady && secondReady) {
    if (auto order = compareTimes(first, readyTime(first), second, readyTime(second), now)) return *order;
  }
  if (auto a = maxContainerRestarts(first), b = maxContainerRestarts(second); a != b) return a > b;
  if (auto order = compareTimes(first, creationTime(first), second, creationTime(second), now)) return *order;
  return false;
}

std::vector<client::ObjectPointer> podsToDelete(const std::vector<client::ObjectPointer>& pods,
                                                const std::vector<client::ObjectPointer>& relatedPods,
                                                std::size_t count, Clock::time_point now) {
  if (count >= pods.size()) return pods;
  std::map<std::string, int> podsOnNode;
  for (const auto& pod : relatedPods) {
    if (!isPodActive(*pod)) continue;
    ++podsOnNode[api::stringAt(*pod, {"spec", "nodeName"})];
  }
  std::vector<int> ranks;
  ranks.reserve(pods.size());
  for (const auto& pod : pods) ranks.push_back(podsOnNode[api::stringAt(*pod, {"spec", "nodeName"})]);
  std::vector<std::size_t> order(pods.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return deletePodBefore(*pods[a], ranks[a], *pods[b], ranks[b], now);
  });
  std::vector<client::ObjectPointer> chosen;
  chosen.reserve(count);
  for (std::size_t index = 0; index < count; ++index) chosen.push_back(pods[order[index]]);
  return chosen;
}

}  // namespace kubelab::controllers
