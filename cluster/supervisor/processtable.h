#pragma once
// Looking at other processes through /proc: whether one is still alive, and which ones
// belong to a cluster (their command line names its state directory). `down` uses this to
// make sure nothing of a cluster is left behind.

#include <filesystem>
#include <string_view>
#include <vector>

namespace kubelab::supervisor {

// True while `pid` exists and is not a zombie: a killed child whose parent is gone stays a
// zombie until init reaps it, but it no longer runs or holds ports.
bool isProcessAlive(int pid);

// Live processes, other than this one, whose command line contains `text`.
std::vector<int> processesMentioning(std::string_view text);

// The state directories of the cluster supervisors running on this machine, whoever started
// them: processes whose arguments are `... supervise --state-dir DIR` (kubelabctl's daemon, and
// the app's, which is the app run again).
std::vector<std::filesystem::path> runningSupervisorStateDirectories();

}  // namespace kubelab::supervisor
