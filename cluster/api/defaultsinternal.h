#pragma once
// Defaulting helpers shared by defaults.cpp (whole objects) and defaultspod.cpp (pod specs).

#include "api/objectmeta.h"

namespace kubelab::api::detail {

// Sets `field` to `value` when it is absent or null.
void setDefault(Object& object, std::string_view field, boost::json::value value);
// SetDefaults_PodSpec and the container, volume and probe defaults within it.
void defaultPodSpec(Object& spec);
// A PodTemplateSpec: its spec, and the `creationTimestamp: null` Go writes for its metadata.
void defaultPodTemplate(Object& podTemplate);
// The defaults only a Pod (not a template) gets.
void defaultPodOnly(Object& pod);
// Rewrites each quantity of a resource list canonically, rounded up to thousandths.
void canonicalizeResourceList(Object& list);
void canonicalizeResourceListAt(Object& object, std::string_view field);

}  // namespace kubelab::api::detail
