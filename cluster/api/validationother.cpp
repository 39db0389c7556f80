// Validation of the smaller groups: RBAC, coordination (Leases), discovery (EndpointSlices), events.
#include "api/validationinternal.h"

namespace kubelab::api::detail {
namespace json = boost::json;
namespace {

constexpr std::string_view kRbacGroup = "rbac.authorization.k8s.io";

void validateRules(const Object& role, bool namespaced, FieldErrors& errors) {
  const json::array* rules = arrayAt(role, {"rules"});
  if (rules == nullptr) return;
  for (std::size_t i = 0; i < rules->size(); ++i) {
    if (!(*rules)[i].is_object()) continue;
    const Object& rule = (*rules)[i].get_object();
    std::string path = indexPath("rules", i);
    if (stringList(rule.if_contains("verbs")).empty()) {
      errors.push_back(requiredError(childPath(path, "verbs"), "verbs must contain at least one value"));
    }
    std::vector<std::string> urls = stringList(rule.if_contains("nonResourceURLs"));
    if (!urls.empty()) {
      if (namespaced) {
        errors.push_back(invalidError(childPath(path, "nonResourceURLs"), renderStringList(urls), "namespaced rules cannot apply to non-resource URLs"));
      }
      if (!stringList(rule.if_contains("apiGroups")).empty() || !stringList(rule.if_contains("resources")).empty() ||
          !stringList(rule.if_contains("resourceNames")).empty()) {
        errors.push_back(invalidError(childPath(path, "nonResourceURLs"), renderStringList(urls),
                                      "rules cannot apply to both regular resources and non-resource URLs"));
      }
      continue;
    }
    if (stringList(rule.if_contains("apiGroups")).empty()) {
      errors.push_back(requiredError(childPath(path, "apiGroups"), "resource rules must supply at least one api group"));
    }
    if (stringList(rule.if_contains("resources")).empty()) {
      errors.push_back(requiredError(childPath(path, "resources"), "resource rules must supply at least one resource"));
    }
  }
}

void validateSubject(const Object& subject, bool namespaced, const std::string& path, FieldErrors& errors) {
  std::string subjectName = stringAt(subject, {"name"});
  if (subjectName.empty()) errors.push_back(requiredError(childPath(path, "name")));
  std::string kind = stringAt(subject, {"kind"});
  std::string apiGroup = stringAt(subject, {"apiGroup"});
  if (kind == "ServiceAccount") {
    if (!subjectName.empty()) addInvalid(errors, childPath(path, "name"), renderString(subjectName), isDNS1123Subdomain(subjectName));
    if (!apiGroup.empty()) errors.push_back(notSupportedError(childPath(path, "apiGroup"), renderString(apiGroup), {""}));
    if (!namespaced && stringAt(subject, {"namespace"}).empty()) errors.push_back(requiredError(childPath(path, "namespace")));
  } else if (kind == "User" || kind == "Group") {
    if (apiGroup != kRbacGroup) errors.push_back(notSupportedError(childPath(path, "apiGroup"), renderString(apiGroup), {std::string(kRbacGroup)}));
  } else {
    errors.push_back(notSupportedError(childPath(path, "kind"), renderString(kind), {"ServiceAccount", "User", "Group"}));
  }
}

std::string renderRoleRef(const Object& binding) {
  return "rbac.RoleRef{APIGroup:" + renderString(stringAt(binding, {"roleRef", "apiGroup"})) +
         ", Kind:" + renderString(stringAt(binding, {"roleRef", "kind"})) + ", Name:" + renderString(stringAt(binding, {"roleRef", "name"})) + "}";
}

void validateBinding(const Object& binding, const Object* old, bool namespaced, FieldErrors& errors) {
  std::string apiGroup = stringAt(binding, {"roleRef", "apiGroup"});
  if (apiGroup != kRbacGroup) errors.push_back(notSupportedError("roleRef.apiGroup", renderString(apiGroup), {std::string(kRbacGroup)}));
  std::string kind = stringAt(binding, {"roleRef", "kind"});
  if (namespaced && kind != "Role" && kind != "ClusterRole") {
    errors.push_back(notSupportedError("roleRef.kind", renderString(kind), {"Role", "ClusterRole"}));
  } else if (!namespaced && kind != "ClusterRole") {
    errors.push_back(notSupportedError("roleRef.kind", renderString(kind), {"ClusterRole"}));
  }
  std::string roleName = stringAt(binding, {"roleRef", "name"});
  if (roleName.empty()) {
    errors.push_back(requiredError("roleRef.name"));
  } else {
    addInvalid(errors, "roleRef.name", renderString(roleName), isValidPathSegmentName(roleName));
  }
  if (const json::array* subjects = arrayAt(binding, {"subjects"})) {
    for (std::size_t i = 0; i < subjects->size(); ++i) {
      if ((*subjects)[i].is_object()) validateSubject((*subjects)[i].get_object(), namespaced, indexPath("subjects", i), errors);
    }
  }
  if (old != nullptr && !sameValue(binding.if_contains("roleRef"), old->if_contains("roleRef"))) {
    errors.push_back(invalidError("roleRef", renderRoleRef(binding), "cannot change roleRef"));
  }
}

void validateLease(const Object& lease, FieldErrors& errors) {
  if (const json::value* duration = valueAt(lease, {"spec", "leaseDurationSeconds"}); duration && duration->is_number()) {
    if (duration->to_number<std::int64_t>() <= 0) {
      errors.push_back(invalidError("spec.leaseDurationSeconds", renderJson(*duration), "must be greater than 0"));
    }
  }
  validateNonnegative(errors, "spec.leaseTransitions", valueAt(lease, {"spec", "leaseTransitions"}));
}

void validateEndpointSlice(const Object& slice, FieldErrors& errors) {
  std::string addressType = stringAt(slice, {"addressType"});
  if (addressType.empty()) {
    errors.push_back(requiredError("addressType"));
  } else if (addressType != "IPv4" && addressType != "IPv6" && addressType != "FQDN") {
    errors.push_back(notSupportedError("addressType", renderString(addressType), {"FQDN", "IPv4", "IPv6"}));
  }
  if (const json::array* ports = arrayAt(slice, {"ports"})) {
    for (std::size_t i = 0; i < ports->size(); ++i) {
      if (!(*ports)[i].is_object()) continue;
      const json::value* port = (*ports)[i].get_object().if_contains("port");
      if (port != nullptr && port->is_number()) {
        addInvalid(errors, childPath(indexPath("ports", i), "port"), renderJson(*port), isValidPortNumber(port->to_number<std::int64_t>()));
      }
    }
  }
}

}  // namespace

void validateOtherType(const ResourceType& type, const Object& object, const Object* old, FieldErrors& errors) {
  if (type.group == kRbacGroup) {
    if (type.kind == "Role" || type.kind == "ClusterRole") validateRules(object, type.kind == "Role", errors);
    if (type.kind == "RoleBinding" || type.kind == "ClusterRoleBinding") validateBinding(object, old, type.namespaced, errors);
  } else if (type.kind == "Lease") {
    validateLease(object, errors);
  } else if (type.kind == "EndpointSlice") {
    validateEndpointSlice(object, errors);
  }
}

}  // namespace kubelab::api::detail
