#pragma once
// The lane of pods that no node holds yet: created, waiting for the scheduler (or for a node
// that fits). A new pod appears here first and moves onto its node when it is bound.

#include "podcontaineritem.h"

namespace kubelab::visualizer {

class PendingLaneItem : public PodContainerItem {
  Q_OBJECT

 public:
  explicit PendingLaneItem(QGraphicsItem* parent = nullptr);

  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  qreal headerHeight() const override { return 40; }
  qreal minimumBodyHeight() const override { return 12; }
};

}  // namespace kubelab::visualizer
