#include "scheduler/resources.h"

#include <algorithm>

#include "api/objectmeta.h"
#include "api/quantity.h"

namespace kubelab::scheduler {

namespace json = boost::json;

void Resources::add(const Resources& other) {
  milliCpu += other.milliCpu;
  memory += other.memory;
  ephemeralStorage += other.ephemeralStorage;
  for (const auto& [name, amount] : other.scalar) scalar[name] += amount;
}

void Resources::subtract(const Resources& other) {
  milliCpu -= other.milliCpu;
  memory -= other.memory;
  ephemeralStorage -= other.ephemeralStorage;
  for (const auto& [name, amount] : other.scalar) {
    auto found = scalar.find(name);
    if (found == scalar.end()) continue;
    found->second -= amount;
    if (found->second == 0) scalar.erase(found);
  }
}

void Resources::raiseTo(const Resources& other) {
  milliCpu = std::max(milliCpu, other.milliCpu);
  memory = std::max(memory, other.memory);
  ephemeralStorage = std::max(ephemeralStorage, other.ephemeralStorage);
  for (const auto& [name, amount] : other.scalar) {
    std::int64_t& mine = scalar[name];
    mine = std::max(mine, amount);
  }
}

bool Resources::isZero() const {
  return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && scalar.empty();
}

Resources resourcesFromList(const json::object* resourceList) {
  Resources resources;
  if (resourceList == nullptr) return resources;
  for (const auto& [name, value] : *resourceList) {
    if (!value.is_string() || name == "pods") continue;
    auto quantity = api::parseQuantity(value.get_string());
    if (!quantity) continue;
    std::int64_t amount = quantity->milliValue;
    if (name == "cpu") {
      resources.milliCpu = amount;
    } else if (name == "memory") {
      resources.memory = amount;
    } else if (name == "ephemeral-storage") {
      resources.ephemeralStorage = amount;
    } else if (amount != 0) {
      resources.scalar[std::string(name)] = amount;
    }
  }
  return resources;
}

namespace {

struct ContainerRequests {
  Resources requests;
  std::int64_t nonZeroMilliCpu = 0;
  std::int64_t nonZeroMemory = 0;
};

ContainerRequests containerRequests(const json::object& container) {
  ContainerRequests result;
  const json::object* requests = api::objectAt(container, {"resources", "requests"});
  result.requests = resourcesFromList(requests);
  bool hasCpu = requests != nullptr && requests->contains("cpu");
  bool hasMemory = requests != nullptr && requests->contains("memory");
  result.nonZeroMilliCpu = hasCpu ? result.requests.milliCpu : kDefaultMilliCpuRequest;
  result.nonZeroMemory = hasMemory ? result.requests.memory : kDefaultMemoryRequest;
  return result;
}

}  // namespace

PodRequests podRequests(const json::object& pod) {
  PodRequests total;
  if (const json::array* containers = api::arrayAt(pod, {"spec", "containers"})) {
    for (const json::value& container : *containers) {
      if (!container.is_object()) continue;
      ContainerRequests one = containerRequests(container.get_object());
      total.requests.add(one.requests);
      total.nonZeroMilliCpu += one.nonZeroMilliCpu;
      total.nonZeroMemory += one.nonZeroMemory;
    }
  }
  // Init containers run one at a time before the app containers, so the pod needs the peak of
  // any one of them; sidecars keep running, so they add to every later init container and to
  // the app containers.
  if (const json::array* initContainers = api::arrayAt(pod, {"spec", "initContainers"})) {
    Resources sidecars;
    std::int64_t sidecarCpu = 0;
    std::int64_t sidecarMemory = 0;
    Resources initPeak;
    std::int64_t initPeakCpu = 0;
    std::int64_t initPeakMemory = 0;
    for (const json::value& container : *initContainers) {
      if (!container.is_object()) continue;
      ContainerRequests one = containerRequests(container.get_object());
      if (api::stringAt(container.get_object(), {"restartPolicy"}) == "Always") {
        sidecars.add(one.requests);
        sidecarCpu += one.nonZeroMilliCpu;
        sidecarMemory += one.nonZeroMemory;
        continue;
      }
      Resources during = one.requests;
      during.add(sidecars);
      initPeak.raiseTo(during);
      initPeakCpu = std::max(initPeakCpu, one.nonZeroMilliCpu + sidecarCpu);
      initPeakMemory = std::max(initPeakMemory, one.nonZeroMemory + sidecarMemory);
    }
    total.requests.add(sidecars);
    total.nonZeroMilliCpu += sidecarCpu;
    total.nonZeroMemory += sidecarMemory;
    total.requests.raiseTo(initPeak);
    total.nonZeroMilliCpu = std::max(total.nonZeroMilliCpu, initPeakCpu);
    total.nonZeroMemory = std::max(total.nonZeroMemory, initPeakMemory);
  }
  if (const json::object* overhead = api::objectAt(pod, {"spec", "overhead"})) {
    Resources extra = resourcesFromList(overhead);
    total.requests.add(extra);
    total.nonZeroMilliCpu += extra.milliCpu;
    total.nonZeroMemory += extra.memory;
  }
  return total;
}

NodeAllocatable nodeAllocatable(const json::object& node) {
  const json::object* allocatable = api::objectAt(node, {"status", "allocatable"});
  const json::object* capacity = api::objectAt(node, {"status", "capacity"});
  json::object merged;
  if (capacity != nullptr) merged = *capacity;
  if (allocatable != nullptr) {
    for (const auto& [name, value] : *allocatable) merged[name] = value;
  }
  NodeAllocatable result;
  result.resources = resourcesFromList(&merged);
  if (const json::value* pods = merged.if_contains("pods"); pods != nullptr && pods->is_string()) {
    if (auto quantity = api::parseQuantity(pods->get_string())) result.allowedPodNumber = quantity->value();
  }
  return result;
}

}  // namespace kubelab::scheduler
