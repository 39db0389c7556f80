#include "supervisecommand.h"

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "supervisor/clustercontrol.h"

namespace kubelab::app {

bool isSuperviseCommand(int argc, char** argv) { return argc >= 2 && std::string_view(argv[1]) == "supervise"; }

int runSuperviseCommand(int argc, char** argv) {
  std::optional<std::filesystem::path> stateDirectory;
  std::optional<std::string> name;
  for (int index = 2; index + 1 < argc; index += 2) {
    std::string_view option = argv[index];
    if (option == "--state-dir") stateDirectory = argv[index + 1];
    if (option == "--name") name = argv[index + 1];
  }
  Result<supervisor::ClusterTarget> target = supervisor::resolveCluster(name, stateDirectory);
  if (!target) {
    std::cerr << "kubelab supervise: " << target.status().message() << "\n";
    return 2;
  }
  return supervisor::superviseCluster(*target);
}

}  // namespace kubelab::app
