#pragma once
// Small operations on JSON values that the three patch formats share.

#include <boost/json/value.hpp>

#include <string_view>

namespace kubelab::api {

// Deep equality as Kubernetes' patch code compares decoded JSON: integers compare by value
// whatever their signedness, an integer never equals a floating-point number, objects compare
// regardless of key order.
bool jsonEqual(const boost::json::value& left, const boost::json::value& right);

// Removes null members of objects at any depth; null list elements stay. A merge patch stores
// new values this way: a null in a patch means "absent".
void removeNullMembers(boost::json::value& value);

// The JSON kind as Go's decoder names it in errors: "object", "array", "string", "number",
// "bool" or "null".
std::string_view jsonKindName(const boost::json::value& value);

}  // namespace kubelab::api
