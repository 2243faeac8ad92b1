#include "networks/http_client.h"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/ascii.h"
#include "networks/address_policy.h"

namespace chorus::networks {
namespace {

std::once_flag curl_initialised;

struct Transfer {
    HttpRequest request;
    HttpResponse response;
    std::promise<HttpResult> promise;
    curl_slist* header_list = nullptr;
    char error[CURL_ERROR_SIZE] = {};
    bool too_large = false;
    bool refused_address = false;

    ~Transfer() { curl_slist_free_all(header_list); }
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const auto most = transfer.request.max_body_bytes;
    if (most && transfer.response.body.size() + size * count > most) {
        transfer.too_large = true;
        return 0;  // libcurl stops the transfer
    }
    transfer.response.body.append(data, size * count);
    return size * count;
}

// Every connection of a public_only request, including after a redirect, is checked here,
// after name resolution: a name that resolves to a private address is refused too.
curl_socket_t open_public_socket(void* user, curlsocktype, curl_sockaddr* address) {
    if (!is_public_address(&address->addr)) {
        static_cast<Transfer*>(user)->refused_address = true;
        return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype, address->protocol);
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& response = static_cast<Transfer*>(user)->response;
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        response.headers.clear();  // a new response (after 100 Continue or a redirect)
        return size * count;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return size * count;
    auto name = to_lower_ascii(line.substr(0, colon));
    auto value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
    response.headers.emplace_back(std::move(name), std::string(value));
    return size * count;
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view lower_case_name) const {
    for (const auto& [name, value] : headers)
        if (name == lower_case_name) return value;
    return std::nullopt;
}

struct HttpClient::Impl {
    HttpClientOptions options;
    CURLM* multi = nullptr;
    std::mutex mutex;
    std::deque<std::unique_ptr<Transfer>> incoming;
    std::unordered_map<CURL*, std::unique_ptr<Transfer>> running;
    std::atomic<bool> stopping{false};
    std::thread loop;

    explicit Impl(HttpClientOptions o) : options(o) {
        std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
        multi = curl_multi_init();
        curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.max_connections_per_host);
        loop = std::thread([this] { run(); });
    }

    ~Impl() {
        stopping = true;
        curl_multi_wakeup(multi);
        loop.join();
        for (auto& [easy, transfer] : running) {
            curl_multi_remove_handle(multi, easy);
            curl_easy_cleanup(easy);
            transfer->promise.set_value(TransportError{false, false, "the HTTP client stopped"});
        }
        for (auto& transfer : incoming) transfer->promise.set_value(TransportError{false, false, "the HTTP client stopped"});
        curl_multi_cleanup(multi);
    }

    void start(std::unique_ptr<Transfer> transfer) {
        CURL* easy = curl_easy_init();
        auto& request = transfer->request;
        curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
        curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
        curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
        curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error);
        curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
        curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
        if (request.public_only || options.public_only) {
            curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, open_public_socket);
            curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, transfer.get());
            curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");  // the check must see the server's own address
            // In a client that also makes unchecked requests, a cached connection may never
            // have been checked (it may be the API of a network on the local network): a
            // public-only fetch there always opens its own.
            if (!options.public_only) {
                curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
                curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
            }
        }
        if (request.max_redirects > 0) {
            curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
            curl_easy_setopt(easy, CURLOPT_MAXREDIRS, static_cast<long>(request.max_redirects));
            curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        }
        if (request.method == "GET") {
            curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        } else {
            curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
            if (request.method != "DELETE" || !request.body.empty()) {
                curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
                curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
            }
        }
        if (!request.idempotent) {
            curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
            curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
        }
        // "Expect: 100-continue" costs a round trip and muddles "was it sent".
        transfer->header_list = curl_slist_append(transfer->header_list, "Expect:");
        for (const auto& [name, value] : request.headers)
            transfer->header_list = curl_slist_append(transfer->header_list, (name + ": " + value).c_str());
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->header_list);
        curl_multi_add_handle(multi, easy);
        running.emplace(easy, std::move(transfer));
    }

    void finish(CURL* easy, CURLcode code) {
        auto node = running.extract(easy);
        curl_multi_remove_handle(multi, easy);
        auto& transfer = *node.mapped();
        if (code == CURLE_OK) {
            long status = 0;
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
            transfer.response.status = static_cast<int>(status);
            transfer.promise.set_value(std::move(transfer.response));
        } else {
            long request_size = 0;
            curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_size);
            TransportError failure;
            failure.request_sent = request_size > 0;
            failure.timed_out = code == CURLE_OPERATION_TIMEDOUT;
            failure.message = transfer.error[0] ? transfer.error : curl_easy_strerror(code);
            if (transfer.too_large) failure.message = "the answer is larger than " + std::to_string(transfer.request.max_body_bytes) + " bytes";
            if (transfer.refused_address) {
                failure.address_refused = true;
                failure.message = "refused: the address is not a public one";
            }
            transfer.promise.set_value(std::move(failure));
        }
        curl_easy_cleanup(easy);
    }

    void run() {
        while (!stopping) {
            {
                std::lock_guard lock(mutex);
                while (!incoming.empty()) {
                    start(std::move(incoming.front()));
                    incoming.pop_front();
                }
            }
            int still_running = 0;
            curl_multi_perform(multi, &still_running);
            int queued = 0;
            while (CURLMsg* message = curl_multi_info_read(multi, &queued))
                if (message->msg == CURLMSG_DONE) finish(message->easy_handle, message->data.result);
            curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
        }
    }
};

HttpClient::HttpClient(HttpClientOptions options) : impl_(std::make_unique<Impl>(options)) {}
HttpClient::~HttpClient() = default;

std::future<HttpResult> HttpClient::submit(HttpRequest request) {
    auto transfer = std::make_unique<Transfer>();
    transfer->request = std::move(request);
    auto future = transfer->promise.get_future();
    {
        std::lock_guard lock(impl_->mutex);
        impl_->incoming.push_back(std::move(transfer));
    }
    curl_multi_wakeup(impl_->multi);
    return future;
}

}  // namespace chorus::networks
