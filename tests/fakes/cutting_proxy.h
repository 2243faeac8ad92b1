#pragma once
// A TCP proxy on loopback in front of a real server, for "the request arrived, the answer
// never did": armed with a marker, it lets the next request containing that marker through
// to the server, swallows the server's answer and closes the client's connection. Every
// other byte passes untouched. Used against the local Bluesky PDS, where the fault cannot
// be injected inside the server.
#include <atomic>
#include <deque>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace chorus::fakes {

class CuttingProxy {
public:
    // upstream_url: http://host:port of the real server (host resolved on loopback).
    explicit CuttingProxy(const std::string& upstream_url);
    ~CuttingProxy();
    CuttingProxy(const CuttingProxy&) = delete;
    CuttingProxy& operator=(const CuttingProxy&) = delete;

    std::string base_url() const;  // http://127.0.0.1:<port>
    // Markers queue up: the second applies to requests after the one the first matched.
    void cut_answer_to_next(std::string marker);
    int answers_cut() const { return answers_cut_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::atomic<int> answers_cut_{0};
};

}  // namespace chorus::fakes
