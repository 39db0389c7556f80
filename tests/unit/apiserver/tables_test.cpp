// The Table output kubectl get prints, checked cell by cell against what a real cluster shows.

#include "apiserver/tables.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "apiserver/tableformat.h"

namespace kubelab::apiserver {
namespace {

using namespace std::chrono_literals;

const TablePoint kNow = *parseTimestamp("2025-03-01T12:00:00Z");

boost::json::object object(std::string_view text) { return boost::json::parse(text).as_object(); }

boost::json::object table(std::string_view group, std::string_view plural, std::vector<std::string_view> items,
                          TableOptions options = {}) {
  std::vector<boost::json::object> objects;
  for (std::string_view item : items) objects.push_back(object(item));
  Result<boost::json::object> built =
      buildTable(group, plural, objects, object(R"({"resourceVersion":"42","continue":""})"), options, kNow);
  EXPECT_TRUE(built.isOk()) << built.status().toString();
  return built.isOk() ? *built : boost::json::object();
}

std::vector<std::string> columnNames(const boost::json::object& table) {
  std::vector<std::string> names;
  for (const auto& column : table.at("columnDefinitions").as_array()) {
    names.emplace_back(column.at("name").as_string());
  }
  return names;
}

// The cells of the first row, serialized (strings quoted, numbers bare).
std::string cells(const boost::json::object& table, std::size_t row = 0) {
  return boost::json::serialize(table.at("rows").as_array().at(row).at("cells"));
}

TEST(HumanDurationTest, FollowsKubernetesThresholds) {
  EXPECT_EQ(humanDuration(-5s), "<invalid>");
  EXPECT_EQ(humanDuration(-500ms), "0s");
  EXPECT_EQ(humanDuration(45s), "45s");
  EXPECT_EQ(humanDuration(119s), "119s");
  EXPECT_EQ(humanDuration(2min), "2m");
  EXPECT_EQ(humanDuration(5min + 12s), "5m12s");
  EXPECT_EQ(humanDuration(42min), "42m");
  EXPECT_EQ(humanDuration(179min), "179m");
  EXPECT_EQ(humanDuration(3h), "3h");
  EXPECT_EQ(humanDuration(3h + 5min), "3h5m");
  EXPECT_EQ(humanDuration(20h), "20h");
  EXPECT_EQ(humanDuration(47h), "47h");
  EXPECT_EQ(humanDuration(53h), "2d5h");
  EXPECT_EQ(humanDuration(72h), "3d");
  EXPECT_EQ(humanDuration(24h * 10), "10d");
  EXPECT_EQ(humanDuration(24h * 365 * 2 + 24h * 30), "2y30d");
  EXPECT_EQ(humanDuration(24h * 365 * 9), "9y");
  EXPECT_EQ(shortHumanDuration(5min + 12s), "5m");
  EXPECT_EQ(shortHumanDuration(24h * 400), "1y");
}

TEST(TimestampTest, ParsesRfc3339WithFractionsAndOffsets) {
  EXPECT_EQ(*parseTimestamp("2025-03-01T11:59:00.500000Z"), kNow - 59500ms);
  EXPECT_EQ(*parseTimestamp("2025-03-01T21:00:00+09:00"), kNow);
  EXPECT_FALSE(parseTimestamp("yesterday").has_value());
}

TEST(TablesTest, TableShapeAndPartialObjectMetadata) {
  boost::json::object result = table("", "configmaps", {R"({"metadata":{"name":"cfg","namespace":"default",
      "creationTimestamp":"2025-03-01T11:55:00Z","labels":{"a":"b"}},"data":{"k":"v","l":"w"},"binaryData":{"b":"AA=="}})"});
  EXPECT_EQ(result.at("kind"), "Table");
  EXPECT_EQ(result.at("apiVersion"), "meta.k8s.io/v1");
  EXPECT_EQ(boost::json::serialize(result.at("metadata")), R"({"resourceVersion":"42"})");
  const boost::json::value& nameColumn = result.at("columnDefinitions").as_array().at(0);
  EXPECT_EQ(nameColumn.at("type"), "string");
  EXPECT_EQ(nameColumn.at("format"), "name");
  EXPECT_EQ(nameColumn.at("priority"), 0);
  EXPECT_TRUE(nameColumn.at("description").as_string().starts_with("Name must be unique within a namespace."));
  EXPECT_EQ(cells(result), R"(["cfg",3,"5m"])");
  const boost::json::value& rowObject = result.at("rows").as_array().at(0).at("object");
  EXPECT_EQ(rowObject.at("kind"), "PartialObjectMetadata");
  EXPECT_EQ(rowObject.at("apiVersion"), "meta.k8s.io/v1");
  EXPECT_EQ(rowObject.at("metadata").at("labels").at("a"), "b");
}

TEST(TablesTest, IncludeObjectNoneAndObject) {
  constexpr std::string_view secret = R"({"metadata":{"name":"s"},"type":"Opaque","data":{"a":"Yg=="}})";
  EXPECT_TRUE(table("", "secrets", {secret}, {"None"}).at("rows").as_array().at(0).at("object").is_null());
  EXPECT_EQ(table("", "secrets", {secret}, {"Object"}).at("rows").as_array().at(0).at("object").at("type"), "Opaque");
  TableOptions watchEvent;
  watchEvent.noHeaders = true;
  EXPECT_TRUE(table("", "secrets", {secret}, watchEvent).at("columnDefinitions").is_null());
  Result<boost::json::object> bad = buildTable("", "secrets", {}, {}, {"All"}, kNow);
  ASSERT_FALSE(bad.isOk());
  EXPECT_EQ(bad.status().message(), "unrecognized includeObject value: \"All\"");
}

TEST(TablesTest, PodColumnsAndARunningPod) {
  boost::json::object result = table("", "pods", {R"({"metadata":{"name":"web-1","creationTimestamp":"2025-03-01T11:00:00Z"},
      "spec":{"nodeName":"node-1","containers":[{"name":"a"},{"name":"b"}]},
      "status":{"phase":"Running","podIP":"127.10.1.5","podIPs":[{"ip":"127.10.1.5"}],
        "conditions":[{"type":"Ready","status":"True"}],
        "containerStatuses":[
          {"name":"a","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2025-03-01T11:00:05Z"}}},
          {"name":"b","ready":true,"restartCount":2,"state":{"running":{"startedAt":"2025-03-01T11:50:00Z"}},
           "lastState":{"terminated":{"exitCode":1,"finishedAt":"2025-03-01T11:55:00Z"}}}]}})"});
  EXPECT_EQ(columnNames(result), (std::vector<std::string>{"Name", "Ready", "Status", "Restarts", "Age", "IP", "Node",
                                                           "Nominated Node", "Readiness Gates"}));
  EXPECT_EQ(cells(result), R"j(["web-1","2/2","Running","2 (5m ago)","60m","127.10.1.5","node-1","<none>","<none>"])j");
  EXPECT_EQ(result.at("columnDefinitions").as_array().at(5).at("priority"), 1);
}

TEST(TablesTest, PodStatusWords) {
  auto statusOf = [](std::string_view pod) {
    return boost::json::serialize(table("", "pods", {pod}).at("rows").as_array().at(0).at("cells").as_array().at(2));
  };
  EXPECT_EQ(statusOf(R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Pending"}})"),
            R"("Pending")");
  EXPECT_EQ(statusOf(R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Pending",
      "containerStatuses":[{"name":"a","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ContainerCreating"}}}]}})"),
            R"("ContainerCreating")");
  EXPECT_EQ(statusOf(R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Running",
      "containerStatuses":[{"name":"a","ready":false,"restartCount":4,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}})"),
            R"("CrashLoopBackOff")");
  EXPECT_EQ(statusOf(R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Pending",
      "containerStatuses":[{"name":"a","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ErrImagePull"}}}]}})"),
            R"("ErrImagePull")");
  EXPECT_EQ(statusOf(R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Succeeded",
      "containerStatuses":[{"name":"a","ready":false,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}})"),
            R"("Completed")");
  EXPECT_EQ(statusOf(R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Failed",
      "containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":137}}}]}})"),
            R"("ExitCode:137")");
  EXPECT_EQ(statusOf(R"({"metadata":{"name":"p","deletionTimestamp":"2025-03-01T11:59:00Z"},"spec":{"containers":[{"name":"a"}]},
      "status":{"phase":"Running","containerStatuses":[{"name":"a","ready":true,"state":{"running":{}}}]}})"),
            R"("Terminating")");
  EXPECT_EQ(statusOf(R"({"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"i1"},{"name":"i2"}],"containers":[{"name":"a"}]},
      "status":{"phase":"Pending","initContainerStatuses":[
        {"name":"i1","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
        {"name":"i2","state":{"running":{}}}]}})"),
            R"("Init:1/2")");
  EXPECT_EQ(statusOf(R"({"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"i1"}],"containers":[{"name":"a"}]},
      "status":{"phase":"Pending","initContainerStatuses":[
        {"name":"i1","restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}})"),
            R"("Init:CrashLoopBackOff")");
}

TEST(TablesTest, CompletedPodsCarryARowCondition) {
  boost::json::object result = table("", "pods", {R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},
      "status":{"phase":"Succeeded"}})"});
  EXPECT_EQ(boost::json::serialize(result.at("rows").as_array().at(0).at("conditions")),
            R"([{"type":"Completed","status":"True","reason":"Succeeded","message":"The pod has completed successfully."}])");
}

TEST(TablesTest, Deployment) {
  boost::json::object result = table("apps", "deployments", {R"({"metadata":{"name":"web","creationTimestamp":"2025-03-01T09:00:00Z"},
      "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
        "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"},{"name":"log","image":"busybox"}]}}},
      "status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}})"});
  EXPECT_EQ(columnNames(result), (std::vector<std::string>{"Name", "Ready", "Up-to-date", "Available", "Age", "Containers",
                                                           "Images", "Selector"}));
  EXPECT_EQ(cells(result), R"(["web","2/3",3,2,"3h","nginx,log","nginx:1.25,busybox","app=web"])");
}

TEST(TablesTest, ReplicaSetStatefulSetAndDaemonSet) {
  EXPECT_EQ(cells(table("apps", "replicasets", {R"({"metadata":{"name":"web-7d4"},"spec":{"replicas":2,
      "selector":{"matchLabels":{"app":"web","pod-template-hash":"7d4"}},"template":{"spec":{"containers":[{"name":"n","image":"i"}]}}},
      "status":{"replicas":2,"readyReplicas":1}})"})),
            R"(["web-7d4",2,2,1,"<unknown>","n","i","app=web,pod-template-hash=7d4"])");
  EXPECT_EQ(cells(table("apps", "statefulsets", {R"({"metadata":{"name":"db"},"spec":{"replicas":3,
      "template":{"spec":{"containers":[{"name":"kv","image":"kubelab/kv"}]}}},"status":{"readyReplicas":1}})"})),
            R"(["db","1/3","<unknown>","kv","kubelab/kv"])");
  EXPECT_EQ(cells(table("apps", "daemonsets", {R"({"metadata":{"name":"proxy"},"spec":{"selector":{"matchExpressions":[
      {"key":"tier","operator":"In","values":["b","a"]}]},"template":{"spec":{"nodeSelector":{"os":"linux"},
      "containers":[{"name":"p","image":"i"}]}}},"status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,
      "numberReady":2,"updatedNumberScheduled":3,"numberAvailable":2}})"})),
            R"j(["proxy",3,3,2,3,2,"os=linux","<unknown>","p","i","tier in (a,b)"])j");
}

TEST(TablesTest, JobsAndCronJobs) {
  boost::json::object jobs = table("batch", "jobs", {
      R"({"metadata":{"name":"pi"},"spec":{"completions":1,"template":{"spec":{"containers":[{"name":"pi","image":"busybox"}]}},
         "selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"u1"}}},
         "status":{"succeeded":1,"startTime":"2025-03-01T11:00:00Z","completionTime":"2025-03-01T11:00:42Z",
                   "conditions":[{"type":"Complete","status":"True"}]}})",
      R"({"metadata":{"name":"work"},"spec":{"parallelism":3},"status":{"startTime":"2025-03-01T11:50:00Z"}})"});
  EXPECT_EQ(columnNames(jobs),
            (std::vector<std::string>{"Name", "Status", "Completions", "Duration", "Age", "Containers", "Images", "Selector"}));
  EXPECT_EQ(cells(jobs, 0), R"(["pi","Complete","1/1","42s","<unknown>","pi","busybox","batch.kubernetes.io/controller-uid=u1"])");
  EXPECT_EQ(cells(jobs, 1), R"(["work","Running","0/1 of 3","10m","<unknown>","","","<none>"])");

  EXPECT_EQ(cells(table("batch", "cronjobs", {R"({"metadata":{"name":"hello"},"spec":{"schedule":"*/1 * * * *","suspend":false,
      "jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"hello","image":"busybox"}]}}}}},
      "status":{"active":[{"name":"hello-1"}],"lastScheduleTime":"2025-03-01T11:59:00Z"}})"})),
            R"(["hello","*/1 * * * *","<none>","False",1,"60s","<unknown>","hello","busybox","<none>"])");
}

TEST(TablesTest, Services) {
  boost::json::object services = table("", "services", {
      R"({"metadata":{"name":"web"},"spec":{"type":"ClusterIP","clusterIP":"127.96.0.10","clusterIPs":["127.96.0.10"],
         "ports":[{"port":80,"protocol":"TCP"}],"selector":{"app":"web"}}})",
      R"({"metadata":{"name":"np"},"spec":{"type":"NodePort","clusterIPs":["127.96.0.11"],
         "ports":[{"port":80,"nodePort":30080,"protocol":"TCP"},{"port":53,"protocol":"UDP","nodePort":30053}]}})",
      R"({"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","clusterIPs":["127.96.0.12"],"ports":[{"port":80,"nodePort":31000,"protocol":"TCP"}]}})",
      R"({"metadata":{"name":"lb2"},"spec":{"type":"LoadBalancer","clusterIPs":["127.96.0.13"],"ports":[]},
         "status":{"loadBalancer":{"ingress":[{"ip":"127.200.0.2"},{"ip":"127.200.0.1"}]}}})",
      R"({"metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"example.com"}})",
      R"({"metadata":{"name":"headless"},"spec":{"type":"ClusterIP","clusterIPs":["None"],"ports":[{"port":80,"protocol":"TCP"}]}})"});
  EXPECT_EQ(columnNames(services),
            (std::vector<std::string>{"Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"}));
  EXPECT_EQ(cells(services, 0), R"(["web","ClusterIP","127.96.0.10","<none>","80/TCP","<unknown>","app=web"])");
  EXPECT_EQ(cells(services, 1), R"(["np","NodePort","127.96.0.11","<none>","80:30080/TCP,53:30053/UDP","<unknown>","<none>"])");
  EXPECT_EQ(cells(services, 2), R"(["lb","LoadBalancer","127.96.0.12","<pending>","80:31000/TCP","<unknown>","<none>"])");
  EXPECT_EQ(cells(services, 3), R"(["lb2","LoadBalancer","127.96.0.13","127.200.0.1,127.200.0.2","<none>","<unknown>","<none>"])");
  EXPECT_EQ(cells(services, 4), R"(["ext","ExternalName","<none>","example.com","<none>","<unknown>","<none>"])");
  EXPECT_EQ(cells(services, 5), R"(["headless","ClusterIP","None","<none>","80/TCP","<unknown>","<none>"])");
}

TEST(TablesTest, EndpointsAndEndpointSlices) {
  EXPECT_EQ(cells(table("", "endpoints", {R"({"metadata":{"name":"web"},"subsets":[{"addresses":[{"ip":"127.10.1.2"},
      {"ip":"127.10.1.3"},{"ip":"127.10.2.2"},{"ip":"127.10.2.3"}],"ports":[{"port":8080}]}]})"})),
            R"(["web","127.10.1.2:8080,127.10.1.3:8080,127.10.2.2:8080 + 1 more...","<unknown>"])");
  EXPECT_EQ(cells(table("", "endpoints", {R"({"metadata":{"name":"none"}})"})), R"(["none","<none>","<unknown>"])");
  EXPECT_EQ(cells(table("discovery.k8s.io", "endpointslices", {R"({"metadata":{"name":"web-abc"},"addressType":"IPv4",
      "ports":[{"name":"http","port":8080}],"endpoints":[{"addresses":["127.10.1.2"]},{"addresses":["127.10.1.3"]}]})"})),
            R"(["web-abc","IPv4","8080","127.10.1.2,127.10.1.3","<unknown>"])");
}

TEST(TablesTest, Nodes) {
  EXPECT_EQ(cells(table("", "nodes", {R"({"metadata":{"name":"node-1","creationTimestamp":"2025-02-27T07:00:00Z",
      "labels":{"node-role.kubernetes.io/control-plane":"","kubernetes.io/role":"worker"}},"spec":{"unschedulable":true},
      "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],
        "addresses":[{"type":"InternalIP","address":"127.10.1.1"}],
        "nodeInfo":{"kubeletVersion":"v1.32.0","osImage":"KubeLab","kernelVersion":"6.1.0","containerRuntimeVersion":"kubelab://0.1"}}})"})),
            R"(["node-1","Ready,SchedulingDisabled","control-plane,worker","2d5h","v1.32.0","127.10.1.1","<none>","KubeLab","6.1.0","kubelab://0.1"])");
}

TEST(TablesTest, EventsOfBothApis) {
  EXPECT_EQ(cells(table("", "events", {R"({"metadata":{"name":"web.17f"},"type":"Normal","reason":"ScalingReplicaSet",
      "message":"Scaled up replica set web-7d4 to 3 ","involvedObject":{"kind":"Deployment","name":"web"},
      "source":{"component":"deployment-controller"},"firstTimestamp":"2025-03-01T11:50:00Z",
      "lastTimestamp":"2025-03-01T11:58:00Z","count":2})"})),
            R"(["2m","Normal","ScalingReplicaSet","deployment/web","","deployment-controller","Scaled up replica set web-7d4 to 3","10m",2,"web.17f"])");
  EXPECT_EQ(cells(table("events.k8s.io", "events", {R"({"apiVersion":"events.k8s.io/v1","metadata":{"name":"p.1"},
      "type":"Warning","reason":"FailedScheduling","note":"0/3 nodes are available","regarding":{"kind":"Pod","name":"p"},
      "reportingController":"default-scheduler","eventTime":"2025-03-01T11:59:30.000000Z"})"})),
            R"(["30s","Warning","FailedScheduling","pod/p","","default-scheduler","0/3 nodes are available","30s",1,"p.1"])");
}

TEST(TablesTest, SimpleKinds) {
  EXPECT_EQ(cells(table("", "namespaces", {R"({"metadata":{"name":"dev"},"status":{"phase":"Active"}})"})),
            R"(["dev","Active","<unknown>"])");
  EXPECT_EQ(cells(table("", "secrets", {R"({"metadata":{"name":"s"},"type":"Opaque","data":{"a":"Yg=="}})"})),
            R"(["s","Opaque",1,"<unknown>"])");
  EXPECT_EQ(cells(table("", "serviceaccounts", {R"({"metadata":{"name":"default"}})"})), R"(["default",0,"<unknown>"])");
  EXPECT_EQ(cells(table("coordination.k8s.io", "leases", {R"({"metadata":{"name":"kube-scheduler"},
      "spec":{"holderIdentity":"scheduler-1"}})"})),
            R"(["kube-scheduler","scheduler-1","<unknown>"])");
  EXPECT_EQ(cells(table("", "replicationcontrollers", {R"({"metadata":{"name":"rc"},"spec":{"replicas":2,"selector":{"app":"x"},
      "template":{"spec":{"containers":[{"name":"c","image":"nginx"}]}}},"status":{"replicas":2,"readyReplicas":2}})"})),
            R"(["rc",2,2,2,"<unknown>","c","nginx","app=x"])");
  EXPECT_EQ(cells(table("apps", "controllerrevisions", {R"({"metadata":{"name":"db-5c9","ownerReferences":[
      {"apiVersion":"apps/v1","kind":"StatefulSet","name":"db","controller":true}]},"revision":2})"})),
            R"(["db-5c9","statefulset.apps/db",2,"<unknown>"])");
}

TEST(TablesTest, StorageAndQuotas) {
  EXPECT_EQ(cells(table("", "persistentvolumes", {R"({"metadata":{"name":"pv1"},"spec":{"capacity":{"storage":"1024Mi"},
      "accessModes":["ReadWriteMany","ReadWriteOnce"],"persistentVolumeReclaimPolicy":"Retain",
      "claimRef":{"namespace":"default","name":"data"},"storageClassName":"standard","volumeMode":"Filesystem"},
      "status":{"phase":"Bound"}})"})),
            R"(["pv1","1Gi","RWO,RWX","Retain","Bound","default/data","standard","<unset>","","<unknown>","Filesystem"])");
  EXPECT_EQ(cells(table("", "persistentvolumeclaims", {R"({"metadata":{"name":"data"},"spec":{"volumeName":"pv1",
      "storageClassName":"standard"},"status":{"phase":"Bound","capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"]}})",
                                                         R"({"metadata":{"name":"waiting"},"spec":{},"status":{"phase":"Pending"}})"}),
                  1),
            R"(["waiting","Pending","","","","","<unset>","<unknown>","<unset>"])");
  EXPECT_EQ(cells(table("", "resourcequotas", {R"({"metadata":{"name":"q"},"status":{
      "hard":{"pods":"10","requests.cpu":"2","limits.memory":"2Gi","limits.cpu":"4"},
      "used":{"pods":"3","requests.cpu":"500m","limits.cpu":"1"}}})"})),
            R"(["q","pods: 3/10, requests.cpu: 500m/2","limits.cpu: 1/4, limits.memory: 0/2Gi","<unknown>"])");
}

TEST(TablesTest, RoleBindingsAndDefaultColumns) {
  boost::json::object bindings = table("rbac.authorization.k8s.io", "rolebindings", {R"({"metadata":{"name":"rb"},
      "roleRef":{"kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"alice"},{"kind":"Group","name":"devs"},
      {"kind":"ServiceAccount","namespace":"ci","name":"bot"},{"kind":"User","name":"bob"}]})"});
  EXPECT_EQ(cells(bindings), R"(["rb","ClusterRole/view","<unknown>","alice, bob","devs","ci/bot"])");

  boost::json::object roles = table("rbac.authorization.k8s.io", "roles",
                                    {R"({"metadata":{"name":"reader","creationTimestamp":"2025-03-01T10:00:00Z"}})"});
  EXPECT_EQ(columnNames(roles), (std::vector<std::string>{"Name", "Created At"}));
  EXPECT_EQ(roles.at("columnDefinitions").as_array().at(1).at("type"), "date");
  EXPECT_EQ(cells(roles), R"(["reader","2025-03-01T10:00:00Z"])");
  EXPECT_TRUE(table("", "limitranges", {}).at("rows").is_null());
  EXPECT_TRUE(table("", "pods", {}).at("rows").as_array().empty());
}

}  // namespace
}  // namespace kubelab::apiserver
