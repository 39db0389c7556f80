#pragma once
// An embedded 3-node simulated cluster for a GUI test, in a temporary directory: the request
// that MainWindow::connectTo starts it with, and a guard that brings it down and purges it when
// the test object goes, also after a failed check ended the test function early.

#include <QString>
#include <QTemporaryDir>

#include <optional>

#include "clusterconnection.h"
#include "supervisor/clustercontrol.h"

namespace kubelab::testing {

class EmbeddedTestCluster {
 public:
  explicit EmbeddedTestCluster(const QString& name) {
    request_.clusterName = name;
    request_.stateDirectory = state_.filePath(QStringLiteral("cluster"));
    request_.nodes = 3;
    request_.runtime = QStringLiteral("simulated");
    auto resolved = supervisor::resolveCluster(name.toStdString(), request_.stateDirectory.toStdString());
    if (state_.isValid() && resolved.isOk()) target_ = *resolved;
  }
  ~EmbeddedTestCluster() {
    if (target_) (void)supervisor::bringDown(*target_, true);
  }
  EmbeddedTestCluster(const EmbeddedTestCluster&) = delete;
  EmbeddedTestCluster& operator=(const EmbeddedTestCluster&) = delete;

  bool valid() const { return target_.has_value(); }
  const app::ConnectionRequest& request() const { return request_; }
  const supervisor::ClusterTarget& target() const { return *target_; }

 private:
  QTemporaryDir state_;
  app::ConnectionRequest request_;
  std::optional<supervisor::ClusterTarget> target_;
};

}  // namespace kubelab::testing
