// core/v1 messages other than the pod's, in the compact form of protobufschema.h: what
// `kubectl create namespace|configmap|secret|service|serviceaccount|quota` sends. Also Lease.

#include <array>

#include "apiserver/protobufschema.h"

namespace kubelab::apiserver::protobuf {

std::span<const MessageDefinition> coreMessageDefinitions() {
  static constexpr auto kMessages = std::to_array<MessageDefinition>({
      {"Namespace", "1 metadata ObjectMeta?, 2 spec NamespaceSpec?, 3 status NamespaceStatus?"},
      {"NamespaceSpec", "1 finalizers []string?"},
      {"NamespaceStatus", "1 phase string?, 2 conditions []NamespaceCondition?"},
      {"NamespaceCondition",
       "1 type string, 2 status string, 4 lastTransitionTime time?, 5 reason string?, 6 message string?"},

      {"ConfigMap", "1 metadata ObjectMeta?, 4 immutable *bool, 2 data map[string]?, 3 binaryData map[bytes]?"},
      {"Secret",
       "1 metadata ObjectMeta?, 5 immutable *bool, 2 data map[bytes]?, 4 stringData map[string]?, 3 type string?"},
      {"ServiceAccount",
       "1 metadata ObjectMeta?, 2 secrets []ObjectReference?, 3 imagePullSecrets []LocalObjectReference?,"
       "4 automountServiceAccountToken *bool"},
      {"ObjectReference",
       "1 kind string?, 2 namespace string?, 3 name string?, 4 uid string?, 5 apiVersion string?,"
       "6 resourceVersion string?, 7 fieldPath string?"},
      {"LocalObjectReference", "1 name string?"},

      {"Service", "1 metadata ObjectMeta?, 2 spec ServiceSpec?, 3 status ServiceStatus?"},
      {"ServiceSpec",
       "1 ports []ServicePort?, 2 selector map[string]?, 3 clusterIP string?, 18 clusterIPs []string?,"
       "4 type string?, 5 externalIPs []string?, 7 sessionAffinity string?, 8 loadBalancerIP string?,"
       "9 loadBalancerSourceRanges []string?, 10 externalName string?, 11 externalTrafficPolicy string?,"
       "12 healthCheckNodePort int32?, 13 publishNotReadyAddresses bool?,"
       "14 sessionAffinityConfig *SessionAffinityConfig, 19 ipFamilies []string?, 17 ipFamilyPolicy *string,"
       "20 allocateLoadBalancerNodePorts *bool, 21 loadBalancerClass *string, 22 internalTrafficPolicy *string,"
       "23 trafficDistribution *string"},
      // targetPort is an IntOrString struct: Go renders it, as 0, even when unset.
      {"ServicePort",
       "1 name string?, 2 protocol string?, 6 appProtocol *string, 3 port int32, 4 targetPort intorstring?,"
       "5 nodePort int32?"},
      {"SessionAffinityConfig", "1 clientIP *ClientIPConfig"},
      {"ClientIPConfig", "1 timeoutSeconds *int32"},
      {"ServiceStatus", "1 loadBalancer LoadBalancerStatus?, 2 conditions []Condition?"},
      {"LoadBalancerStatus", "1 ingress []LoadBalancerIngress?"},
      {"LoadBalancerIngress", "1 ip string?, 2 hostname string?, 3 ipMode *string, 4 ports []PortStatus?"},
      {"PortStatus", "1 port int32, 2 protocol string, 3 error *string"},

      {"ResourceQuota", "1 metadata ObjectMeta?, 2 spec ResourceQuotaSpec?, 3 status ResourceQuotaStatus?"},
      {"ResourceQuotaSpec", "1 hard map[quantity]?, 2 scopes []string?, 3 scopeSelector *ScopeSelector"},
      {"ScopeSelector", "1 matchExpressions []ScopedResourceSelectorRequirement?"},
      {"ScopedResourceSelectorRequirement", "1 scopeName string, 2 operator string, 3 values []string?"},
      {"ResourceQuotaStatus", "1 hard map[quantity]?, 2 used map[quantity]?"},

      {"PodTemplateSpec", "1 metadata ObjectMeta?, 2 spec PodSpec?"},

      // coordination.k8s.io/v1: not from kubectl, but every node's heartbeat.
      {"Lease", "1 metadata ObjectMeta?, 2 spec LeaseSpec?"},
      {"LeaseSpec",
       "1 holderIdentity *string, 2 leaseDurationSeconds *int32, 3 acquireTime *microtime, 4 renewTime *microtime,"
       "5 leaseTransitions *int32, 6 strategy *string, 7 preferredHolder *string"},
  });
  return kMessages;
}

}  // namespace kubelab::apiserver::protobuf
