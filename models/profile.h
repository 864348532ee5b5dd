#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

enum class ProfileKind { Mock, Test, Pre, Production };
enum class TimestampUnit { Milliseconds, Seconds };

QString profileKindName(ProfileKind kind);          // "mock", "test", "pre", "production"
std::optional<ProfileKind> profileKindFromName(const QString &name);

struct RetrySettings
{
    int maxRetries = 3;       // retries after the first attempt
    int baseDelayMs = 500;
    int maxDelayMs = 10000;
    bool jitter = true;       // full jitter
};

// Non-secret settings of one environment. Secrets live only in the keychain (CredentialStore).
struct Profile
{
    QString name;
    ProfileKind kind = ProfileKind::Mock;

    struct Ylh {
        QUrl authBaseUrl;
        QUrl orderBaseUrl;        // jst-order
        QUrl orderServiceBaseUrl; // order-service
        QUrl stockBaseUrl;
    } ylh;

    struct OpenPlat {
        QUrl baseUrl;
        QString tokenPath = QStringLiteral("/oauth2/auth");
    } openplat;

    struct Codes {
        QString sourceSystem;
        QString shopName;
        QString sellerCode;
        QString customerCode;
        QString sendToCode;
        QString supplierCode = QStringLiteral("1001");
    } codes;

    struct Callback {
        QString appKey;
        QString timestampZone = QStringLiteral("Asia/Shanghai");
        int windowSeconds = 600;
        // How much earlier than our record of a soId's acceptance a callback may be stamped and still be
        // about that soId (the clocks of Haier and the desk differ); used only when an order had several soIds.
        int skewMarginSeconds = 600;
        int confirmWithinMinutes = 120; // an accepted order unconfirmed for longer is overdue (domain.md)
    } callback;

    int timeoutMs = 30000;
    TimestampUnit timestampUnit = TimestampUnit::Milliseconds;
    RetrySettings retry;
    QStringList duplicatePatterns{QStringLiteral("重复"), QStringLiteral("已存在"), QStringLiteral("duplicate")};

    struct Push {
        int concurrency = 6;
        int rateLimitPerSecond = 100;
        bool stockCheck = false;
        int leaseSeconds = 60;
    } push;

    // Settings of the in-process simulator used by the mock profile (free-form, read by tools/ylh-sim).
    QJsonObject simulator;

    // The preset for a kind, with the URLs of ylh-protocol.md. Its name is the kind's name.
    static Profile preset(ProfileKind kind);

    // Reads the import format (docs/profiles.md). Keys missing from the object take the values of
    // `base` (normally the preset of the same kind). On error returns nullopt and sets *error to a
    // sentence naming the key, e.g. "ylh.authBaseUrl: not a valid http(s) URL".
    static std::optional<Profile> fromJson(const QJsonObject &object, QString *error);
    static std::optional<Profile> fromJson(const QJsonObject &object, const Profile &base, QString *error);

    QJsonObject toJson() const; // the full import format; never contains a secret

    // Human-readable warnings (e.g. a production profile on plain http://). Empty when none.
    QStringList warnings() const;

    // The import-format keys whose values differ, dotted ("ylh.authBaseUrl", "retry.maxRetries"),
    // sorted; for audit details (a profile holds no secret, so the names are safe to log).
    static QStringList changedKeys(const Profile &before, const Profile &after);

    bool operator==(const Profile &other) const { return toJson() == other.toJson(); }
};
