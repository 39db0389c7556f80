#pragma once
// Kubernetes' patch errors print the offending JSON with Go's %v verb ("map: map[image:nginx]
// does not contain declared merge key: name"). Students read these messages in kubectl, so we
// spell values the same way.

#include <boost/json/value.hpp>

#include <string>

namespace kubelab::api {

// Go's %v of a decoded JSON value: map[a:1 b:[x y]] with keys sorted, [x y] for lists, strings
// unquoted, <nil> for null, floats in %g form (1e+06).
std::string goValueString(const boost::json::value& value);

// Go's reflect type name of a decoded JSON value: "map[string]interface {}", "[]interface {}",
// "string", "int64", "float64", "bool", "<nil>".
std::string goTypeName(const boost::json::value& value);

}  // namespace kubelab::api
