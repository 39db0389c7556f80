#pragma once
// Resource use of container processes, read from /proc, for `kubectl top` (the kubelet's
// summary API reports cumulative CPU time and the memory in use). A container's use is its
// whole process group's: what it started counts too.

#include <sys/types.h>

#include <map>
#include <set>

#include "runtime/podruntime.h"

namespace kubelab::runtime {

// By process group id, the summed use of the processes in each of `groups`; one pass over
// /proc however many groups are asked for. A group without processes is left out.
std::map<pid_t, ContainerStats> processGroupStats(const std::set<pid_t>& groups);

}  // namespace kubelab::runtime
