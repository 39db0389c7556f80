#pragma once
// Reading a request's object: JSON, or the Kubernetes protobuf that kubectl's typed commands
// (create namespace, create deployment, run, expose, auth can-i, ...) send.

#include "apiserver/objectstorage.h"
#include "http/httpserver.h"

namespace kubelab::apiserver {

ApiResult<Object> decodeRequestBody(const http::Request& request);

}  // namespace kubelab::apiserver
