#pragma once

#include "models/logtable.h"

// The log tables the console lists, each one configuration of the one LogModel and LogPage.
namespace LogTables {

// Every callback Haier (or anyone else) sent, refused ones too (console_callbacks).
namespace CallbackColumn {
enum { ReceivedAt, Method, OrderNumber, State, Validity, Outcome, Reason, Duplicates, Count };
}
// Every call to YLH and the open platform (console_sync_log).
namespace SyncColumn {
enum { At, Operation, OrderNumber, HttpStatus, Latency, Kind, Message, Count };
}
// Who did what, when, on which profile (console_audit_log).
namespace AuditColumn {
enum { At, Operator, Action, Profile, OrderNumber, Detail, Count };
}

LogTable callbacks();
LogTable syncLog();
LogTable audit();

// The operations the clients log, for the sync log's filter.
QStringList knownOperations();
QString callbackMethodLabel(const QString &method);

} // namespace LogTables
