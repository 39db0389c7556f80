#pragma once
// What the supervisor daemon answers on its control channel (controlchannel.h): the cluster's
// nodes and pools, changes to them, and faults on components. The daemon owns cluster.json
// while it runs, so every change to the node set goes through here and is saved before it is
// carried out.
//
// Commands ("command" field), their fields, and what an ok answer adds to "message":
//   nodes                                        pools[], nodes[] (name, index, pool, address,
//                                                providerID, zone, region, instanceType, state)
//   addNodes        pool, count                  nodes[]: the new nodes' names
//   removeNode      node                         (stops its kubelet and proxy, forgets it)
//   createPool      name, labels{}, taints[]     (a pool without nodes; addNodes fills it)
//   deletePool      name                         (only an empty pool)
//   stop|start|kill|restart   component          kill is a crash: the supervisor restarts it
//   stopNode|startNode|killNode  node            its kubelet and proxy; killNode stays down
//   partition|heal  node                         the kubelet's SIGUSR1 / SIGUSR2

#include <filesystem>
#include <mutex>

#include <boost/json/object.hpp>

#include "supervisor/clusterconfig.h"
#include "supervisor/statedirectory.h"
#include "supervisor/supervisor.h"

namespace kubelab::supervisor {

// The "cloud" metadata of node `index`, as a cloud provider's instances API reports it.
std::string nodeProviderId(const std::string& clusterName, int index);  // kubelab://<cluster>/node-<i>
std::string nodeRegion();                                                 // "local"
std::string nodeZone(int index);  // local-a, local-b, local-c in turn
std::string nodeInstanceType();   // kubelab-standard-4: the kubelet's default 4 CPU, 8Gi

class DaemonCommands {
 public:
  DaemonCommands(StateDirectory state, ClusterConfig config, std::filesystem::path binaryDirectory,
                 Supervisor& supervisor);

  boost::json::object handle(const boost::json::object& request);

 private:
  Result<boost::json::object> describeNodes();
  Result<boost::json::object> addNodes(const boost::json::object& request);
  Result<boost::json::object> removeNode(const boost::json::object& request);
  Result<boost::json::object> createPool(const boost::json::object& request);
  Result<boost::json::object> deletePool(const boost::json::object& request);
  Result<boost::json::object> nodeFault(const std::string& command, const boost::json::object& request);
  Result<boost::json::object> componentFault(const std::string& command, const boost::json::object& request);
  Result<NodeConfig> requireNode(const boost::json::object& request);

  const StateDirectory state_;
  const std::filesystem::path binaryDirectory_;
  Supervisor& supervisor_;
  std::mutex mutex_;  // one change to the node set at a time; guards config_
  ClusterConfig config_;
};

}  // namespace kubelab::supervisor
