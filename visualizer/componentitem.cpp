#include "componentitem.h"

#include <QFontMetricsF>
#include <QPainter>

#include "controlplanetraffic.h"

namespace kubelab::visualizer {

namespace {

QColor stateColor(const QString& state) {
  if (state == QLatin1String("running")) return QColor(0x2E, 0x9D, 0x5B);
  if (state == QLatin1String("starting")) return QColor(0xF2, 0xA9, 0x00);
  if (state == QLatin1String("back-off") || state == QLatin1String("failed")) return QColor(0xD6, 0x45, 0x45);
  if (state == QLatin1String("stopped")) return QColor(0x6B, 0x72, 0x80);
  return QColor(0x9C, 0xA3, 0xAF);
}

QString stateText(const QString& state) {
  if (state == QLatin1String("running")) return ComponentItem::tr("running");
  if (state == QLatin1String("starting")) return ComponentItem::tr("starting");
  if (state == QLatin1String("back-off")) return ComponentItem::tr("restarting");
  if (state == QLatin1String("failed")) return ComponentItem::tr("failed");
  if (state == QLatin1String("stopped")) return ComponentItem::tr("stopped");
  if (state == QLatin1String("answering")) return ComponentItem::tr("answering");
  return ComponentItem::tr("not observed");
}

}  // namespace

ComponentItem::ComponentItem(const ComponentView& component, QGraphicsItem* parent)
    : QGraphicsObject(parent), component_(component) {
  updateToolTip();
}

void ComponentItem::setComponent(const ComponentView& component) {
  component_ = component;
  updateToolTip();
  update();
}

void ComponentItem::setTraffic(std::optional<double> perSecond, const QString& details) {
  if (perSecond == traffic_ && details == trafficDetails_) return;
  traffic_ = perSecond;
  trafficDetails_ = details;
  updateToolTip();
  update();
}

QString ComponentItem::trafficText() const {
  if (!traffic_) return {};
  bool store = component_.name == QLatin1String("store") || component_.name == QLatin1String("etcd");
  return store ? operationsPerSecondText(*traffic_) : requestsPerSecondText(*traffic_);
}

void ComponentItem::updateToolTip() {
  QStringList lines;
  if (!component_.message.isEmpty()) lines.append(component_.message);
  if (!trafficDetails_.isEmpty()) lines.append(trafficDetails_);
  setToolTip(lines.join(QLatin1Char('\n')));
}

QString ComponentItem::describe(const QString& name) {
  // The supervisor's names, and the usual names of the same components on a real cluster.
  if (name == QLatin1String("store") || name == QLatin1String("etcd")) return tr("store (etcd)");
  if (name == QLatin1String("apiserver") || name == QLatin1String("kube-apiserver")) return tr("API server");
  if (name == QLatin1String("scheduler") || name == QLatin1String("kube-scheduler")) return tr("scheduler");
  if (name == QLatin1String("controller-manager") || name == QLatin1String("kube-controller-manager")) {
    return tr("controller manager");
  }
  if (name == QLatin1String("cloud-controller-manager")) return tr("cloud controller");
  return name;
}

QRectF ComponentItem::boundingRect() const { return QRectF(0, 0, kWidth, kHeight); }

void ComponentItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  QColor color = stateColor(component_.state);
  QRectF box = boundingRect().adjusted(1, 1, -1, -1);
  painter->setPen(QPen(QColor(0x37, 0x41, 0x51), 1.2));
  painter->setBrush(QColor(0xEE, 0xF2, 0xFF));
  painter->drawRoundedRect(box, 6, 6);
  painter->setPen(Qt::NoPen);
  painter->setBrush(color);
  painter->drawRoundedRect(QRectF(box.left(), box.top(), 6, box.height()), 3, 3);

  QFont font = painter->font();
  font.setPointSizeF(9);
  font.setBold(true);
  painter->setFont(font);
  painter->setPen(QColor(0x11, 0x18, 0x27));
  QFontMetricsF bold(font);
  painter->drawText(QRectF(12, 4, kWidth - 26, 18), Qt::AlignLeft | Qt::AlignVCenter,
                    bold.elidedText(describe(component_.name), Qt::ElideRight, kWidth - 26));
  font.setBold(false);
  font.setPointSizeF(7.5);
  painter->setFont(font);
  QFontMetricsF metrics(font);
  QString status = stateText(component_.state);
  if (component_.restarts > 0) status += QLatin1Char(' ') + tr("(%n restart(s))", nullptr, component_.restarts);
  // The traffic figure on the right of the status line; the status gives way to it.
  qreal statusWidth = kWidth - 18;
  QString figure = trafficText();
  if (!figure.isEmpty()) {
    font.setBold(true);
    painter->setFont(font);
    qreal figureWidth = QFontMetricsF(font).horizontalAdvance(figure);
    painter->setPen(QColor(0x1E, 0x4F, 0xA3));
    painter->drawText(QRectF(kWidth - 8 - figureWidth, 24, figureWidth + 2, 16), Qt::AlignRight | Qt::AlignVCenter,
                      figure);
    statusWidth -= figureWidth + 6;
    font.setBold(false);
    painter->setFont(font);
  }
  painter->setPen(QColor(0x37, 0x41, 0x51));
  painter->drawText(QRectF(12, 24, statusWidth, 16), Qt::AlignLeft | Qt::AlignVCenter,
                    metrics.elidedText(status, Qt::ElideRight, statusWidth));
  painter->setBrush(color);
  painter->setPen(Qt::NoPen);
  painter->drawEllipse(QRectF(kWidth - 14, 6, 8, 8));
}

}  // namespace kubelab::visualizer
