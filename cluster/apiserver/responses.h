#pragma once
// Writing API answers: JSON objects, Kubernetes Status errors, lists, and Tables when the
// client asked for them (kubectl get does, through its Accept header).

#include <boost/json/object.hpp>

#include <memory>
#include <string>
#include <vector>

#include "api/resourcetypes.h"
#include "apiserver/apierrors.h"
#include "apiserver/objectstorage.h"
#include "http/httpserver.h"

namespace kubelab::apiserver {

using Object = boost::json::object;

void respondObject(http::Exchange& exchange, unsigned status, const Object& object);
void respondError(http::Exchange& exchange, const ApiError& error);

// True when the Accept header asks for a meta.k8s.io Table (as=Table;g=meta.k8s.io;v=v1).
bool wantsTable(const http::Request& request);

// The list envelope (PodList...) with the items as Kubernetes writes them: without their own
// kind and apiVersion.
Object makeList(const api::ResourceType& type, std::vector<Object> items, std::int64_t revision,
                const std::string& continueToken, std::int64_t remainingItemCount);

// A Table of `objects` for `type`, as kubectl get renders it; includeObject from the query
// (an unknown value is a 400).
ApiResult<Object> makeTable(const api::ResourceType& type, const std::vector<Object>& objects, std::int64_t revision,
                 const std::string& continueToken, const std::string& includeObject);

}  // namespace kubelab::apiserver
