// rbac.authorization.k8s.io/v1, authorization.k8s.io/v1 and authentication.k8s.io/v1 messages in
// the compact form of protobufschema.h: what `kubectl create role|clusterrole|rolebinding|
// clusterrolebinding`, `kubectl auth can-i` and `kubectl auth whoami` send.

#include <array>

#include "apiserver/protobufschema.h"

namespace kubelab::apiserver::protobuf {

std::span<const MessageDefinition> accessMessageDefinitions() {
  static constexpr auto kMessages = std::to_array<MessageDefinition>({
      // Rules have no omitempty: a role without rules reads "rules": null.
      {"Role", "1 metadata ObjectMeta?, 2 rules []PolicyRule"},
      {"ClusterRole", "1 metadata ObjectMeta?, 2 rules []PolicyRule, 3 aggregationRule *AggregationRule"},
      {"AggregationRule", "1 clusterRoleSelectors []LabelSelector?"},
      {"PolicyRule",
       "1 verbs []string, 2 apiGroups []string?, 3 resources []string?, 4 resourceNames []string?,"
       "5 nonResourceURLs []string?"},
      {"RoleBinding", "1 metadata ObjectMeta?, 2 subjects []Subject?, 3 roleRef RoleRef"},
      {"ClusterRoleBinding", "1 metadata ObjectMeta?, 2 subjects []Subject?, 3 roleRef RoleRef"},
      {"RoleRef", "1 apiGroup string, 2 kind string, 3 name string"},
      {"Subject", "1 kind string, 2 apiGroup string?, 3 name string, 4 namespace string?"},

      {"SelfSubjectAccessReview",
       "1 metadata ObjectMeta?, 2 spec SelfSubjectAccessReviewSpec, 3 status SubjectAccessReviewStatus?"},
      {"SelfSubjectAccessReviewSpec",
       "1 resourceAttributes *ResourceAttributes, 2 nonResourceAttributes *NonResourceAttributes"},
      {"SubjectAccessReview",
       "1 metadata ObjectMeta?, 2 spec SubjectAccessReviewSpec, 3 status SubjectAccessReviewStatus?"},
      {"SubjectAccessReviewSpec",
       "1 resourceAttributes *ResourceAttributes, 2 nonResourceAttributes *NonResourceAttributes, 3 user string?,"
       "4 groups []string?, 5 extra map[stringlist]?, 6 uid string?"},
      {"ResourceAttributes",
       "1 namespace string?, 2 verb string?, 3 group string?, 4 version string?, 5 resource string?,"
       "6 subresource string?, 7 name string?, 8 fieldSelector *FieldSelectorAttributes,"
       "9 labelSelector *LabelSelectorAttributes"},
      {"FieldSelectorAttributes", "1 rawSelector string?, 2 requirements []FieldSelectorRequirement?"},
      {"LabelSelectorAttributes", "1 rawSelector string?, 2 requirements []LabelSelectorRequirement?"},
      {"NonResourceAttributes", "1 path string?, 2 verb string?"},
      {"SubjectAccessReviewStatus", "1 allowed bool, 4 denied bool?, 2 reason string?, 3 evaluationError string?"},

      {"SelfSubjectRulesReview",
       "1 metadata ObjectMeta?, 2 spec SelfSubjectRulesReviewSpec, 3 status SubjectRulesReviewStatus?"},
      {"SelfSubjectRulesReviewSpec", "1 namespace string?"},
      {"SubjectRulesReviewStatus",
       "1 resourceRules []ResourceRule, 2 nonResourceRules []NonResourceRule, 3 incomplete bool,"
       "4 evaluationError string?"},
      {"ResourceRule", "1 verbs []string, 2 apiGroups []string?, 3 resources []string?, 4 resourceNames []string?"},
      {"NonResourceRule", "1 verbs []string, 2 nonResourceURLs []string?"},

      {"SelfSubjectReview", "1 metadata ObjectMeta?, 2 status SelfSubjectReviewStatus?"},
      {"SelfSubjectReviewStatus", "1 userInfo UserInfo?"},
      {"UserInfo", "1 username string?, 2 uid string?, 3 groups []string?, 4 extra map[stringlist]?"},

      // Not sent by kubectl: the scheduler's pods/binding body.
      {"Binding", "1 metadata ObjectMeta?, 2 target ObjectReference"},
  });
  return kMessages;
}

}  // namespace kubelab::apiserver::protobuf
