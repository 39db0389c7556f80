#pragma once
// Children of the supervisor and the kubelet die with the thread that started them through
// PR_SET_PDEATHSIG. The kernel clears that setting when a program with file capabilities is
// executed (prctl(2)), and scripts/allow-low-ports.sh gives kubelab-workload and kubelab-proxy
// cap_net_bind_service so that an ordinary user can serve nginx's port 80. Those programs call
// this first thing in main() to arm the signal again.

namespace kubelab {

// Arms SIGKILL on parent death; if the parent already went away before this ran (the process
// was re-parented since `parentAtStart` was read), exits at once.
void dieWithParent(int parentAtStart);

}  // namespace kubelab
