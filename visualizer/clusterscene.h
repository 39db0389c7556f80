#pragma once
// The cluster drawn: control-plane components across the top, with arches over them from each
// client to the API server (and from it to the store) carrying their live traffic, and a link
// up from the nodes carrying the kubelets' and proxies'; the lane of unscheduled pods,
// the nodes holding their pods (grouped by owner), and the Services linked to their ready
// endpoints. It follows the model's fine-grained signals: each one updates its items and
// marks what needs placing again, and after each batch only those containers are laid out
// (the node grid only when a node's size or the set of nodes changed), so unrelated pods
// never move and a burst of events costs one layout pass.

#include <QElapsedTimer>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QHash>
#include <QSet>
#include <QTimer>

#include "clustermodel.h"

namespace kubelab::visualizer {

class ComponentItem;
class LegendItem;
class NodeItem;
class PendingLaneItem;
class PodContainerItem;
class PodItem;
class ServiceItem;
class TrafficLinkItem;

class ClusterScene : public QGraphicsScene {
  Q_OBJECT

 public:
  static constexpr qreal kNodeSpacing = 24;
  static constexpr int kTrafficFrameMsecs = 40;

  explicit ClusterScene(ClusterModel* model, QObject* parent = nullptr);
  ~ClusterScene() override;

  ClusterModel* model() const { return model_; }
  PodItem* podItem(const QString& key) const { return pods_.value(key); }
  NodeItem* nodeItem(const QString& name) const { return nodes_.value(name); }
  ServiceItem* serviceItem(const QString& key) const { return services_.value(key); }
  PendingLaneItem* pendingLane() const { return lane_; }
  QList<NodeItem*> nodeItems() const { return nodes_.values(); }
  int podItemCount() const { return static_cast<int>(pods_.size()); }
  // A control-plane box by the model's component name ("apiserver"); null when absent.
  ComponentItem* componentItem(const QString& name) const;
  // The link that carries a component's traffic to the API server (the store's: from it), or
  // "nodes" for the kubelets' and proxies'; null when there is none.
  TrafficLinkItem* trafficLink(const QString& name) const { return trafficLinks_.value(name); }
  // Shown under the lane while there are no nodes ("Starting the cluster…").
  void setPlaceholderText(const QString& text);
  // Texts are translated when painted; this repaints and re-lays out with the new language.
  void retranslate();

 signals:
  void objectSelected(kubelab::visualizer::ResourceKind kind, const QString& key);
  // After a layout pass (tests wait for this).
  void laidOut();

 private:
  void addPod(const PodView& pod);
  void changePod(const PodView& old, const PodView& now);
  void removePod(const PodView& pod);
  void addNode(const NodeView& node);
  void changeNode(const NodeView& old, const NodeView& now);
  void removeNode(const NodeView& node);
  void addService(const ServiceView& service);
  void changeService(const ServiceView& old, const ServiceView& now);
  void removeService(const ServiceView& service);
  void changeEndpoints(const EndpointsView& endpoints);
  void updateComponents();
  void updateTraffic();
  void stepTraffic();
  TrafficLinkItem* linkNamed(const QString& name);
  void clearCluster();
  void announceSelection();

  PodContainerItem* containerFor(const PodView& pod) const;
  void moveToContainer(PodItem* item, PodContainerItem* container);
  void markDirty(PodContainerItem* container);
  void markAllDirty();
  QString groupTitle(const PodView& pod) const;
  int nodeColumns() const;
  qreal gridWidth() const;
  void relayout();
  void layoutGrid(bool animate);
  void layoutServices();
  void updateSceneRect();
  QRectF itemsBoundingRectOfTopRow() const;
  void updateLinks();

  ClusterModel* model_;
  PendingLaneItem* lane_;
  QGraphicsSimpleTextItem* placeholder_;
  QList<ComponentItem*> components_;
  QHash<QString, TrafficLinkItem*> trafficLinks_;
  QTimer trafficTimer_;
  QElapsedTimer sinceTrafficStep_;
  LegendItem* legend_;
  QHash<QString, PodItem*> pods_;
  QHash<QString, NodeItem*> nodes_;
  QHash<QString, ServiceItem*> services_;
  QSet<PodContainerItem*> dirtyContainers_;
  bool gridDirty_ = true;
  bool linksDirty_ = false;
  qreal servicesTop_ = 0;
};

}  // namespace kubelab::visualizer
