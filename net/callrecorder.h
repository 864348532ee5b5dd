#pragma once

#include "models/synclogentry.h"

// Where every API call is written (the sync log). Clients take one; tests pass a memory recorder.
class CallRecorder
{
public:
    virtual ~CallRecorder() = default;
    virtual void record(const SyncLogEntry &entry) = 0;
};
