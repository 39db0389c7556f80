// Validation of pod specs (pods and every pod template) and of pod updates.
#include <algorithm>
#include <set>

#include "api/quantity.h"
#include "api/validationinternal.h"

namespace kubelab::api::detail {
namespace json = boost::json;
namespace {

const std::vector<std::string> kProtocols{"SCTP", "TCP", "UDP"};

const json::array* arrayIn(const Object& object, std::string_view field) {
  const json::value* found = object.if_contains(field);
  return found == nullptr ? nullptr : found->if_array();
}

void validatePorts(const Object& container, Path path, FieldErrors& errors) {
  const json::array* ports = arrayIn(container, "ports");
  if (ports == nullptr) return;
  std::set<std::string> names;
  for (std::size_t i = 0; i < ports->size(); ++i) {
    const Object* port = (*ports)[i].if_object();
    if (port == nullptr) continue;
    std::string portPath = indexPath(path, i);
    std::string portName = stringAt(*port, {"name"});
    if (!portName.empty()) {
      Explanations problems = isValidPortName(portName);
      addInvalid(errors, childPath(portPath, "name"), renderString(portName), problems);
      if (problems.empty() && !names.insert(portName).second) {
        errors.push_back(duplicateError(childPath(portPath, "name"), renderString(portName)));
      }
    }
    std::int64_t containerPort = integerAt(*port, {"containerPort"}, 0);
    if (containerPort == 0) {
      errors.push_back(requiredError(childPath(portPath, "containerPort")));
    } else {
      addInvalid(errors, childPath(portPath, "containerPort"), renderInteger(containerPort), isValidPortNumber(containerPort));
    }
    if (std::int64_t hostPort = integerAt(*port, {"hostPort"}, 0); hostPort != 0) {
      addInvalid(errors, childPath(portPath, "hostPort"), renderInteger(hostPort), isValidPortNumber(hostPort));
    }
    std::string protocol = stringAt(*port, {"protocol"});
    if (protocol.empty()) {
      errors.push_back(requiredError(childPath(portPath, "protocol")));
    } else if (std::find(kProtocols.begin(), kProtocols.end(), protocol) == kProtocols.end()) {
      errors.push_back(notSupportedError(childPath(portPath, "protocol"), renderString(protocol), kProtocols));
    }
  }
}

// Requests must not exceed limits; each must be a valid, non-negative quantity.
void validateResources(const Object& container, Path path, FieldErrors& errors) {
  const Object* resources = objectAt(container, {"resources"});
  if (resources == nullptr) return;
  std::string requestsPath = childPath(path, "requests");
  validateResourceList(resources->if_contains("limits"), childPath(path, "limits"), errors);
  validateResourceList(resources->if_contains("requests"), requestsPath, errors);
  const Object* requests = objectAt(*resources, {"requests"});
  const Object* limits = objectAt(*resources, {"limits"});
  if (requests == nullptr || limits == nullptr) return;
  for (const auto& [resource, value] : *requests) {
    const json::value* limitValue = limits->if_contains(resource);
    if (limitValue == nullptr || !value.is_string() || !limitValue->is_string()) continue;
    Result<Quantity> request = parseQuantity(value.get_string());
    Result<Quantity> limit = parseQuantity(limitValue->get_string());
    if (!request || !limit || request->milliValue <= limit->milliValue) continue;
    errors.push_back(invalidError(requestsPath, renderString(request->toString()),
                                  "must be less than or equal to " + std::string(resource) + " limit of " + limit->toString()));
  }
}

void validateVolumeMounts(const Object& container, Path path, const std::set<std::string>& volumes, FieldErrors& errors) {
  const json::array* mounts = arrayIn(container, "volumeMounts");
  if (mounts == nullptr) return;
  std::set<std::string> mountPaths;
  for (std::size_t i = 0; i < mounts->size(); ++i) {
    const Object* mount = (*mounts)[i].if_object();
    if (mount == nullptr) continue;
    std::string mountPath = indexPath(path, i);
    std::string volumeName = stringAt(*mount, {"name"});
    if (volumeName.empty()) {
      errors.push_back(requiredError(childPath(mountPath, "name")));
    } else if (volumes.count(volumeName) == 0) {
      errors.push_back(notFoundError(childPath(mountPath, "name"), renderString(volumeName)));
    }
    std::string target = stringAt(*mount, {"mountPath"});
    if (target.empty()) {
      errors.push_back(requiredError(childPath(mountPath, "mountPath")));
    } else if (!mountPaths.insert(target).second) {
      errors.push_back(invalidError(childPath(mountPath, "mountPath"), renderString(target), "must be unique"));
    }
  }
}

void validateEnvironment(const Object& container, Path path, FieldErrors& errors) {
  const json::array* variables = arrayIn(container, "env");
  if (variables == nullptr) return;
  for (std::size_t i = 0; i < variables->size(); ++i) {
    const Object* variable = (*variables)[i].if_object();
    if (variable == nullptr) continue;
    std::string variablePath = childPath(indexPath(path, i), "name");
    std::string variableName = stringAt(*variable, {"name"});
    bool printable = std::all_of(variableName.begin(), variableName.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f && c != '='; });
    if (variableName.empty()) {
      errors.push_back(requiredError(variablePath));
    } else if (!printable) {
      errors.push_back(invalidError(variablePath, renderString(variableName),
                                    "a valid environment variable name must consist only of printable ASCII characters other than '='"));
    }
  }
}

void validateContainer(const Object& container, Path path, std::set<std::string>& names,
                       const std::set<std::string>& volumes, FieldErrors& errors) {
  std::string containerName = stringAt(container, {"name"});
  if (containerName.empty()) {
    errors.push_back(requiredError(childPath(path, "name")));
  } else {
    addInvalid(errors, childPath(path, "name"), renderString(containerName), isDNS1123Label(containerName));
    if (!names.insert(containerName).second) errors.push_back(duplicateError(childPath(path, "name"), renderString(containerName)));
  }
  if (stringAt(container, {"image"}).empty()) errors.push_back(requiredError(childPath(path, "image")));
  std::string pullPolicy = stringAt(container, {"imagePullPolicy"});
  if (pullPolicy.empty()) {
    errors.push_back(requiredError(childPath(path, "imagePullPolicy")));
  } else if (pullPolicy != "Always" && pullPolicy != "IfNotPresent" && pullPolicy != "Never") {
    errors.push_back(notSupportedError(childPath(path, "imagePullPolicy"), renderString(pullPolicy), {"Always", "IfNotPresent", "Never"}));
  }
  std::string messagePolicy = stringAt(container, {"terminationMessagePolicy"});
  if (!messagePolicy.empty() && messagePolicy != "File" && messagePolicy != "FallbackToLogsOnError") {
    errors.push_back(notSupportedError(childPath(path, "terminationMessagePolicy"), renderString(messagePolicy), {"FallbackToLogsOnError", "File"}));
  }
  validatePorts(container, childPath(path, "ports"), errors);
  validateEnvironment(container, childPath(path, "env"), errors);
  validateVolumeMounts(container, childPath(path, "volumeMounts"), volumes, errors);
  validateResources(container, childPath(path, "resources"), errors);
}

std::set<std::string> validateVolumes(const Object& spec, Path path, FieldErrors& errors) {
  std::set<std::string> names;
  const json::array* volumes = arrayIn(spec, "volumes");
  if (volumes == nullptr) return names;
  for (std::size_t i = 0; i < volumes->size(); ++i) {
    const Object* volume = (*volumes)[i].if_object();
    if (volume == nullptr) continue;
    std::string volumePath = indexPath(path, i);
    std::string volumeName = stringAt(*volume, {"name"});
    if (volumeName.empty()) {
      errors.push_back(requiredError(childPath(volumePath, "name")));
    } else {
      addInvalid(errors, childPath(volumePath, "name"), renderString(volumeName), isDNS1123Label(volumeName));
      if (!names.insert(volumeName).second) errors.push_back(duplicateError(childPath(volumePath, "name"), renderString(volumeName)));
    }
    std::vector<std::string> sources;
    for (const auto& [key, value] : *volume) {
      if (key != "name" && !value.is_null()) sources.emplace_back(key);
    }
    if (sources.empty()) errors.push_back(requiredError(volumePath, "must specify a volume type"));
    if (sources.size() > 1) errors.push_back(forbiddenError(childPath(volumePath, sources[1]), "may not specify more than 1 volume type"));
  }
  return names;
}

void validateSpecFields(const Object& spec, Path path, FieldErrors& errors) {
  std::string restartPolicy = stringAt(spec, {"restartPolicy"});
  if (restartPolicy.empty()) {
    errors.push_back(requiredError(childPath(path, "restartPolicy")));
  } else if (restartPolicy != "Always" && restartPolicy != "OnFailure" && restartPolicy != "Never") {
    errors.push_back(notSupportedError(childPath(path, "restartPolicy"), renderString(restartPolicy), {"Always", "OnFailure", "Never"}));
  }
  std::string dnsPolicy = stringAt(spec, {"dnsPolicy"});
  if (dnsPolicy.empty()) {
    errors.push_back(requiredError(childPath(path, "dnsPolicy")));
  } else if (dnsPolicy != "ClusterFirstWithHostNet" && dnsPolicy != "ClusterFirst" && dnsPolicy != "Default" && dnsPolicy != "None") {
    errors.push_back(notSupportedError(childPath(path, "dnsPolicy"), renderString(dnsPolicy),
                                       {"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"}));
  }
  validateLabels(spec.if_contains("nodeSelector"), childPath(path, "nodeSelector"), errors);
  if (std::string account = stringAt(spec, {"serviceAccountName"}); !account.empty()) {
    addInvalid(errors, childPath(path, "serviceAccountName"), renderString(account), isDNS1123Subdomain(account));
  }
  if (std::string node = stringAt(spec, {"nodeName"}); !node.empty()) {
    addInvalid(errors, childPath(path, "nodeName"), renderString(node), isDNS1123Subdomain(node));
  }
  if (const json::value* deadline = spec.if_contains("activeDeadlineSeconds"); deadline && deadline->is_number()) {
    std::int64_t seconds = deadline->to_number<std::int64_t>();
    if (seconds < 1 || seconds > 2147483647) {
      errors.push_back(invalidError(childPath(path, "activeDeadlineSeconds"), renderInteger(seconds), inclusiveRangeError(1, 2147483647)));
    }
  }
}

}  // namespace

void validatePodSpec(const Object& spec, Path path, FieldErrors& errors) {
  std::set<std::string> volumes = validateVolumes(spec, childPath(path, "volumes"), errors);
  std::set<std::string> names;
  for (std::string_view field : {"initContainers", "containers"}) {
    const json::array* containers = arrayIn(spec, field);
    std::string containersPath = childPath(path, field);
    if (field == "containers" && (containers == nullptr || containers->empty())) {
      errors.push_back(requiredError(containersPath));
      continue;
    }
    if (containers == nullptr) continue;
    for (std::size_t i = 0; i < containers->size(); ++i) {
      if (const Object* container = (*containers)[i].if_object()) {
        validateContainer(*container, indexPath(containersPath, i), names, volumes, errors);
      }
    }
  }
  validateSpecFields(spec, path, errors);
}

void validatePodTemplate(const Object* podTemplate, Path path, FieldErrors& errors) {
  if (podTemplate == nullptr) {
    errors.push_back(requiredError(std::string(path)));
    return;
  }
  validateLabels(valueAt(*podTemplate, {"metadata", "labels"}), childPath(path, "labels"), errors);
  validateAnnotations(valueAt(*podTemplate, {"metadata", "annotations"}), childPath(path, "annotations"), errors);
  const Object* spec = objectAt(*podTemplate, {"spec"});
  validatePodSpec(spec == nullptr ? Object() : *spec, childPath(path, "spec"), errors);
}

namespace {

// The spec with what a pod update may change put back to the old values, so that any remaining
// difference is forbidden: images, activeDeadlineSeconds, added tolerations, and a negative
// terminationGracePeriodSeconds raised to 1.
Object mutableFieldsReset(const Object& spec, const Object& oldSpec) {
  Object normalized = spec;
  for (std::string_view field : {"containers", "initContainers"}) {
    const json::array* oldContainers = arrayIn(oldSpec, field);
    json::value* containers = normalized.if_contains(field);
    if (oldContainers == nullptr || containers == nullptr || !containers->is_array()) continue;
    json::array& updated = containers->get_array();
    for (std::size_t i = 0; i < updated.size() && i < oldContainers->size(); ++i) {
      if (!updated[i].is_object() || !(*oldContainers)[i].is_object()) continue;
      const json::value* oldImage = (*oldContainers)[i].get_object().if_contains("image");
      if (oldImage != nullptr) updated[i].get_object()["image"] = *oldImage;
    }
  }
  for (std::string_view field : {"activeDeadlineSeconds", "tolerations"}) {
    if (const json::value* old = oldSpec.if_contains(field)) {
      normalized[field] = *old;
    } else {
      normalized.erase(field);
    }
  }
  if (integerAt(oldSpec, {"terminationGracePeriodSeconds"}, 0) < 0 && integerAt(spec, {"terminationGracePeriodSeconds"}, 0) == 1) {
    normalized["terminationGracePeriodSeconds"] = oldSpec.at("terminationGracePeriodSeconds");
  }
  return normalized;
}

bool tolerationsOnlyAdded(const Object& spec, const Object& oldSpec) {
  const json::array* oldTolerations = arrayIn(oldSpec, "tolerations");
  if (oldTolerations == nullptr) return true;
  const json::array* tolerations = arrayIn(spec, "tolerations");
  for (const json::value& toleration : *oldTolerations) {
    if (tolerations == nullptr || std::find(tolerations->begin(), tolerations->end(), toleration) == tolerations->end()) return false;
  }
  return true;
}

}  // namespace

void validatePodUpdate(const Object& pod, const Object& old, FieldErrors& errors) {
  const Object* spec = objectAt(pod, {"spec"});
  const Object* oldSpec = objectAt(old, {"spec"});
  if (spec == nullptr || oldSpec == nullptr) return;
  json::value normalized = mutableFieldsReset(*spec, *oldSpec);
  json::value oldValue = *oldSpec;
  if (!sameValue(&normalized, &oldValue) || !tolerationsOnlyAdded(*spec, *oldSpec)) {
    errors.push_back(forbiddenError(
        "spec",
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
        "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"));
  }
}

}  // namespace kubelab::api::detail
