#pragma once
// List and watch filters from the labelSelector and fieldSelector query parameters.

#include <functional>
#include <string>

#include "api/resourcetypes.h"
#include "apiserver/objectstorage.h"

namespace kubelab::apiserver {

using ObjectPredicate = std::function<bool(const Object&)>;

// An empty predicate when both selectors are empty; a 400 with Kubernetes' message when one
// does not parse or names a field the type does not support.
ApiResult<ObjectPredicate> selectorPredicate(const api::ResourceType& type, const std::string& labelSelector,
                                             const std::string& fieldSelector);

}  // namespace kubelab::apiserver
