#pragma once
// RBAC's escalation prevention: a user may write a Role only with permissions they hold
// themselves (or with the `escalate` verb), and may bind a role only if they hold its
// permissions (or have `bind` on it), as Kubernetes' RBAC storage enforces. Without this,
// a namespace admin could bind themselves to cluster-admin.

#include <optional>

#include "api/resourcetypes.h"
#include "apiserver/apierrors.h"
#include "apiserver/authorization.h"
#include "apiserver/objectstorage.h"

namespace kubelab::apiserver {

std::optional<ApiError> checkRbacEscalation(RbacAuthorizer& authorizer, ObjectStorage& storage, const UserInfo& user,
                                            const api::ResourceType& type, const Object& object);

}  // namespace kubelab::apiserver
