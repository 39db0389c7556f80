#pragma once
// An object's JSON as YAML, the way `kubectl get -o yaml` shows it, for the inspector.

#include <boost/json/object.hpp>

#include <QString>

namespace kubelab::visualizer {

QString objectYaml(const boost::json::object& object);

}  // namespace kubelab::visualizer
