#pragma once
// A node as a box: its name, pool, Ready state and capacity across the top, its pods below.
// A node that is not Ready greys out (animated), and so do its pods.

#include <QPointer>
#include <QPropertyAnimation>

#include "objectviews.h"
#include "podcontaineritem.h"

namespace kubelab::visualizer {

class NodeItem : public PodContainerItem {
  Q_OBJECT
  Q_PROPERTY(qreal greyness READ greyness WRITE setGreyness)

 public:
  static constexpr qreal kWidth = 2 * 168 + 6 + 2 * PodContainerItem::kPadding;

  explicit NodeItem(const NodeView& node, QGraphicsItem* parent = nullptr);

  const NodeView& node() const { return node_; }
  // Returns whether the header's height changed (taints appeared or went).
  bool setNode(const NodeView& node);
  bool isGreyedOut() const { return node_.readiness != NodeReadiness::Ready; }
  qreal greyness() const { return greyness_; }
  void setGreyness(qreal greyness);

  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  qreal headerHeight() const override;

 private:
  void animateGreyness();

  NodeView node_;
  qreal greyness_ = 0;
  QPointer<QPropertyAnimation> greyAnimation_;
};

}  // namespace kubelab::visualizer
