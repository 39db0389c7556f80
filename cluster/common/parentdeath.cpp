#include "common/parentdeath.h"

#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>

namespace kubelab {

void dieWithParent(int parentAtStart) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parentAtStart) std::_Exit(1);
}

}  // namespace kubelab
