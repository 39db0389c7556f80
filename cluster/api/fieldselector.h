#pragma once
// Field selectors (`kubectl get --field-selector`, `?fieldSelector=`):
// "metadata.name=x,metadata.namespace!=y,spec.nodeName=n,status.phase=Running", with the fields
// each type supports as Kubernetes has them and its error for others: "field label not supported: foo".

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/objectmeta.h"
#include "api/resourcetypes.h"
#include "common/status.h"

namespace kubelab::api {

struct FieldRequirement {
  std::string field;
  bool equals = true;  // false for "!="
  std::string value;
};

class FieldSelector {
 public:
  // Parses the syntax only; "" selects everything. Values may escape '\\', ',' and '=' with '\'.
  static Result<FieldSelector> parse(std::string_view text);

  // Checks each field against what `type` supports (BadRequest "field label not supported: foo")
  // and rewrites Kubernetes' aliases (a pod's "spec.host" is "spec.nodeName").
  Status resolveFor(const ResourceType& type);
  bool matches(const ResourceType& type, const Object& object) const;
  bool empty() const { return requirements_.empty(); }
  const std::vector<FieldRequirement>& requirements() const { return requirements_; }
  // The value `field` must equal for anything to match (e.g. spec.nodeName for a kubelet's watch).
  std::optional<std::string> requiredValue(std::string_view field) const;
  std::string toString() const;

 private:
  std::vector<FieldRequirement> requirements_;
};

// The field labels Kubernetes accepts for a type (metadata.name first).
std::vector<std::string> supportedFieldLabels(const ResourceType& type);
// The value of a supported field label on an object, as Kubernetes compares it ("" when absent).
std::string fieldLabelValue(const ResourceType& type, const Object& object, std::string_view field);

}  // namespace kubelab::api
