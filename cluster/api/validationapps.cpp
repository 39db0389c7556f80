// Validation of apps/v1: Deployments, ReplicaSets, StatefulSets, DaemonSets, ControllerRevisions.
#include <charconv>

#include "api/labelselector.h"
#include "api/validationinternal.h"

namespace kubelab::api::detail {
namespace json = boost::json;
namespace {

const Object& specOf(const Object& object) {
  static const Object empty;
  const Object* spec = objectAt(object, {"spec"});
  return spec == nullptr ? empty : *spec;
}

std::string renderTemplateLabels(const Object* podTemplate) {
  const Object* labels = podTemplate == nullptr ? nullptr : objectAt(*podTemplate, {"metadata", "labels"});
  return renderStringMap(podTemplate == nullptr ? Labels() : stringMap(*podTemplate, {"metadata", "labels"}), labels != nullptr);
}

bool selectorIsEmpty(const json::value* selector) {
  if (selector == nullptr || !selector->is_object()) return false;
  const Object* labels = objectAt(selector->get_object(), {"matchLabels"});
  const json::array* expressions = arrayAt(selector->get_object(), {"matchExpressions"});
  return (labels == nullptr || labels->empty()) && (expressions == nullptr || expressions->empty());
}

// spec.selector: required, well-formed, not empty (`emptyMessage` names the kind).
void validateSelector(const Object& spec, const std::string& emptyMessage, FieldErrors& errors) {
  const json::value* selector = spec.if_contains("selector");
  if (!isSet(selector)) {
    errors.push_back(requiredError("spec.selector"));
    return;
  }
  validateLabelSelector(selector, "spec.selector", errors);
  if (selectorIsEmpty(selector)) errors.push_back(invalidError("spec.selector", renderLabelSelector(selector), emptyMessage));
}

// The selector must select the pods the template makes; a missing selector matches nothing.
void validateTemplateMatches(const Object& spec, FieldErrors& errors) {
  const json::value* selector = spec.if_contains("selector");
  const Object* podTemplate = objectAt(spec, {"template"});
  if (selectorIsEmpty(selector)) return;
  if (!selectorMatchesTemplate(isSet(selector) ? selector : nullptr, podTemplate)) {
    errors.push_back(invalidError("spec.template.metadata.labels", renderTemplateLabels(podTemplate),
                                  "`selector` does not match template `labels`"));
  }
}

void validateAlwaysRestart(const Object& spec, std::string_view kind, FieldErrors& errors) {
  std::string policy = stringAt(spec, {"template", "spec", "restartPolicy"});
  if (policy != "Always") errors.push_back(notSupportedError("spec.template.spec.restartPolicy", renderString(policy), {"Always"}));
  if (valueAt(spec, {"template", "spec", "activeDeadlineSeconds"}) != nullptr) {
    errors.push_back(forbiddenError("spec.template.spec.activeDeadlineSeconds",
                                    "activeDeadlineSeconds in " + std::string(kind) + " is not Supported"));
  }
}

// An int-or-percent such as maxSurge: a non-negative integer or "<digits>%".
int intOrPercentValue(const json::value* value, const std::string& path, FieldErrors& errors) {
  if (value == nullptr || value->is_null()) return 0;
  if (value->is_number()) {
    validateNonnegative(errors, path, value);
    return static_cast<int>(value->to_number<std::int64_t>());
  }
  if (!value->is_string()) return 0;
  std::string text(value->get_string());
  Explanations problems = isValidPercent(text);
  addInvalid(errors, path, renderString(text), problems);
  if (!problems.empty()) return 0;
  int percent = 0;
  std::from_chars(text.data(), text.data() + text.size() - 1, percent);
  if (percent > 100) errors.push_back(invalidError(path, renderString(text), "must not be greater than 100%"));
  return percent;
}

void validateDeploymentStrategy(const Object& spec, FieldErrors& errors) {
  std::string type = stringAt(spec, {"strategy", "type"});
  const json::value* rollingUpdate = valueAt(spec, {"strategy", "rollingUpdate"});
  if (type == "Recreate") {
    if (isSet(rollingUpdate)) {
      errors.push_back(forbiddenError("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (type == "RollingUpdate") {
    if (!isSet(rollingUpdate) || !rollingUpdate->is_object()) {
      errors.push_back(requiredError("spec.strategy.rollingUpdate", "this should be defaulted and never be nil"));
      return;
    }
    const Object& update = rollingUpdate->get_object();
    int unavailable = intOrPercentValue(update.if_contains("maxUnavailable"), "spec.strategy.rollingUpdate.maxUnavailable", errors);
    int surge = intOrPercentValue(update.if_contains("maxSurge"), "spec.strategy.rollingUpdate.maxSurge", errors);
    if (unavailable == 0 && surge == 0) {
      errors.push_back(invalidError("spec.strategy.rollingUpdate.maxUnavailable", renderOptional(update.if_contains("maxUnavailable")),
                                    "may not be 0 when `maxSurge` is 0"));
    }
  } else {
    errors.push_back(notSupportedError("spec.strategy", renderOptional(valueAt(spec, {"strategy"})), {"Recreate", "RollingUpdate"}));
  }
}

void validateReplicaSetLike(const Object& spec, std::string_view kind, FieldErrors& errors) {
  validateNonnegative(errors, "spec.replicas", spec.if_contains("replicas"));
  validateNonnegative(errors, "spec.minReadySeconds", spec.if_contains("minReadySeconds"));
  validateSelector(spec, "empty selector is invalid for deployment", errors);
  const Object* podTemplate = objectAt(spec, {"template"});
  validateTemplateMatches(spec, errors);
  validatePodTemplate(podTemplate, "spec.template", errors);
  validateAlwaysRestart(spec, kind, errors);
}

void validateDeployment(const Object& deployment, FieldErrors& errors) {
  const Object& spec = specOf(deployment);
  validateReplicaSetLike(spec, "ReplicaSet", errors);
  validateDeploymentStrategy(spec, errors);
  validateNonnegative(errors, "spec.revisionHistoryLimit", spec.if_contains("revisionHistoryLimit"));
  if (const json::value* deadline = spec.if_contains("progressDeadlineSeconds"); deadline && deadline->is_number()) {
    validateNonnegative(errors, "spec.progressDeadlineSeconds", deadline);
    if (deadline->to_number<std::int64_t>() <= integerAt(spec, {"minReadySeconds"}, 0)) {
      errors.push_back(invalidError("spec.progressDeadlineSeconds", renderJson(*deadline), "must be greater than minReadySeconds"));
    }
  }
}

void validateStatefulSet(const Object& statefulSet, const Object* old, FieldErrors& errors) {
  const Object& spec = specOf(statefulSet);
  std::string policy = stringAt(spec, {"podManagementPolicy"});
  if (policy.empty()) {
    errors.push_back(requiredError("spec.podManagementPolicy"));
  } else if (policy != "OrderedReady" && policy != "Parallel") {
    errors.push_back(invalidError("spec.podManagementPolicy", renderString(policy), "must be 'OrderedReady' or 'Parallel'"));
  }
  std::string strategy = stringAt(spec, {"updateStrategy", "type"});
  if (strategy.empty()) {
    errors.push_back(requiredError("spec.updateStrategy"));
  } else if (strategy == "OnDelete" && isSet(valueAt(spec, {"updateStrategy", "rollingUpdate"}))) {
    errors.push_back(invalidError("spec.updateStrategy.rollingUpdate", renderOptional(valueAt(spec, {"updateStrategy", "rollingUpdate"})),
                                  "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (strategy == "RollingUpdate") {
    validateNonnegative(errors, "spec.updateStrategy.rollingUpdate.partition", valueAt(spec, {"updateStrategy", "rollingUpdate", "partition"}));
  } else if (strategy != "OnDelete") {
    errors.push_back(invalidError("spec.updateStrategy", renderOptional(valueAt(spec, {"updateStrategy"})), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  validateNonnegative(errors, "spec.replicas", spec.if_contains("replicas"));
  validateNonnegative(errors, "spec.minReadySeconds", spec.if_contains("minReadySeconds"));
  validateSelector(spec, "empty selector is invalid for statefulset", errors);
  validateTemplateMatches(spec, errors);
  const Object* podTemplate = objectAt(spec, {"template"});
  validateLabels(podTemplate ? valueAt(*podTemplate, {"metadata", "labels"}) : nullptr, "spec.template.labels", errors);
  // The pods get a volume per claim template (replacing a template volume of the same name), so
  // mounts may name either; the spec is checked as the controller will create it.
  Object podSpec = podTemplate && objectAt(*podTemplate, {"spec"}) ? *objectAt(*podTemplate, {"spec"}) : Object();
  if (const json::array* claims = arrayAt(spec, {"volumeClaimTemplates"})) {
    json::array& volumes = ensureArray(podSpec, "volumes");
    for (const json::value& claim : *claims) {
      if (!claim.is_object()) continue;
      std::string claimName = stringAt(claim.get_object(), {"metadata", "name"});
      if (claimName.empty()) continue;
      json::object volume{{"name", claimName}, {"persistentVolumeClaim", {{"claimName", claimName}}}};
      bool replaced = false;
      for (json::value& existing : volumes) {
        if (existing.is_object() && stringAt(existing.get_object(), {"name"}) == claimName) {
          existing = volume;
          replaced = true;
        }
      }
      if (!replaced) volumes.push_back(std::move(volume));
    }
  }
  validatePodSpec(podSpec, "spec.template.spec", errors);
  validateAlwaysRestart(spec, "StatefulSet", errors);
  if (old == nullptr) return;
  // Only these fields of a StatefulSet's spec may change.
  Object updated = spec;
  Object previous = specOf(*old);
  for (std::string_view field : {"replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"}) {
    updated.erase(field);
    previous.erase(field);
  }
  json::value left = updated;
  json::value right = previous;
  if (!sameValue(&left, &right)) {
    errors.push_back(forbiddenError("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
                                            "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
  }
}

void validateDaemonSetStrategy(const Object& spec, FieldErrors& errors) {
  std::string type = stringAt(spec, {"updateStrategy", "type"});
  if (type == "OnDelete") return;
  if (type != "RollingUpdate") {
    errors.push_back(notSupportedError("spec.updateStrategy", renderOptional(valueAt(spec, {"updateStrategy"})), {"RollingUpdate", "OnDelete"}));
    return;
  }
  const Object* update = objectAt(spec, {"updateStrategy", "rollingUpdate"});
  if (update == nullptr) {
    errors.push_back(requiredError("spec.updateStrategy.rollingUpdate"));
    return;
  }
  std::string path = "spec.updateStrategy.rollingUpdate";
  int unavailable = intOrPercentValue(update->if_contains("maxUnavailable"), path + ".maxUnavailable", errors);
  int surge = intOrPercentValue(update->if_contains("maxSurge"), path + ".maxSurge", errors);
  if (unavailable != 0 && surge != 0) {
    errors.push_back(invalidError(path + ".maxSurge", renderOptional(update->if_contains("maxSurge")), "may not be set when maxUnavailable is non-zero"));
  } else if (unavailable == 0 && surge == 0) {
    errors.push_back(requiredError(path + ".maxUnavailable", "cannot be 0 when maxSurge is 0"));
  }
}

void validateDaemonSet(const Object& daemonSet, FieldErrors& errors) {
  const Object& spec = specOf(daemonSet);
  validateLabelSelector(spec.if_contains("selector"), "spec.selector", errors);
  // Kubernetes checks the match even without a selector, which then matches nothing.
  const json::value* selector = spec.if_contains("selector");
  if (!selectorIsEmpty(selector) && !selectorMatchesTemplate(isSet(selector) ? selector : nullptr, objectAt(spec, {"template"}))) {
    errors.push_back(invalidError("spec.template.metadata.labels", renderTemplateLabels(objectAt(spec, {"template"})),
                                  "`selector` does not match template `labels`"));
  }
  if (selectorIsEmpty(selector)) errors.push_back(invalidError("spec.selector", renderLabelSelector(selector), "empty selector is invalid for daemonset"));
  validatePodTemplate(objectAt(spec, {"template"}), "spec.template", errors);
  validateAlwaysRestart(spec, "DaemonSet", errors);
  validateNonnegative(errors, "spec.minReadySeconds", spec.if_contains("minReadySeconds"));
  validateDaemonSetStrategy(spec, errors);
  validateNonnegative(errors, "spec.revisionHistoryLimit", spec.if_contains("revisionHistoryLimit"));
}

}  // namespace

void validateAppsType(const ResourceType& type, const Object& object, const Object* old, FieldErrors& errors) {
  const std::string& kind = type.kind;
  if (kind == "Deployment") {
    validateDeployment(object, errors);
  } else if (kind == "ReplicaSet") {
    validateReplicaSetLike(specOf(object), "ReplicaSet", errors);
  } else if (kind == "StatefulSet") {
    validateStatefulSet(object, old, errors);
  } else if (kind == "DaemonSet") {
    validateDaemonSet(object, errors);
  } else if (kind == "ControllerRevision") {
    if (!isSet(object.if_contains("data"))) errors.push_back(requiredError("data", "data is mandatory"));
    validateNonnegative(errors, "revision", object.if_contains("revision"));
    if (old != nullptr) validateImmutable(errors, "data", object.if_contains("data"), old->if_contains("data"), renderOptional(object.if_contains("data")));
  }
  // apps/v1 controllers never let their selector change.
  if (old != nullptr && (kind == "Deployment" || kind == "ReplicaSet" || kind == "DaemonSet")) {
    const json::value* selector = valueAt(object, {"spec", "selector"});
    validateImmutable(errors, "spec.selector", selector, valueAt(*old, {"spec", "selector"}), renderLabelSelector(selector));
  }
}

}  // namespace kubelab::api::detail
