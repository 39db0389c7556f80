#include "api/validation.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "api/defaults.h"

namespace kubelab::api {
namespace {

const ResourceType& type(std::string_view group, std::string_view plural) { return *findResourceType(group, "v1", plural); }

Object object(std::string_view json) { return boost::json::parse(json).as_object(); }

// Defaults then validates, as the API server does, and returns the Status message.
std::string check(const ResourceType& resource, std::string_view json, const Object* old = nullptr) {
  Object value = object(json);
  applyDefaults(resource, value);
  std::vector<FieldError> errors = validateObject(resource, value, old);
  return errors.empty() ? "valid" : invalidMessage(resource, name(value), errors);
}

constexpr std::string_view kPod = R"({"metadata":{"name":"web","namespace":"default"},
    "spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80}]}]}})";

constexpr std::string_view kDeployment = R"({"metadata":{"name":"web","namespace":"default"},"spec":{
    "selector":{"matchLabels":{"app":"web"}},
    "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}})";

TEST(ValidationTest, FieldErrorsRenderAsKubernetes) {
  FieldError required = requiredError("spec.selector");
  EXPECT_EQ(required.reason(), "FieldValueRequired");
  EXPECT_EQ(required.message(), "spec.selector: Required value");
  FieldError unsupported = notSupportedError("spec.restartPolicy", renderString("Sometimes"), {"Always", "OnFailure", "Never"});
  EXPECT_EQ(unsupported.message(),
            "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"");
  EXPECT_EQ(renderStringMap({{"app", "web"}, {"b", "c"}}), "map[string]string{\"app\":\"web\", \"b\":\"c\"}");
  EXPECT_EQ(renderString("a\"b\n"), "\"a\\\"b\\n\"");
}

TEST(ValidationTest, ValidObjectsPass) {
  EXPECT_EQ(check(type("", "pods"), kPod), "valid");
  EXPECT_EQ(check(type("apps", "deployments"), kDeployment), "valid");
  EXPECT_EQ(check(type("", "services"), R"({"metadata":{"name":"web","namespace":"default"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}})"), "valid");
  EXPECT_EQ(check(type("", "namespaces"), R"({"metadata":{"name":"dev"}})"), "valid");
  EXPECT_EQ(check(type("", "configmaps"), R"({"metadata":{"name":"c","namespace":"d"},"data":{"key.name":"v"}})"), "valid");
}

TEST(ValidationTest, NamesFollowEachTypesRule) {
  EXPECT_EQ(check(type("", "pods"), R"({"metadata":{"name":"Web","namespace":"default"},"spec":{"containers":[{"name":"web","image":"nginx"}]}})"),
            "Pod \"Web\" is invalid: metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain must consist of lower case "
            "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
            "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  EXPECT_EQ(check(type("", "services"), R"({"metadata":{"name":"1web","namespace":"default"},"spec":{"ports":[{"port":80}]}})"),
            "Service \"1web\" is invalid: metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case "
            "alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. "
            "'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
  EXPECT_NE(check(type("", "namespaces"), R"({"metadata":{"name":"a.b"}})").find("metadata.name: Invalid value: \"a.b\": must not contain dots"),
            std::string::npos);
  EXPECT_EQ(check(type("", "configmaps"), R"({"metadata":{"namespace":"d"}})"),
            "ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is required");
  std::vector<FieldError> errors = validateObject(type("", "nodes"), object(R"({"metadata":{"name":"n","namespace":"x"}})"), nullptr);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message(), "metadata.namespace: Forbidden: not allowed on this type");
}

TEST(ValidationTest, LabelsAreChecked) {
  std::string message = check(type("", "configmaps"), R"({"metadata":{"name":"c","namespace":"d","labels":{"app":"my app"}}})");
  EXPECT_NE(message.find("metadata.labels: Invalid value: \"my app\": a valid label must be an empty string or consist of"), std::string::npos);
}

TEST(ValidationTest, PodMistakes) {
  EXPECT_EQ(check(type("", "pods"), R"({"metadata":{"name":"p","namespace":"d"},"spec":{}})"),
            "Pod \"p\" is invalid: spec.containers: Required value");
  EXPECT_EQ(check(type("", "pods"), R"({"metadata":{"name":"p","namespace":"d"},"spec":{"containers":[
      {"name":"a","image":"x"},{"name":"a"}]}})"),
            "Pod \"p\" is invalid: [spec.containers[1].name: Duplicate value: \"a\", spec.containers[1].image: Required value]");
  EXPECT_EQ(check(type("", "pods"), R"({"metadata":{"name":"p","namespace":"d"},"spec":{"containers":[
      {"name":"a","image":"x","ports":[{"containerPort":70000,"protocol":"HTTP"}]}]}})"),
            "Pod \"p\" is invalid: [spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, "
            "inclusive, spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"]");
  EXPECT_EQ(check(type("", "pods"), R"({"metadata":{"name":"p","namespace":"d"},"spec":{"restartPolicy":"Sometimes","containers":[{"name":"a","image":"x"}]}})"),
            "Pod \"p\" is invalid: spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"");
  EXPECT_EQ(check(type("", "pods"), R"({"metadata":{"name":"p","namespace":"d"},"spec":{"containers":[
      {"name":"a","image":"x","resources":{"requests":{"cpu":"2"},"limits":{"cpu":"1"}}}]}})"),
            "Pod \"p\" is invalid: spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1");
  EXPECT_EQ(check(type("", "pods"), R"({"metadata":{"name":"p","namespace":"d"},"spec":{"containers":[
      {"name":"a","image":"x","volumeMounts":[{"name":"data","mountPath":"/data"}]}]}})"),
            "Pod \"p\" is invalid: spec.containers[0].volumeMounts[0].name: Not found: \"data\"");
}

TEST(ValidationTest, PodUpdatesMayOnlyChangeImages) {
  // A tagged image keeps imagePullPolicy IfNotPresent, so only the image differs.
  Object old = object(R"({"metadata":{"name":"web","namespace":"default"},
      "spec":{"containers":[{"name":"web","image":"nginx:1.26","ports":[{"containerPort":80}]}]}})");
  applyDefaults(type("", "pods"), old);
  std::string imageChange = R"({"metadata":{"name":"web","namespace":"default"},
      "spec":{"containers":[{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}]}]}})";
  EXPECT_EQ(check(type("", "pods"), imageChange, &old), "valid");
  std::string portChange = R"({"metadata":{"name":"web","namespace":"default"},
      "spec":{"containers":[{"name":"web","image":"nginx:1.26","ports":[{"containerPort":8080}]}]}})";
  EXPECT_EQ(check(type("", "pods"), portChange, &old),
            "Pod \"web\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
            "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing "
            "tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)");
}

TEST(ValidationTest, DeploymentSelectorMistakes) {
  EXPECT_EQ(check(type("apps", "deployments"), R"({"metadata":{"name":"web","namespace":"default"},"spec":{
      "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}})"),
            "Deployment.apps \"web\" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: "
            "map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`]");
  EXPECT_EQ(check(type("apps", "deployments"), R"({"metadata":{"name":"web","namespace":"default"},"spec":{"replicas":-1,
      "selector":{"matchLabels":{"app":"api"}},
      "template":{"metadata":{"labels":{"app":"web"}},"spec":{"restartPolicy":"Never","containers":[{"name":"web","image":"nginx"}]}}}})"),
            "Deployment.apps \"web\" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, "
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template "
            "`labels`, spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"]");
  EXPECT_NE(check(type("apps", "deployments"), R"({"metadata":{"name":"web","namespace":"default"},"spec":{"selector":{},
      "template":{"spec":{"containers":[{"name":"web","image":"nginx"}]}}}})")
                .find("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                      "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"),
            std::string::npos);
}

TEST(ValidationTest, StatefulSetMountsMayNameClaimTemplates) {
  constexpr std::string_view statefulSet = R"({"metadata":{"name":"web","namespace":"default"},"spec":{
      "serviceName":"web","selector":{"matchLabels":{"app":"kv"}},
      "template":{"metadata":{"labels":{"app":"kv"}},"spec":{"containers":[{"name":"kv","image":"kv",
        "volumeMounts":[{"name":"data","mountPath":"/data"}]}]}},
      "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
        "resources":{"requests":{"storage":"1Gi"}}}}]}})";
  EXPECT_EQ(check(type("apps", "statefulsets"), statefulSet), "valid");
  std::string noClaims(statefulSet);
  noClaims.replace(noClaims.find(R"("volumeClaimTemplates")"), std::string_view(R"("volumeClaimTemplates")").size(),
                   R"("unusedTemplates")");
  EXPECT_NE(check(type("apps", "statefulsets"), noClaims)
                .find("spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"data\""),
            std::string::npos);
}

TEST(ValidationTest, DeploymentSelectorIsImmutable) {
  Object old = object(kDeployment);
  applyDefaults(type("apps", "deployments"), old);
  std::string changed = R"({"metadata":{"name":"web","namespace":"default"},"spec":{
    "selector":{"matchLabels":{"app":"web","tier":"front"}},
    "template":{"metadata":{"labels":{"app":"web","tier":"front"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}})";
  EXPECT_EQ(check(type("apps", "deployments"), changed, &old),
            "Deployment.apps \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"
            "\"app\":\"web\", \"tier\":\"front\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
  EXPECT_EQ(check(type("apps", "deployments"), kDeployment, &old), "valid");
}

TEST(ValidationTest, ServiceMistakes) {
  EXPECT_EQ(check(type("", "services"), R"({"metadata":{"name":"s","namespace":"d"},"spec":{}})"),
            "Service \"s\" is invalid: spec.ports: Required value");
  EXPECT_EQ(check(type("", "services"), R"({"metadata":{"name":"s","namespace":"d"},"spec":{"clusterIP":"None"}})"), "valid");
  EXPECT_EQ(check(type("", "services"), R"({"metadata":{"name":"s","namespace":"d"},"spec":{"type":"NodePort","ports":[
      {"name":"http","port":80,"nodePort":80},{"port":443}]}})"),
            "Service \"s\" is invalid: [spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The "
            "range of valid ports is 30000-32767, spec.ports[1].name: Required value]");
  EXPECT_EQ(check(type("", "services"), R"({"metadata":{"name":"s","namespace":"d"},"spec":{"type":"Internal","ports":[{"port":80}]}})"),
            "Service \"s\" is invalid: spec.type: Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", "
            "\"LoadBalancer\", \"NodePort\"");
  Object old = object(R"({"metadata":{"name":"s","namespace":"d"},"spec":{"clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],"ports":[{"port":80}]}})");
  applyDefaults(type("", "services"), old);
  EXPECT_EQ(check(type("", "services"), R"({"metadata":{"name":"s","namespace":"d"},"spec":{"clusterIP":"None","clusterIPs":["None"],"ports":[{"port":80}]}})", &old),
            "Service \"s\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"None\"}: may not change once set");
}

TEST(ValidationTest, JobsAndCronJobs) {
  std::string job = R"({"metadata":{"name":"pi","namespace":"d"},"spec":{"template":{"spec":{"containers":[{"name":"pi","image":"perl"}]}}}})";
  EXPECT_EQ(check(type("batch", "jobs"), job),
            "Job.batch \"pi\" is invalid: [spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\", "
            "spec.selector: Required value]");
  Object generated = object(R"({"metadata":{"name":"pi","namespace":"d"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl"}]}}}})");
  applyDefaults(type("batch", "jobs"), generated);
  generateJobSelector(generated, "uid-1");
  EXPECT_TRUE(validateObject(type("batch", "jobs"), generated, nullptr).empty());

  std::string cronJob = R"({"metadata":{"name":"tick","namespace":"d"},"spec":{"schedule":"every minute",
      "jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"a","image":"busybox"}]}}}}}})";
  EXPECT_EQ(check(type("batch", "cronjobs"), cronJob),
            "CronJob.batch \"tick\" is invalid: spec.schedule: Invalid value: \"every minute\": expected exactly 5 fields, found 2: "
            "[every minute]");
  std::string badMinute = R"({"metadata":{"name":"tick","namespace":"d"},"spec":{"schedule":"70 * * * *",
      "jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"a","image":"busybox"}]}}}}}})";
  EXPECT_NE(check(type("batch", "cronjobs"), badMinute).find("end of range (70) above maximum (59): 70"), std::string::npos);
}

TEST(ValidationTest, ConfigMapsSecretsAndClaims) {
  EXPECT_EQ(check(type("", "configmaps"), R"({"metadata":{"name":"c","namespace":"d"},"data":{"bad key":"v"}})"),
            "ConfigMap \"c\" is invalid: data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric "
            "characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  Object old = object(R"({"metadata":{"name":"c","namespace":"d"},"immutable":true,"data":{"a":"1"}})");
  EXPECT_EQ(check(type("", "configmaps"), R"({"metadata":{"name":"c","namespace":"d"},"immutable":true,"data":{"a":"2"}})", &old),
            "ConfigMap \"c\" is invalid: data: Forbidden: field is immutable when `immutable` is set");
  EXPECT_EQ(check(type("", "secrets"), R"({"metadata":{"name":"t","namespace":"d"},"type":"kubernetes.io/tls","data":{}})"),
            "Secret \"t\" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]");
  EXPECT_EQ(check(type("", "persistentvolumeclaims"), R"({"metadata":{"name":"c","namespace":"d"},"spec":{}})"),
            "PersistentVolumeClaim \"c\" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, "
            "spec.resources[storage]: Required value]");
}

TEST(ValidationTest, RbacBindings) {
  EXPECT_EQ(check(type("rbac.authorization.k8s.io", "rolebindings"), R"({"metadata":{"name":"b","namespace":"d"},
      "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},"subjects":[{"kind":"User","name":"alice"}]})"),
            "valid");
  EXPECT_EQ(check(type("rbac.authorization.k8s.io", "clusterrolebindings"), R"({"metadata":{"name":"b"},
      "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"}})"),
            "ClusterRoleBinding.rbac.authorization.k8s.io \"b\" is invalid: roleRef.kind: Unsupported value: \"Role\": supported "
            "values: \"ClusterRole\"");
}

TEST(ValidationTest, StatusCarriesCauses) {
  boost::json::object status = invalidStatus(type("apps", "deployments"), "web", {requiredError("spec.selector")});
  EXPECT_EQ(status.at("code").as_int64(), 422);
  EXPECT_EQ(status.at("reason").as_string(), "Invalid");
  EXPECT_EQ(status.at("message").as_string(), "Deployment.apps \"web\" is invalid: spec.selector: Required value");
  const boost::json::object& cause = status.at("details").at("causes").at(0).as_object();
  EXPECT_EQ(cause.at("reason").as_string(), "FieldValueRequired");
  EXPECT_EQ(cause.at("message").as_string(), "Required value");
  EXPECT_EQ(cause.at("field").as_string(), "spec.selector");
  EXPECT_EQ(status.at("details").at("group").as_string(), "apps");
}

}  // namespace
}  // namespace kubelab::api
