#include "controlplanetraffic.h"

#include <QCoreApplication>

namespace kubelab::visualizer {

namespace {

QString figure(double perSecond) {
  // One decimal while it is small, so a component that asks every few seconds is not "0".
  return perSecond < 9.95 ? QString::number(perSecond, 'f', 1) : QString::number(qRound(perSecond));
}

}  // namespace

QString componentUser(const QString& component) {
  // The users of the supervisor's kubeconfigs (cluster/pki's certificates), as kubeadm names them.
  if (component == QLatin1String("scheduler") || component == QLatin1String("kube-scheduler")) {
    return QStringLiteral("system:kube-scheduler");
  }
  if (component == QLatin1String("controller-manager") || component == QLatin1String("kube-controller-manager")) {
    return QStringLiteral("system:kube-controller-manager");
  }
  if (component == QLatin1String("cloud-controller-manager")) return QStringLiteral("system:cloud-controller-manager");
  return {};
}

std::optional<double> ControlPlaneTraffic::ofComponent(const QString& component) const {
  if (component == QLatin1String("apiserver") || component == QLatin1String("kube-apiserver")) return apiServer;
  if (component == QLatin1String("store") || component == QLatin1String("etcd")) return store;
  QString user = componentUser(component);
  if (user.isEmpty() || !perClient) return std::nullopt;
  return clients.value(user, 0.0);
}

std::optional<double> ControlPlaneTraffic::nodes() const {
  if (!perClient) return std::nullopt;
  double sum = 0;
  for (auto client = clients.begin(); client != clients.end(); ++client) {
    if (client.key().startsWith(QLatin1String("system:node:")) || client.key() == QLatin1String("system:kube-proxy")) {
      sum += client.value();
    }
  }
  return sum;
}

ControlPlaneTraffic controlPlaneTraffic(const ApiRequestRate& rate) {
  ControlPlaneTraffic traffic;
  traffic.apiServer = rate.requestsPerSecond;
  traffic.store = rate.storeOperationsPerSecond;
  traffic.perClient = rate.hasClientRequests;
  for (const auto& [user, perSecond] : rate.clientRequestsPerSecond) {
    traffic.clients.insert(QString::fromStdString(user), perSecond);
  }
  return traffic;
}

QString requestsPerSecondText(double perSecond) {
  return QCoreApplication::translate("ControlPlaneTraffic", "%1 req/s").arg(figure(perSecond));
}

QString operationsPerSecondText(double perSecond) {
  return QCoreApplication::translate("ControlPlaneTraffic", "%1 ops/s").arg(figure(perSecond));
}

}  // namespace kubelab::visualizer
