#pragma once
// The pure part of the Endpoints and EndpointSlice controllers: which pods of a Service belong
// in its endpoints, which port each Service port reaches on a pod, and the Endpoints subsets
// Kubernetes' endpoints controller computes (pkg/controller/endpoint, RepackSubsets). Kept apart
// from the wiring so that tests can check the arithmetic on plain objects.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kubelab::controllers::endpoints {

using Object = boost::json::object;

// Kubernetes' well-known label and annotation names for endpoints.
inline constexpr const char* kHeadlessLabel = "service.kubernetes.io/headless";
inline constexpr const char* kServiceNameLabel = "kubernetes.io/service-name";
inline constexpr const char* kManagedByLabel = "endpointslice.kubernetes.io/managed-by";
inline constexpr const char* kEndpointSliceControllerName = "endpointslice-controller.k8s.io";

// ShouldPodBeInEndpoints: the pod has an IP, is not terminal (Succeeded/Failed), and is not
// terminating unless `includeTerminating`.
bool shouldPodBeInEndpoints(const Object& pod, bool includeTerminating);
// FindPort: a numeric targetPort is used as is; a named one is looked up among the pod's
// container ports with the same protocol. nullopt when the name is not found.
std::optional<std::int64_t> findPort(const Object& pod, const Object& servicePort);
// The pod's first IP (status.podIP, else status.podIPs[0].ip).
std::string podIp(const Object& pod);
// ShouldSetHostname: the pod asked for a hostname and its subdomain is this Service.
bool shouldSetHostname(const Object& pod, const Object& service);
bool isHeadless(const Object& service);
// A Service whose Endpoints the controllers manage: it has a non-empty selector and is not ExternalName.
bool hasManagedEndpoints(const Object& service);
// {kind: Pod, namespace, name, uid}
Object podReference(const Object& pod);

// The ports a pod serves for the Service ({name, port, protocol, appProtocol}), sorted; nullopt
// when the Service has ports and the pod serves none of them (FindPort failed for each), and an
// empty list for a headless Service without ports.
std::optional<boost::json::array> podEndpointPorts(const Object& service, const Object& pod);

// The Endpoints subsets for `service` from the pods its selector matched: ready pods (or all,
// with publishNotReadyAddresses) in addresses, the others in notReadyAddresses, grouped by the
// set of ports they serve and sorted so that equal inputs give equal output.
boost::json::array endpointsSubsets(const Object& service, const std::vector<const Object*>& pods);
// Kubernetes' cap on the addresses one Endpoints object lists (EndpointSlices have no such cap),
// and the annotation that says the list was cut.
inline constexpr std::size_t kMaxEndpointsAddresses = 1000;
inline constexpr const char* kOverCapacityAnnotation = "endpoints.kubernetes.io/over-capacity";
// Cuts the subsets to `maximum` addresses, keeping ready addresses before not-ready ones;
// returns whether anything was cut.
bool truncateSubsets(boost::json::array& subsets, std::size_t maximum);

// The labels an Endpoints or EndpointSlice of `service` carries besides its own: the Service's
// labels, plus the headless label for a headless Service.
Object endpointsLabels(const Object& service);

}  // namespace kubelab::controllers::endpoints
