#pragma once
// Runs the real chorus binary as a child process, as a user or a service manager would
// (and other programs the tests compare Chorus with).
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace chorus::testing {

struct Finished {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs to completion, feeding `input` on stdin.
Finished run_chorus(const std::vector<std::string>& args, const std::string& input = {},
                    const std::vector<std::string>& env = {});
// Any program by its path (a reference implementation's script under node), the same way.
Finished run_program(const std::string& program, const std::vector<std::string>& args, const std::string& input = {},
                     const std::vector<std::string>& env = {});

// `chorus serve` in the background on a free port; the destructor kills it if still running.
class ServeProcess {
public:
    ServeProcess(const std::vector<std::string>& args, const std::vector<std::string>& env = {});
    ~ServeProcess();
    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }
    std::string out() const;
    std::string err() const;
    // Sends the signal and waits for the exit status (or -1 after the timeout).
    int stop_with(int signal_number, std::chrono::seconds timeout = std::chrono::seconds(20));

private:
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
    std::string directory_;
};

}  // namespace chorus::testing
