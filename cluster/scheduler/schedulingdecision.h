#pragma once
// The record of one decision, for the desktop app, which shows it next to the pod: it travels
// as compact JSON in the "kubelab.io/scheduling-decision" annotation of the Scheduled or
// FailedScheduling Event. Its shape:
//
//   {
//     "pod": "default/web-7d4-x2k",
//     "node": "node-2",                 // the chosen node; absent when none fits
//     "nodesTotal": 3,                  // candidate nodes in the cache
//     "nodesEvaluated": 3,              // nodes the filters ran on (fewer on large clusters)
//     "nodesFeasible": 2,
//     "weights": {"LeastAllocated": 1, "BalancedAllocation": 1, "SelectorSpread": 2,
//                 "TaintToleration": 3, "NodeAffinity": 2},
//     "nodes": [                        // feasible nodes by total (best first), then refused ones by name
//       {"name": "node-2", "fit": true,
//        "scores": {"LeastAllocated": 87, "BalancedAllocation": 95, "SelectorSpread": 100,
//                   "TaintToleration": 100, "NodeAffinity": 0}, "total": 682},
//       {"name": "node-3", "fit": false, "plugin": "NodeResourcesFit", "reasons": ["Insufficient cpu"]}
//     ],
//     "nodesOmitted": 0,                // entries left out to keep the Event small (at most 20 listed)
//     "message": "0/3 nodes are ..."    // only when no node fits: the FailedScheduling message
//   }
//
// Scores are each plugin's 0-100 before weighting; total is the weighted sum that picked the node.

#include <boost/json/object.hpp>

#include <cstddef>
#include <string>

#include "scheduler/podinfo.h"
#include "scheduler/schedulingalgorithm.h"

namespace kubelab::scheduler {

inline constexpr const char* kSchedulingDecisionAnnotation = "kubelab.io/scheduling-decision";
inline constexpr std::size_t kMaxDecisionNodes = 20;

boost::json::object decisionRecord(const PodInfo& pod, const ScheduleResult& result,
                                   std::size_t maxNodes = kMaxDecisionNodes);
std::string decisionJson(const PodInfo& pod, const ScheduleResult& result);

}  // namespace kubelab::scheduler
