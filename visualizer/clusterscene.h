#pragma once
// The cluster drawn: control-plane components across the top, the lane of unscheduled pods,
// the nodes holding their pods (grouped by owner), and the Services linked to their ready
// endpoints. It follows the model's fine-grained signals: each one updates its items and
// marks what needs placing again, and after each batch only those containers are laid out
// (the node grid only when a node's size or the set of nodes changed), so unrelated pods
// never move and a burst of events costs one layout pass.

#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QHash>
#include <QSet>

#include "clustermodel.h"

namespace kubelab::visualizer {

class ComponentItem;
class LegendItem;
class NodeItem;
class PendingLaneItem;
class PodContainerItem;
class PodItem;
class ServiceItem;

class ClusterScene : public QGraphicsScene {
  Q_OBJECT

 public:
  static constexpr qreal kNodeSpacing = 24;

  explicit ClusterScene(ClusterModel* model, QObject* parent = nullptr);
  ~ClusterScene() override;

  ClusterModel* model() const { return model_; }
  PodItem* podItem(const QString& key) const { return pods_.value(key); }
  NodeItem* nodeItem(const QString& name) const { return nodes_.value(name); }
  ServiceItem* serviceItem(const QString& key) const { return services_.value(key); }
  PendingLaneItem* pendingLane() const { return lane_; }
  QList<NodeItem*> nodeItems() const { return nodes_.values(); }
  int podItemCount() const { return static_cast<int>(pods_.size()); }
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
