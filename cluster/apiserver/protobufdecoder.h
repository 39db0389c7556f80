#pragma once
// Request bodies in Kubernetes' protobuf encoding (Content-Type: application/vnd.kubernetes.protobuf),
// which kubectl's typed commands send (`kubectl create deployment|namespace|secret|...`,
// `kubectl auth can-i`, the DeleteOptions of `kubectl drain --disable-eviction`) and which
// client-go has no JSON fallback for. The API server otherwise speaks JSON, so the body is turned
// into the JSON the same object would have, and handled from there like any JSON body.

#include <string_view>

#include <boost/json/object.hpp>

#include "common/status.h"

namespace kubelab::apiserver {

// The four bytes every Kubernetes protobuf body starts with.
inline constexpr std::string_view kKubernetesProtobufMagic{"k8s\0", 4};

// Decodes a Kubernetes protobuf body: the magic, then a runtime.Unknown envelope
// {typeMeta{apiVersion = 1, kind = 2} = 1, raw = 2, contentEncoding = 3, contentType = 4} whose raw
// bytes are the object's message. Returns the object as the API server's JSON encoding of it
// reads: "kind" and "apiVersion" from the envelope, then the fields as Go's encoding/json renders
// the Go struct (omitempty fields left out when zero, pointers only when sent, structs always,
// map keys sorted, int64 as numbers, bytes as base64, times as RFC 3339). Protobuf cannot tell an
// empty list or map from a missing one, so, as in Kubernetes, both read as Go's nil: null, or left
// out under omitempty.
// BadRequest for a malformed body, and for a kind or field KubeLab has no schema for yet, with a
// message that says so and suggests sending JSON.
Result<boost::json::object> decodeKubernetesProtobuf(std::string_view body);

}  // namespace kubelab::apiserver
