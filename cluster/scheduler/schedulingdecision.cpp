#include "scheduler/schedulingdecision.h"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace kubelab::scheduler {

namespace json = boost::json;

json::object decisionRecord(const PodInfo& pod, const ScheduleResult& result, std::size_t maxNodes) {
  json::object record;
  record["pod"] = pod.key;
  if (!result.selectedNode.empty()) record["node"] = result.selectedNode;
  record["nodesTotal"] = result.totalNodes;
  record["nodesEvaluated"] = result.evaluatedNodes;
  record["nodesFeasible"] = result.feasible.size();
  json::object weights;
  for (const ScorePlugin& plugin : kScorePlugins) weights[plugin.name] = plugin.weight;
  record["weights"] = std::move(weights);

  std::vector<const NodeScore*> ranked;
  ranked.reserve(result.feasible.size());
  for (const NodeScore& score : result.feasible) ranked.push_back(&score);
  std::stable_sort(ranked.begin(), ranked.end(), [](const NodeScore* left, const NodeScore* right) {
    return left->total > right->total;
  });
  // The chosen node goes first even when it shares the top total with others.
  auto chosen = std::find_if(ranked.begin(), ranked.end(),
                             [&](const NodeScore* score) { return score->node->name() == result.selectedNode; });
  if (chosen != ranked.end()) std::rotate(ranked.begin(), chosen, chosen + 1);

  json::array nodes;
  std::size_t omitted = 0;
  for (const NodeScore* score : ranked) {
    if (nodes.size() >= maxNodes) {
      ++omitted;
      continue;
    }
    json::object scores;
    for (std::size_t plugin = 0; plugin < kScorePlugins.size(); ++plugin) {
      scores[kScorePlugins[plugin].name] = score->pluginScores[plugin];
    }
    nodes.push_back(json::object{{"name", score->node->name()}, {"fit", true}, {"scores", std::move(scores)},
                                 {"total", score->total}});
  }
  for (const auto& [name, status] : result.failures) {  // std::map: by name
    if (nodes.size() >= maxNodes) {
      ++omitted;
      continue;
    }
    json::array reasons;
    for (const std::string& reason : status.reasons) reasons.emplace_back(reason);
    nodes.push_back(json::object{{"name", name}, {"fit", false}, {"plugin", status.plugin},
                                 {"reasons", std::move(reasons)}});
  }
  record["nodes"] = std::move(nodes);
  record["nodesOmitted"] = omitted;
  if (result.selectedNode.empty()) record["message"] = result.failureMessage;
  return record;
}

std::string decisionJson(const PodInfo& pod, const ScheduleResult& result) {
  return json::serialize(decisionRecord(pod, result));
}

}  // namespace kubelab::scheduler
