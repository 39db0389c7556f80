#pragma once
// Getting the app to a cluster without ever blocking the GUI thread: on a worker thread it
// either starts or resumes the embedded cluster through the supervisor library (the same
// bringUp as `kubelabctl up`), reporting each component's progress, or loads a kubeconfig
// context; then it waits until the API server answers and hands the model a live source.
// For the embedded cluster it keeps reporting the supervisor's view of the components.

#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>

#include "clustermodel.h"

namespace kubelab::app {

struct ConnectionRequest {
  // Empty context: the embedded cluster.
  QString context;
  QString kubeconfig;  // empty: $KUBECONFIG's first file, else ~/.kube/config
  QString clusterName = QStringLiteral("kubelab");
  QString stateDirectory;  // empty: the cluster's default directory
  int nodes = 3;
  QString runtime;  // a new embedded cluster's pod runtime; empty: the supervisor's default
};

class ClusterConnection : public QObject {
  Q_OBJECT

 public:
  explicit ClusterConnection(visualizer::ClusterModel* model, QObject* parent = nullptr);
  ~ClusterConnection() override;

  void start(const ConnectionRequest& request);
  bool isEmbedded() const { return request_.context.isEmpty(); }
  // What the window title and status bar call the cluster: "kubelab (embedded)", a context name.
  QString displayName() const;

 signals:
  // Translated, one line, for the status bar and the view's placeholder.
  void progress(const QString& message);
  // The API server answered and the model has its source.
  void connected(const QString& server);
  void failed(const QString& message);
  // Other KubeLab clusters run on this machine (their state directories): they share its
  // addresses, so pods on the same port in both clash.
  void sharesAddressesWith(const QStringList& stateDirectories);

 private:
  visualizer::ClusterModel* model_;
  ConnectionRequest request_;
  // Shared with the worker thread, which outlives this object when the window closes mid-start.
  std::shared_ptr<std::atomic<bool>> alive_;
  std::thread worker_;
};

// The supervisor's components, as the scene's control-plane boxes show them (kubelets and
// proxies are per node, so they are left out).
QList<visualizer::ComponentView> controlPlaneComponents(const std::string& stateDirectory, QString* phase);

}  // namespace kubelab::app
