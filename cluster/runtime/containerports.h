#pragma once
// A probe's or hook's port as a container spec gives it (an IntOrString): a number, or the name
// of one of the container's ports.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace kubelab::runtime {

// The port number, or 0 when there is none or it names no port of the container.
int containerPortNumber(const boost::json::object& container, const boost::json::value* port);

}  // namespace kubelab::runtime
