#include "ui/dashboardpage.h"

#include "models/clock.h"
#include "models/database.h"
#include "ui/metrictile.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTimeZone>
#include <QVBoxLayout>

using Metrics::Metric;

namespace {

constexpr qint64 Minute = 60 * 1000;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
constexpr int CustomBuckets = 60;

// Span and bucket width of each fixed period: about 50–60 points per chart.
std::pair<qint64, qint64> spanAndWidth(DashboardPage::Period period)
{
    switch (period) {
    case DashboardPage::Period::LastHour:
        return {Hour, Minute};
    case DashboardPage::Period::Last24Hours:
        return {Day, 30 * Minute};
    case DashboardPage::Period::Last7Days:
        return {7 * Day, 3 * Hour};
    case DashboardPage::Period::Last30Days:
    case DashboardPage::Period::Custom:
        break;
    }
    return {30 * Day, 12 * Hour};
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

} // namespace

DashboardPage::DashboardPage(Database &db, QWidget *parent)
    : QWidget(parent)
    , m_db(db)
    , m_systemClock(std::make_unique<SystemClock>())
    , m_clock(m_systemClock.get())
    , m_cache(db)
    , m_period(new QComboBox(this))
    , m_from(new QDateTimeEdit(this))
    , m_to(new QDateTimeEdit(this))
    , m_profile(new QComboBox(this))
    , m_range(new QLabel(this))
    , m_error(new QLabel(this))
    , m_balance(new QLabel(this))
    , m_balanceButton(new QPushButton(tr("Refres&h balance"), this))
{
    m_period->addItem(tr("Last hour"), QVariant::fromValue(Period::LastHour));
    m_period->addItem(tr("Last 24 hours"), QVariant::fromValue(Period::Last24Hours));
    m_period->addItem(tr("Last 7 days"), QVariant::fromValue(Period::Last7Days));
    m_period->addItem(tr("Last 30 days"), QVariant::fromValue(Period::Last30Days));
    m_period->addItem(tr("Custom range"), QVariant::fromValue(Period::Custom));
    m_period->setCurrentIndex(1);
    m_period->setToolTip(tr("The period the figures and charts cover"));
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setCalendarPopup(true);
        edit->setVisible(false);
    }
    m_from->setToolTip(tr("From (local time, included)"));
    m_from->setAccessibleName(tr("Period from"));
    m_to->setAccessibleName(tr("Period until"));
    m_to->setToolTip(tr("To (local time, not included)"));
    m_profile->addItem(tr("All profiles"), QString());
    m_profile->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_profile->setToolTip(tr("Only the calls made under this profile"));
    m_error->setWordWrap(true);
    m_error->setForegroundRole(QPalette::BrightText);
    m_error->setVisible(false);
    m_range->setForegroundRole(QPalette::PlaceholderText);

    // F5 is the window's Refresh (one claim per key); it refreshes this page when shown.
    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    refreshButton->setToolTip(tr("Read the figures again (F5)"));
    auto *controls = new QHBoxLayout;
    auto *periodLabel = new QLabel(tr("&Period:"), this);
    periodLabel->setBuddy(m_period);
    auto *profileLabel = new QLabel(tr("P&rofile:"), this);
    profileLabel->setBuddy(m_profile);
    controls->addWidget(periodLabel);
    controls->addWidget(m_period);
    controls->addWidget(m_from);
    controls->addWidget(m_to);
    controls->addSpacing(12);
    controls->addWidget(profileLabel);
    controls->addWidget(m_profile);
    controls->addStretch(1);
    controls->addWidget(m_range);
    controls->addWidget(refreshButton);

    auto *grid = new QGridLayout;
    int index = 0;
    for (Metric m : Metrics::AllMetrics) {
        auto *tile = new MetricTile(m, this);
        m_tiles[size_t(m)] = tile;
        grid->addWidget(tile, index / 3, index % 3);
        ++index;
    }
    for (int column = 0; column < 3; ++column)
        grid->setColumnStretch(column, 1);

    // The account balance costs a call to Haier: fetched when asked, never by the page's timer.
    m_balance->setObjectName(QStringLiteral("haierBalance"));
    m_balance->setTextFormat(Qt::PlainText); // account names are Haier's text
    m_balance->setWordWrap(true);
    m_balance->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_balance->setText(tr("Haier account balance: not asked yet."));
    m_balanceButton->setObjectName(QStringLiteral("refreshBalance"));
    m_balanceButton->setToolTip(tr("Ask Haier's open platform for the balance of your payer accounts"));
    auto *balanceRow = new QHBoxLayout;
    balanceRow->addWidget(m_balance, 1);
    balanceRow->addWidget(m_balanceButton, 0, Qt::AlignTop);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_error);
    layout->addLayout(balanceRow);
    layout->addLayout(grid);
    layout->addStretch(1);

    connect(m_period, &QComboBox::currentIndexChanged, this, &DashboardPage::periodChanged);
    connect(m_profile, &QComboBox::currentIndexChanged, this, &DashboardPage::refresh);
    connect(m_from, &QDateTimeEdit::editingFinished, this, &DashboardPage::refresh);
    connect(m_to, &QDateTimeEdit::editingFinished, this, &DashboardPage::refresh);
    connect(refreshButton, &QPushButton::clicked, this, &DashboardPage::refresh);
    connect(m_balanceButton, &QPushButton::clicked, this, [this] {
        m_balance->setText(tr("Haier account balance: asking Haier…"));
        emit balanceRequested();
    });
    refresh();
}

DashboardPage::~DashboardPage() = default;

void DashboardPage::setClock(const Clock *clock)
{
    m_clock = clock ? clock : m_systemClock.get();
}

qint64 DashboardPage::nowMs() const
{
    return m_clock->nowUtc().toMSecsSinceEpoch();
}

DashboardPage::Period DashboardPage::period() const
{
    return m_period->currentData().value<Period>();
}

void DashboardPage::setPeriod(Period period)
{
    m_period->setCurrentIndex(m_period->findData(QVariant::fromValue(period)));
}

void DashboardPage::setCustomRange(const QDateTime &fromUtc, const QDateTime &toUtc)
{
    {
        const QSignalBlocker blockPeriod(m_period);
        m_period->setCurrentIndex(m_period->findData(QVariant::fromValue(Period::Custom)));
    }
    m_from->setDateTime(fromUtc.toLocalTime());
    m_to->setDateTime(toUtc.toLocalTime());
    m_from->setVisible(true);
    m_to->setVisible(true);
    refresh();
}

void DashboardPage::periodChanged()
{
    const bool custom = period() == Period::Custom;
    if (custom && m_from->isHidden()) {
        // Start from the last 24 hours, to the minute.
        const qint64 to = floorDiv(nowMs(), Minute) * Minute;
        m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(to, QTimeZone::utc()).toLocalTime());
        m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(to - Day, QTimeZone::utc()).toLocalTime());
    }
    m_from->setVisible(custom);
    m_to->setVisible(custom);
    refresh();
}

QString DashboardPage::profileFilter() const
{
    return m_profile->currentData().toString();
}

void DashboardPage::setProfileFilter(const QString &profile)
{
    int index = m_profile->findData(profile);
    if (index < 0) {
        m_profile->addItem(profile, profile);
        index = m_profile->count() - 1;
    }
    m_profile->setCurrentIndex(index);
}

QStringList DashboardPage::profileChoices() const
{
    QStringList names;
    for (int i = 1; i < m_profile->count(); ++i)
        names.append(m_profile->itemData(i).toString());
    return names;
}

Metrics::Query DashboardPage::queryFor(Period period, qint64 nowMs, const QString &profile)
{
    const auto [span, width] = spanAndWidth(period);
    // Whole buckets on a fixed grid, so earlier refreshes' settled buckets are the same ones; the last
    // bucket is the one in progress. The period covers at least the span up to now.
    const qint64 to = (floorDiv(nowMs, width) + 1) * width;
    const int buckets = int(span / width) + 1;
    return {to - buckets * width, to, profile, buckets};
}

MetricTile *DashboardPage::tile(Metric metric) const
{
    return m_tiles[size_t(metric)];
}

QString DashboardPage::valueText(Metric metric) const
{
    return tile(metric)->valueText();
}

Metrics::Health DashboardPage::health(Metric metric) const
{
    return tile(metric)->health();
}

QString DashboardPage::healthText(Metric metric) const
{
    return tile(metric)->healthText();
}

QString DashboardPage::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void DashboardPage::refresh()
{
    const qint64 now = nowMs();
    Metrics::Query query;
    if (period() == Period::Custom) {
        query.fromMs = m_from->dateTime().toUTC().toMSecsSinceEpoch();
        query.toMs = m_to->dateTime().toUTC().toMSecsSinceEpoch();
        query.profile = profileFilter();
        query.buckets = CustomBuckets;
    } else {
        query = queryFor(period(), now, profileFilter());
    }

    QString error;
    auto report = m_cache.compute(query, now, &error);
    if (!report) {
        // Keep the last figures on screen; say why they are not fresh.
        m_error->setText(tr("The figures could not be read from the database: %1").arg(error));
        m_error->setVisible(true);
        return;
    }
    m_error->clear();
    m_error->setVisible(false);
    m_report = std::move(report);
    for (Metric m : Metrics::AllMetrics)
        tile(m)->setValue(m_report->total(m), m_report->buckets(m));

    const QLocale locale;
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(query.fromMs, QTimeZone::utc()).toLocalTime();
    const QDateTime to = QDateTime::fromMSecsSinceEpoch(std::min(query.toMs, now), QTimeZone::utc()).toLocalTime();
    m_range->setText(tr("%1 – %2").arg(locale.toString(from, QLocale::ShortFormat), locale.toString(to, QLocale::ShortFormat)));
    updateProfileChoices();
    emit refreshed();
}

void DashboardPage::updateProfileChoices()
{
    QStringList names = Metrics::configuredProfiles(m_db);
    if (m_report) {
        for (const QString &p : std::as_const(m_report->profilesSeen)) {
            if (!p.isEmpty() && !names.contains(p))
                names.append(p);
        }
    }
    for (const QString &p : profileChoices()) {
        if (!names.contains(p))
            names.append(p); // a name once offered stays, so a filtered view does not lose the others
    }
    names.sort();
    if (names == profileChoices())
        return;
    const QString current = profileFilter();
    const QSignalBlocker block(m_profile);
    while (m_profile->count() > 1)
        m_profile->removeItem(1);
    for (const QString &p : std::as_const(names))
        m_profile->addItem(p, p);
    m_profile->setCurrentIndex(std::max(0, m_profile->findData(current)));
}

QString DashboardPage::balanceText() const
{
    return m_balance->text();
}

void DashboardPage::showBalance(const QStringList &accounts, const QString &note, const QString &problem, const QDateTime &fetchedAt)
{
    const QString when = QLocale().toString(fetchedAt.toLocalTime(), QLocale::ShortFormat);
    QStringList lines;
    if (accounts.isEmpty())
        lines << tr("Haier account balance not available (%1): %2").arg(when, problem);
    else
        lines << tr("Haier account balance, fetched %1:").arg(when) << accounts;
    if (!note.isEmpty())
        lines << note;
    m_balance->setText(lines.join(QLatin1Char('\n')));
}
