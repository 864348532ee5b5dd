#pragma once

#include <cstdint>
#include <functional>
#include <memory>

// The operating system behind one interface: each function has a POSIX branch and a Win32 branch in
// platform.cpp, which needs no Qt (the Windows branch is compile-checked with mingw-w64 on Linux).
namespace platform {

// True only when no process `pid` exists on this machine. A process that exists but belongs to another
// user, or one whose state cannot be told, counts as alive (so its work is never taken over early).
bool processIsGone(std::int64_t pid);

// True when standard input is an interactive terminal (a console on Windows), not a pipe or a file.
bool stdinIsTerminal();

// Turns the echo of typed characters on standard input off (false) or back on (true).
// Returns false, changing nothing, when standard input is not a terminal.
bool setStdinEcho(bool on);

// Makes the console show UTF-8 output as text (Windows: the console's output code page; elsewhere
// terminals already take UTF-8, so nothing is done).
void useUtf8Console();

// While alive, a request to stop the process — SIGINT or SIGTERM on POSIX; Ctrl+C, Ctrl+Break, closing
// the console window, log-off or shut-down on Windows — calls `onStop` instead of ending the process.
// `onStop` runs on another thread: hand the work to the event loop (a queued call). One at a time.
class StopRequests final
{
public:
    explicit StopRequests(std::function<void()> onStop);
    ~StopRequests();
    StopRequests(const StopRequests &) = delete;
    StopRequests &operator=(const StopRequests &) = delete;

    // False when the handlers could not be installed (then a stop request ends the process as usual).
    bool active() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace platform
