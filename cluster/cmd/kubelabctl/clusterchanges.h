#pragma once
// kubelabctl's commands that change a running cluster: node, nodepool, and the instructor's
// faults (stop, start, kill, restart, partition, heal). Parsing and printing only; the work is
// in supervisor/clustercommands.h.

#include <string>

#include <boost/program_options.hpp>

#include "supervisor/clustercontrol.h"

namespace kubelabctl {

bool isClusterChangeCommand(const std::string& name);
// The flags and positional arguments of those commands, beyond --name, --state-dir and --help.
void addClusterChangeOptions(const std::string& name, boost::program_options::options_description& description,
                             boost::program_options::positional_options_description& positional);
// Prints one line saying what happened (stdout) or what went wrong and what to do (stderr);
// returns the exit code (0, 1 failed, 2 usage).
int runClusterChange(const std::string& name, const boost::program_options::variables_map& values,
                     const kubelab::supervisor::ClusterTarget& target);

}  // namespace kubelabctl
