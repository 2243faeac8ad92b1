#include "process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "test_database.h"

namespace chorus::testing {
namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

pid_t spawn(const std::string& program, const std::vector<std::string>& args, const std::vector<std::string>& env,
            const std::string& in_path, const std::string& out_path, const std::string& err_path) {
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        // A test that dies (an assertion abort, a sanitizer report) must not leave a
        // server behind that keeps publishing into the next test's fake network.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() == 1) _exit(127);
        int in = open(in_path.c_str(), O_RDONLY);
        int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        for (const auto& variable : env) putenv(const_cast<char*>(variable.c_str()));
        std::vector<char*> argv;
        std::string binary = program;
        argv.push_back(binary.data());
        for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    return pid;
}

int wait_exit(pid_t pid, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
}

}  // namespace

Finished run_chorus(const std::vector<std::string>& args, const std::string& input, const std::vector<std::string>& env) {
    return run_program(CHORUS_BINARY, args, input, env);
}

Finished run_program(const std::string& program, const std::vector<std::string>& args, const std::string& input,
                     const std::vector<std::string>& env) {
    const std::string dir = make_temp_dir();
    std::ofstream(dir + "/in") << input;
    pid_t pid = spawn(program, args, env, dir + "/in", dir + "/out", dir + "/err");
    Finished finished;
    finished.exit_code = wait_exit(pid, std::chrono::seconds(60));
    if (finished.exit_code == -1) kill(pid, SIGKILL);
    finished.out = slurp(dir + "/out");
    finished.err = slurp(dir + "/err");
    std::filesystem::remove_all(dir);
    return finished;
}

ServeProcess::ServeProcess(const std::vector<std::string>& args, const std::vector<std::string>& env)
    : directory_(make_temp_dir()) {
    std::ofstream(directory_ + "/in") << "";
    std::vector<std::string> all{"serve", "--listen", "127.0.0.1:0"};
    all.insert(all.end(), args.begin(), args.end());
    pid_ = spawn(CHORUS_BINARY, all, env, directory_ + "/in", directory_ + "/out", directory_ + "/err");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        auto log = err();
        auto at = log.find("http://127.0.0.1:");
        if (at != std::string::npos) {
            port_ = static_cast<std::uint16_t>(std::stoi(log.substr(at + 17)));
            return;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("chorus serve exited early: " + log);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("chorus serve did not start listening: " + err());
}

ServeProcess::~ServeProcess() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    std::filesystem::remove_all(directory_);
}

std::string ServeProcess::out() const { return slurp(directory_ + "/out"); }
std::string ServeProcess::err() const { return slurp(directory_ + "/err"); }

int ServeProcess::stop_with(int signal_number, std::chrono::seconds timeout) {
    kill(pid_, signal_number);
    int code = wait_exit(pid_, timeout);
    if (code != -1) pid_ = -1;
    return code;
}

}  // namespace chorus::testing
