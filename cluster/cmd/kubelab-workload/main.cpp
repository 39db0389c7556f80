// kubelab-workload: the built-in programs behind the image catalog (resources/images.yaml),
// one subcommand each. Containers of the `process` runtime run it; it can also be run by hand
// with POD_IP and the other variables set.

#include <signal.h>
#include <unistd.h>

#include <iostream>
#include <map>

#include "common/parentdeath.h"
#include "workloads/workloads.h"

namespace {

using Program = int (*)(const std::vector<std::string>&);

const std::map<std::string, Program>& programs() {
  static const std::map<std::string, Program> all{
      {"web", kubelab::workloads::runWeb},       {"crash", kubelab::workloads::runCrash},
      {"job", kubelab::workloads::runJob},       {"logger", kubelab::workloads::runLogger},
      {"kv", kubelab::workloads::runKeyValue},
  };
  return all;
}

int usage() {
  std::cerr << "Usage: kubelab-workload web|crash|job|logger|kv [arguments]\n"
               "  web     HTTP on $POD_IP:$PORT (or the first containerPort), naming pod, IP, node and image;\n"
               "          /healthz and /readyz fail with FAIL_READINESS=1; CRASH_AFTER_SECONDS=N exits 1 after N s\n"
               "  crash   exits 1 after CRASH_AFTER_SECONDS (2)\n"
               "  job     JOB_STEPS (5) steps of JOB_STEP_SECONDS (1), prints pi to JOB_DIGITS (100), exits 0\n"
               "  logger  a line every LOG_INTERVAL_SECONDS (1) with the node's name\n"
               "  kv      key-value store over HTTP on $POD_IP:$PORT (8080), data in KV_DATA_DIR (/data)\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  kubelab::dieWithParent(::getppid());
  if (argc < 2) return usage();
  auto program = programs().find(argv[1]);
  if (program == programs().end()) return usage();
  // Stop signals are taken by the main thread only (waitForStop); block them before any
  // server thread starts, so none of those gets one with its default action.
  sigset_t stopSignals;
  ::sigemptyset(&stopSignals);
  ::sigaddset(&stopSignals, SIGTERM);
  ::sigaddset(&stopSignals, SIGINT);
  ::pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  return program->second(std::vector<std::string>(argv + 2, argv + argc));
}
