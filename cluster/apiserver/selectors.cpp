#include "apiserver/selectors.h"

#include "api/fieldselector.h"
#include "api/labelselector.h"

namespace kubelab::apiserver {

ApiResult<ObjectPredicate> selectorPredicate(const api::ResourceType& type, const std::string& labelSelector,
                                             const std::string& fieldSelector) {
  if (labelSelector.empty() && fieldSelector.empty()) return ApiResult<ObjectPredicate>::success(ObjectPredicate());
  auto labels = api::LabelSelector::parse(labelSelector);
  if (!labels) return ApiResult<ObjectPredicate>::failure(badRequest(labels.status().message()));
  auto fields = api::FieldSelector::parse(fieldSelector);
  if (!fields) return ApiResult<ObjectPredicate>::failure(badRequest(fields.status().message()));
  if (Status resolved = fields->resolveFor(type); !resolved) {
    return ApiResult<ObjectPredicate>::failure(badRequest(resolved.message()));
  }
  ObjectPredicate predicate = [&type, labels = std::move(*labels), fields = std::move(*fields)](const Object& object) {
    return labels.matches(api::labels(object)) && (fields.empty() || fields.matches(type, object));
  };
  return ApiResult<ObjectPredicate>::success(std::move(predicate));
}

}  // namespace kubelab::apiserver
