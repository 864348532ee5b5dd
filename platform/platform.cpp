#include "platform/platform.h"

#include <atomic>
#include <mutex>
#include <thread>
#include <utility>

#ifdef _WIN32
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#else
#include <cerrno>
#include <csignal>
#include <sys/socket.h>
#include <sys/types.h>
#include <termios.h>
#include <unistd.h>
#endif

namespace platform {

bool processIsGone(std::int64_t pid)
{
    if (pid <= 0)
        return false;
#ifdef _WIN32
    HANDLE process = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
    if (!process)
        return ::GetLastError() == ERROR_INVALID_PARAMETER; // no such process id; access denied means it exists
    DWORD code = 0;
    const bool gone = ::GetExitCodeProcess(process, &code) && code != STILL_ACTIVE;
    ::CloseHandle(process);
    return gone;
#else
    // Signal 0 checks existence only; EPERM means it exists under another user.
    return ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
#endif
}

bool stdinIsTerminal()
{
#ifdef _WIN32
    HANDLE in = ::GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode = 0;
    return in != INVALID_HANDLE_VALUE && in != nullptr && ::GetFileType(in) == FILE_TYPE_CHAR && ::GetConsoleMode(in, &mode);
#else
    return ::isatty(STDIN_FILENO) == 1;
#endif
}

bool setStdinEcho(bool on)
{
    if (!stdinIsTerminal())
        return false;
#ifdef _WIN32
    HANDLE in = ::GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode = 0;
    if (!::GetConsoleMode(in, &mode))
        return false;
    mode = on ? (mode | ENABLE_ECHO_INPUT) : (mode & ~DWORD(ENABLE_ECHO_INPUT));
    return ::SetConsoleMode(in, mode) != 0;
#else
    termios settings{};
    if (::tcgetattr(STDIN_FILENO, &settings) != 0)
        return false;
    if (on)
        settings.c_lflag |= tcflag_t(ECHO);
    else
        settings.c_lflag &= ~tcflag_t(ECHO);
    return ::tcsetattr(STDIN_FILENO, TCSANOW, &settings) == 0;
#endif
}

void useUtf8Console()
{
#ifdef _WIN32
    ::SetConsoleOutputCP(CP_UTF8);
    ::SetConsoleCP(CP_UTF8);
#endif
}

namespace {

std::mutex stopMutex;
std::function<void()> *stopCallback = nullptr; // guarded by stopMutex; the one live StopRequests' callback

void callStop()
{
    std::lock_guard<std::mutex> lock(stopMutex);
    if (stopCallback && *stopCallback)
        (*stopCallback)();
}

#ifdef _WIN32
BOOL WINAPI onConsoleControl(DWORD event)
{
    switch (event) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
    case CTRL_CLOSE_EVENT:
    case CTRL_LOGOFF_EVENT:
    case CTRL_SHUTDOWN_EVENT:
        callStop();
        return TRUE;
    default:
        return FALSE;
    }
}
#else
int stopPipe[2] = {-1, -1};
constexpr char stopByte = 1;
constexpr char quitByte = 0;

void onStopSignal(int)
{
    const int saved = errno;
    [[maybe_unused]] const auto written = ::write(stopPipe[1], &stopByte, 1); // the only async-signal-safe way out
    errno = saved;
}
#endif

} // namespace

struct StopRequests::Private {
    std::function<void()> onStop;
    bool active = false;
#ifndef _WIN32
    struct sigaction oldInt {};
    struct sigaction oldTerm {};
    std::thread reader;
#endif
};

StopRequests::StopRequests(std::function<void()> onStop) : d(std::make_unique<Private>())
{
    d->onStop = std::move(onStop);
    {
        std::lock_guard<std::mutex> lock(stopMutex);
        if (stopCallback)
            return; // one at a time
        stopCallback = &d->onStop;
    }
#ifdef _WIN32
    d->active = ::SetConsoleCtrlHandler(onConsoleControl, TRUE) != 0;
#else
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, stopPipe) == 0) {
        d->reader = std::thread([] {
            char byte = quitByte;
            while (true) {
                const auto got = ::read(stopPipe[0], &byte, 1);
                if (got < 0 && errno == EINTR)
                    continue;
                if (got <= 0 || byte == quitByte)
                    return;
                callStop();
            }
        });
        struct sigaction action {};
        action.sa_handler = onStopSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &action, &d->oldInt);
        ::sigaction(SIGTERM, &action, &d->oldTerm);
        d->active = true;
    }
#endif
    if (!d->active) {
        std::lock_guard<std::mutex> lock(stopMutex);
        stopCallback = nullptr;
    }
}

StopRequests::~StopRequests()
{
    if (!d->active)
        return;
#ifdef _WIN32
    ::SetConsoleCtrlHandler(onConsoleControl, FALSE);
#else
    ::sigaction(SIGINT, &d->oldInt, nullptr);
    ::sigaction(SIGTERM, &d->oldTerm, nullptr);
    [[maybe_unused]] const auto written = ::write(stopPipe[1], &quitByte, 1);
    if (d->reader.joinable())
        d->reader.join();
    ::close(stopPipe[0]);
    ::close(stopPipe[1]);
    stopPipe[0] = stopPipe[1] = -1;
#endif
    std::lock_guard<std::mutex> lock(stopMutex);
    stopCallback = nullptr;
}

bool StopRequests::active() const
{
    return d->active;
}

} // namespace platform
