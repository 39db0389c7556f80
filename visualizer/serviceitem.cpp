#include "serviceitem.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>

namespace kubelab::visualizer {

ServiceItem::ServiceItem(const ServiceView& service, QGraphicsItem* parent)
    : QGraphicsObject(parent), service_(service), links_(new QGraphicsPathItem(this)) {
  setFlag(ItemIsSelectable);
  setToolTip(service.key);
  setZValue(2);  // above the node boxes, so its lines are seen
  links_->setPen(QPen(QColor(0x63, 0x66, 0xF1, 140), 1.2));
  links_->setFlag(ItemStacksBehindParent);
}

void ServiceItem::setService(const ServiceView& service) {
  service_ = service;
  update();
}

void ServiceItem::setEndpoints(const EndpointsView& endpoints) {
  endpoints_ = endpoints;
  update();
}

void ServiceItem::setLinkTargets(const QList<QPointF>& sceneTargets) {
  QPainterPath path;
  QPointF anchor(kWidth / 2, 0);
  for (const QPointF& sceneTarget : sceneTargets) {
    QPointF target = mapFromScene(sceneTarget);
    path.moveTo(anchor);
    qreal middle = (anchor.y() + target.y()) / 2;
    path.cubicTo(QPointF(anchor.x(), middle), QPointF(target.x(), middle), target);
  }
  links_->setPath(path);
}

QRectF ServiceItem::boundingRect() const { return QRectF(0, 0, kWidth, kHeight); }

void ServiceItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
  QRectF box = boundingRect().adjusted(1, 1, -1, -1);
  bool selected = option->state & QStyle::State_Selected;
  painter->setPen(QPen(selected ? QColor(0x25, 0x63, 0xEB) : QColor(0x43, 0x38, 0xCA), selected ? 2.5 : 1.2));
  painter->setBrush(QColor(0xEE, 0xF0, 0xFF));
  painter->drawRoundedRect(box, 6, 6);
  QFont font = painter->font();
  font.setPointSizeF(9);
  font.setBold(true);
  painter->setFont(font);
  painter->setPen(QColor(0x1E, 0x1B, 0x4B));
  QFontMetricsF bold(font);
  painter->drawText(QRectF(8, 3, kWidth - 16, 16), Qt::AlignLeft | Qt::AlignVCenter,
                    bold.elidedText(tr("Service %1").arg(service_.name), Qt::ElideRight, kWidth - 16));
  font.setBold(false);
  font.setPointSizeF(7.5);
  painter->setFont(font);
  QFontMetricsF metrics(font);
  QString address = service_.type + QLatin1Char(' ') + service_.clusterIP;
  if (!service_.ports.isEmpty()) address += QLatin1Char(' ') + service_.ports.join(QLatin1Char(','));
  painter->drawText(QRectF(8, 19, kWidth - 16, 14), Qt::AlignLeft | Qt::AlignVCenter,
                    metrics.elidedText(address, Qt::ElideRight, kWidth - 16));
  QString endpointsText = tr("%n ready endpoint(s)", nullptr, endpoints_.readyAddresses);
  if (endpoints_.notReadyAddresses > 0) {
    endpointsText += QStringLiteral(", ") + tr("%n not ready", nullptr, endpoints_.notReadyAddresses);
  }
  painter->drawText(QRectF(8, 34, kWidth - 16, 14), Qt::AlignLeft | Qt::AlignVCenter,
                    metrics.elidedText(endpointsText, Qt::ElideRight, kWidth - 16));
}

}  // namespace kubelab::visualizer
