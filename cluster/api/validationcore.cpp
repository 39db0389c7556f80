// Validation of core/v1 types other than Services and pod specs.
#include <algorithm>
#include <set>

#include "api/labelselector.h"
#include "api/quantity.h"
#include "api/validationinternal.h"
#include "common/base64.h"

namespace kubelab::api::detail {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxSecretSize = 1024 * 1024;

const Object& specOf(const Object& object) {
  static const Object empty;
  const Object* spec = objectAt(object, {"spec"});
  return spec == nullptr ? empty : *spec;
}

void validatePod(const Object& pod, const Object* old, FieldErrors& errors) {
  validatePodSpec(specOf(pod), "spec", errors);
  if (old != nullptr) validatePodUpdate(pod, *old, errors);
}

void validateReplicationController(const Object& controller, const Object* old, FieldErrors& errors) {
  const Object& spec = specOf(controller);
  validateNonnegative(errors, "spec.minReadySeconds", spec.if_contains("minReadySeconds"));
  const Object* selector = objectAt(spec, {"selector"});
  if (selector == nullptr || selector->empty()) errors.push_back(requiredError("spec.selector"));
  validateNonnegative(errors, "spec.replicas", spec.if_contains("replicas"));
  const Object* podTemplate = objectAt(spec, {"template"});
  if (podTemplate == nullptr) {
    errors.push_back(requiredError("spec.template"));
    return;
  }
  if (selector != nullptr && !selector->empty()) {
    Labels templateLabels = stringMap(*podTemplate, {"metadata", "labels"});
    if (!LabelSelector::fromSet(stringMap(spec, {"selector"})).matches(templateLabels)) {
      errors.push_back(invalidError("spec.template.metadata.labels",
                                    renderStringMap(templateLabels, objectAt(*podTemplate, {"metadata", "labels"}) != nullptr),
                                    "`selector` does not match template `labels`"));
    }
  }
  validatePodTemplate(podTemplate, "spec.template", errors);
  if (std::string policy = stringAt(*podTemplate, {"spec", "restartPolicy"}); policy != "Always") {
    errors.push_back(notSupportedError("spec.template.spec.restartPolicy", renderString(policy), {"Always"}));
  }
  if (valueAt(*podTemplate, {"spec", "activeDeadlineSeconds"}) != nullptr) {
    errors.push_back(forbiddenError("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in ReplicationController is not Supported"));
  }
  (void)old;
}

// Keys of data/binaryData (ConfigMap) or data/stringData (Secret), checked as Kubernetes does.
std::size_t validateKeys(const json::value* map, std::string_view path, FieldErrors& errors, bool base64Values) {
  std::size_t size = 0;
  if (map == nullptr || !map->is_object()) return size;
  std::set<std::string> keys;
  for (const auto& [key, value] : map->get_object()) {
    keys.emplace(key);
    std::size_t length = value.is_string() ? value.get_string().size() : 0;
    size += base64Values ? length / 4 * 3 : length;
  }
  for (const std::string& key : keys) addInvalid(errors, keyPath(path, key), renderString(key), isConfigMapKey(key));
  return size;
}

void validateImmutableData(const Object& object, const Object& old, std::initializer_list<std::string_view> fields,
                           FieldErrors& errors) {
  if (!booleanAt(old, {"immutable"})) return;
  if (!booleanAt(object, {"immutable"})) errors.push_back(forbiddenError("immutable", "field is immutable when `immutable` is set"));
  for (std::string_view field : fields) {
    if (!sameValue(object.if_contains(field), old.if_contains(field))) {
      errors.push_back(forbiddenError(std::string(field), "field is immutable when `immutable` is set"));
    }
  }
}

void validateConfigMap(const Object& configMap, const Object* old, FieldErrors& errors) {
  std::size_t size = validateKeys(configMap.if_contains("data"), "data", errors, false);
  size += validateKeys(configMap.if_contains("binaryData"), "binaryData", errors, true);
  const Object* data = objectAt(configMap, {"data"});
  const Object* binaryData = objectAt(configMap, {"binaryData"});
  if (data != nullptr && binaryData != nullptr) {
    for (const auto& [key, value] : *data) {
      if (binaryData->contains(key)) {
        errors.push_back(invalidError(keyPath("data", key), renderString(key), "duplicate of key present in binaryData"));
        errors.push_back(invalidError(keyPath("binaryData", key), renderString(key), "duplicate of key present in data"));
      }
    }
  }
  // Kubernetes reports the size against the whole object, whose path is "".
  if (size > kMaxSecretSize) errors.push_back(tooLongError("", kMaxSecretSize));
  if (old != nullptr) validateImmutableData(configMap, *old, {"data", "binaryData"}, errors);
}

// The keys a typed Secret must carry.
void validateSecretType(const Object& secret, FieldErrors& errors) {
  std::string type = stringAt(secret, {"type"});
  auto hasKey = [&](std::string_view key) {
    return valueAt(secret, {"data", key}) != nullptr || valueAt(secret, {"stringData", key}) != nullptr;
  };
  auto require = [&](std::string_view key) {
    if (!hasKey(key)) errors.push_back(requiredError(keyPath("data", key)));
  };
  if (type == "kubernetes.io/service-account-token") {
    if (stringAt(secret, {"metadata", "annotations", "kubernetes.io/service-account.name"}).empty()) {
      errors.push_back(requiredError("metadata.annotations[kubernetes.io/service-account.name]"));
    }
  } else if (type == "kubernetes.io/dockercfg") {
    require(".dockercfg");
  } else if (type == "kubernetes.io/dockerconfigjson") {
    require(".dockerconfigjson");
  } else if (type == "kubernetes.io/basic-auth") {
    if (!hasKey("username") && !hasKey("password")) {
      errors.push_back(requiredError("data[username]"));
      errors.push_back(requiredError("data[password]"));
    }
  } else if (type == "kubernetes.io/ssh-auth") {
    require("ssh-privatekey");
  } else if (type == "kubernetes.io/tls") {
    require("tls.crt");
    require("tls.key");
  }
}

// stringData is merged into data before Kubernetes validates, so both report as data[key].
Object mergedSecretData(const Object& secret) {
  Object data;
  if (const Object* encoded = objectAt(secret, {"data"})) data = *encoded;
  if (const Object* plain = objectAt(secret, {"stringData"})) {
    for (const auto& [key, value] : *plain) {
      data[key] = value.is_string() ? base64Encode(std::string(value.get_string())) : std::string();
    }
  }
  return data;
}

void validateSecret(const Object& secret, const Object* old, FieldErrors& errors) {
  json::value data = mergedSecretData(secret);
  if (validateKeys(&data, "data", errors, true) > kMaxSecretSize) errors.push_back(tooLongError("data", kMaxSecretSize));
  validateSecretType(secret, errors);
  if (old == nullptr) return;
  validateImmutable(errors, "type", secret.if_contains("type"), old->if_contains("type"), renderString(stringAt(secret, {"type"})));
  if (!booleanAt(*old, {"immutable"})) return;
  if (!booleanAt(secret, {"immutable"})) errors.push_back(forbiddenError("immutable", "field is immutable when `immutable` is set"));
  json::value oldData = mergedSecretData(*old);
  if (!sameValue(&data, &oldData)) errors.push_back(forbiddenError("data", "field is immutable when `immutable` is set"));
}

void validateAccessModes(const Object& spec, FieldErrors& errors) {
  static const std::vector<std::string> modes{"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"};
  std::vector<std::string> accessModes = stringList(spec.if_contains("accessModes"));
  if (accessModes.empty()) errors.push_back(requiredError("spec.accessModes", "at least 1 access mode is required"));
  for (const std::string& mode : accessModes) {
    if (std::find(modes.begin(), modes.end(), mode) == modes.end()) {
      errors.push_back(notSupportedError("spec.accessModes", renderString(mode), modes));
    }
  }
  if (std::string volumeMode = stringAt(spec, {"volumeMode"}); !volumeMode.empty() && volumeMode != "Block" && volumeMode != "Filesystem") {
    errors.push_back(notSupportedError("spec.volumeMode", renderString(volumeMode), {"Block", "Filesystem"}));
  }
}

std::int64_t storageRequest(const Object& claim) {
  Result<Quantity> quantity = parseQuantity(stringAt(claim, {"spec", "resources", "requests", "storage"}));
  return quantity ? quantity->milliValue : 0;
}

void validatePersistentVolumeClaimUpdate(const Object& claim, const Object& old, FieldErrors& errors) {
  // Only a bound claim's storage request may change (grow), and a binder may fill in volumeName.
  Object spec = specOf(claim);
  Object oldSpec = specOf(old);
  bool bound = stringAt(old, {"status", "phase"}) == "Bound";
  if (bound) {
    for (Object* each : {&spec, &oldSpec}) ensureObject(ensureObject(*each, "resources"), "requests").erase("storage");
  }
  if (stringAt(oldSpec, {"volumeName"}).empty()) spec.erase("volumeName"), oldSpec.erase("volumeName");
  json::value updated = spec;
  json::value previous = oldSpec;
  if (!sameValue(&updated, &previous)) {
    errors.push_back(forbiddenError("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"));
  } else if (bound && storageRequest(claim) < storageRequest(old)) {
    errors.push_back(forbiddenError("spec.resources.requests.storage", "field can not be less than previous value"));
  }
}

void validatePersistentVolumeClaim(const Object& claim, const Object* old, FieldErrors& errors) {
  const Object& spec = specOf(claim);
  validateAccessModes(spec, errors);
  const json::value* storage = valueAt(spec, {"resources", "requests", "storage"});
  if (storage == nullptr) {
    errors.push_back(requiredError("spec.resources[storage]"));
  } else {
    FieldErrors quantityErrors;
    validateResourceList(valueAt(spec, {"resources", "requests"}), "spec.resources.requests", quantityErrors);
    errors.insert(errors.end(), quantityErrors.begin(), quantityErrors.end());
    if (quantityErrors.empty() && storageRequest(claim) <= 0) {
      errors.push_back(invalidError("spec.resources.requests[storage]", renderString(stringAt(spec, {"resources", "requests", "storage"})),
                                    "must be greater than zero"));
    }
  }
  if (old != nullptr) validatePersistentVolumeClaimUpdate(claim, *old, errors);
}

void validatePersistentVolume(const Object& volume, FieldErrors& errors) {
  const Object& spec = specOf(volume);
  validateAccessModes(spec, errors);
  if (objectAt(spec, {"capacity"}) == nullptr) errors.push_back(requiredError("spec.capacity"));
  validateResourceList(spec.if_contains("capacity"), "spec.capacity", errors);
  static const std::set<std::string> notSources{"accessModes", "capacity", "claimRef", "mountOptions", "nodeAffinity",
                                                "persistentVolumeReclaimPolicy", "storageClassName", "volumeMode",
                                                "volumeAttributesClassName"};
  bool hasSource = std::any_of(spec.begin(), spec.end(), [](const auto& entry) { return notSources.count(std::string(entry.key())) == 0; });
  if (!hasSource) errors.push_back(requiredError("spec", "must specify a volume type"));
  std::string policy = stringAt(spec, {"persistentVolumeReclaimPolicy"});
  if (!policy.empty() && policy != "Delete" && policy != "Recycle" && policy != "Retain") {
    errors.push_back(notSupportedError("spec.persistentVolumeReclaimPolicy", renderString(policy), {"Delete", "Recycle", "Retain"}));
  }
}

void validateEndpoints(const Object& endpoints, FieldErrors& errors) {
  const json::array* subsets = arrayAt(endpoints, {"subsets"});
  if (subsets == nullptr) return;
  for (std::size_t i = 0; i < subsets->size(); ++i) {
    const json::array* ports = (*subsets)[i].is_object() ? arrayAt((*subsets)[i].get_object(), {"ports"}) : nullptr;
    if (ports == nullptr) continue;
    for (std::size_t j = 0; j < ports->size(); ++j) {
      if (!(*ports)[j].is_object()) continue;
      std::string path = indexPath(childPath(indexPath("subsets", i), "ports"), j);
      std::int64_t port = integerAt((*ports)[j].get_object(), {"port"}, 0);
      addInvalid(errors, childPath(path, "port"), renderInteger(port), isValidPortNumber(port));
    }
  }
}

void validateQuotaAndLimits(const ResourceType& type, const Object& object, FieldErrors& errors) {
  if (type.kind == "ResourceQuota") {
    validateResourceList(valueAt(object, {"spec", "hard"}), "spec.hard", errors);
    return;
  }
  const json::array* limits = arrayAt(object, {"spec", "limits"});
  if (limits == nullptr) return;
  for (std::size_t i = 0; i < limits->size(); ++i) {
    if (!(*limits)[i].is_object()) continue;
    const Object& item = (*limits)[i].get_object();
    std::string path = indexPath("spec.limits", i);
    for (std::string_view field : {"max", "min", "default", "defaultRequest", "maxLimitRequestRatio"}) {
      validateResourceList(item.if_contains(field), childPath(path, field), errors);
    }
  }
}

}  // namespace

void validateCoreType(const ResourceType& type, const Object& object, const Object* old, FieldErrors& errors) {
  const std::string& kind = type.kind;
  if (kind == "Pod") {
    validatePod(object, old, errors);
  } else if (kind == "Service") {
    validateServiceType(object, old, errors);
  } else if (kind == "ReplicationController") {
    validateReplicationController(object, old, errors);
  } else if (kind == "ConfigMap") {
    validateConfigMap(object, old, errors);
  } else if (kind == "Secret") {
    validateSecret(object, old, errors);
  } else if (kind == "PersistentVolumeClaim") {
    validatePersistentVolumeClaim(object, old, errors);
  } else if (kind == "PersistentVolume") {
    validatePersistentVolume(object, errors);
  } else if (kind == "Endpoints") {
    validateEndpoints(object, errors);
  } else if (kind == "ResourceQuota" || kind == "LimitRange") {
    validateQuotaAndLimits(type, object, errors);
  } else if (kind == "Binding") {
    if (stringAt(object, {"target", "name"}).empty()) errors.push_back(requiredError("target.name"));
  }
}

}  // namespace kubelab::api::detail
