#include "http/server.h"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <limits>
#include <tuple>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "core/ascii.h"
#include "http/form_upload.h"

namespace chorus::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

// Runs `work` on the worker pool and resumes the calling coroutine on its own executor, so
// the I/O threads never wait for the store.
template <class T>
asio::awaitable<T> run_on(asio::thread_pool& pool, std::function<T()> work) {
    co_return co_await asio::co_spawn(
        pool, [work = std::move(work)]() -> asio::awaitable<T> { co_return work(); }, asio::use_awaitable);
}

Response guarded(const Router& router, Request& request) {
    try {
        return router.dispatch(request);
    } catch (const std::exception&) {
        return error_body(500, "internal_error", "The server failed to handle this request");
    }
}

// The body of a form upload: each piece goes to the route's FormSink as it arrives. The
// write happens on the I/O thread: it usually only fills the page cache, but a disk that
// stalls stalls every connection meanwhile (docs/SECURITY.md). A refusal stops the reading.
struct FormBody {
    struct value_type {
        FormSink* sink = nullptr;
        std::optional<Error> failure;
    };
    class reader {
    public:
        template <bool isRequest, class Fields>
        reader(bhttp::header<isRequest, Fields>&, value_type& body) : body_(body) {}
        void init(const boost::optional<std::uint64_t>&, beast::error_code& ec) { ec = {}; }
        template <class Buffers>
        std::size_t put(const Buffers& buffers, beast::error_code& ec) {
            ec = {};
            std::size_t taken = 0;
            for (const auto piece : beast::buffers_range_ref(buffers)) {
                auto written = body_.sink->write({static_cast<const char*>(piece.data()), piece.size()});
                if (!written) {
                    body_.failure = std::move(written).error();
                    ec = asio::error::operation_aborted;
                    return taken;
                }
                taken += piece.size();
            }
            return taken;
        }
        void finish(beast::error_code& ec) { ec = {}; }

    private:
        value_type& body_;
    };
};


// Header names lower-cased, as Request keeps them.
Fields headers_of(const bhttp::fields& fields) {
    Fields out;
    for (const auto& field : fields) out.emplace_back(to_lower_ascii(field.name_string()), std::string(field.value()));
    return out;
}

// One spelling per address ("::ffff:10.0.0.1" is 10.0.0.1), or nullopt for anything else.
std::optional<std::string> normalised_address(std::string_view text) {
    boost::system::error_code error;
    auto address = asio::ip::make_address(std::string(text), error);
    if (error) return std::nullopt;
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
    return address.to_string();
}

}  // namespace

std::string client_address(const std::string& peer, const std::optional<std::string>& forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
    const auto trusted = [&](const std::string& address) {
        return std::any_of(trusted_proxies.begin(), trusted_proxies.end(),
                           [&](const std::string& proxy) { return normalised_address(proxy) == address; });
    };
    const auto from = normalised_address(peer);
    if (!from || !forwarded_for || !trusted(*from)) return peer;
    std::string_view list = *forwarded_for;
    while (!list.empty()) {
        const auto comma = list.rfind(',');
        auto entry = comma == std::string_view::npos ? list : list.substr(comma + 1);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(0, comma);
        while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
        while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
        const auto address = normalised_address(entry);
        if (!address) return *from;  // a malformed entry: nothing to its left can be believed
        if (!trusted(*address)) return *address;
    }
    return *from;
}

struct Server::Impl {
    struct Connection {
        explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
        beast::tcp_stream stream;
        bool busy = false;  // a request is being handled; guarded by Impl::mutex
    };

    ServerOptions options;
    const Router& router;
    std::function<void(const AccessRecord&)> access_log;
    asio::io_context io;
    asio::thread_pool workers;
    tcp::acceptor acceptor{io};
    std::vector<std::thread> io_threads;

    std::mutex mutex;
    std::condition_variable drained;
    std::set<std::shared_ptr<Connection>> connections;
    int in_flight = 0;
    bool draining = false;
    bool stopped = false;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_guard;

    Impl(ServerOptions o, const Router& r, std::function<void(const AccessRecord&)> log)
        : options(std::move(o)), router(r), access_log(std::move(log)),
          workers(static_cast<std::size_t>(std::max(1, options.worker_threads))) {}

    asio::awaitable<void> accept_loop() {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(io), use_nothrow);
            if (ec) {
                if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
                continue;  // e.g. too many open files: keep serving the connections we have
            }
            auto connection = std::make_shared<Connection>(std::move(socket));
            {
                std::lock_guard lock(mutex);
                if (draining) continue;
                connections.insert(connection);
            }
            auto executor = connection->stream.get_executor();
            asio::co_spawn(executor, serve(connection), asio::detached);
        }
    }

    void finish_request(const std::shared_ptr<Connection>& connection) {
        std::lock_guard lock(mutex);
        connection->busy = false;
        --in_flight;
        if (in_flight == 0) drained.notify_all();
    }

    // The client's address: the connection's, or the one a trusted proxy forwarded (every
    // X-Forwarded-For line, in order: a proxy may add a line rather than extend one).
    std::string peer_of(beast::tcp_stream& stream, const Request& request) const {
        beast::error_code error;
        auto endpoint = stream.socket().remote_endpoint(error);
        std::optional<std::string> forwarded;
        for (const auto& [name, value] : request.headers)
            if (name == "x-forwarded-for") forwarded = forwarded ? *forwarded + "," + value : value;
        return client_address(error ? std::string() : endpoint.address().to_string(), forwarded, options.trusted_proxies);
    }

    asio::awaitable<void> serve(std::shared_ptr<Connection> connection) {
        beast::flat_buffer buffer;
        auto& stream = connection->stream;
        bool first = true;
        for (;;) {
            bhttp::request_parser<bhttp::string_body> parser;
            // Beast judges Content-Length against the limit while parsing the header, before
            // we know the route: no limit until then, the right one after.
            parser.body_limit(std::numeric_limits<std::uint64_t>::max());
            parser.header_limit(static_cast<std::uint32_t>(options.header_limit_bytes));
            stream.expires_after(first ? options.request_timeout : options.idle_timeout);
            first = false;
            // The header first: an upload route allows a larger body (and more time) than
            // the default, and the route is known only once the target is.
            auto [read_error, read_bytes] = co_await bhttp::async_read_header(stream, buffer, parser, use_nothrow);
            std::size_t body_limit = options.body_limit_bytes;
            // A form upload's body goes to its FormSink piece by piece, never whole into memory.
            std::unique_ptr<FormSink> sink;
            std::optional<bhttp::request_parser<FormBody>> form_parser;
            std::optional<Error> refused;  // answered before the body was all read
            std::uint64_t announced_bytes = 64u << 20;  // what a refused client may still send
            Request probe;  // the request as its head tells it: enough to route, admit and log
            if (!read_error) {
                if (parser.content_length()) announced_bytes = *parser.content_length();
                probe.method = std::string(parser.get().method_string());
                if (parse_target(parser.get().target(), probe)) {
                    if (auto limit = router.body_limit_of(probe)) {
                        body_limit = *limit;
                        stream.expires_after(options.upload_timeout);
                    }
                    if (const FormUpload* upload = router.form_upload_of(probe)) {
                        // Who sends it and whether there is room, before a byte of the body.
                        probe.headers = headers_of(parser.get());
                        probe.remote_address = peer_of(stream, probe);
                        if (upload->admit)
                            refused = co_await run_on<std::optional<Error>>(workers, [&]() -> std::optional<Error> {
                                auto admitted = upload->admit(probe);
                                return admitted ? std::nullopt : std::optional<Error>(std::move(admitted).error());
                            });
                        if (!refused) {
                            const auto length = parser.content_length();
                            auto opened = FormSink::open(std::string(parser.get()[bhttp::field::content_type]),
                                                         length ? std::optional<std::uint64_t>(*length) : std::nullopt, *upload);
                            if (opened) sink = std::move(*opened);
                            else refused = opened.error();
                        }
                    }
                }
                parser.body_limit(body_limit);
                if (parser.content_length() && *parser.content_length() > body_limit) {
                    read_error = bhttp::error::body_limit;
                } else if (refused) {
                    // The head alone was enough to refuse: none of the body is read.
                } else if (sink) {
                    form_parser.emplace(std::move(parser));
                    form_parser->body_limit(body_limit);
                    form_parser->get().body().sink = sink.get();
                    // Admitted: a client that waits for leave to send its body gets it now
                    // (curl asks for large files, and would otherwise wait a second).
                    if (bhttp::token_list(form_parser->get()[bhttp::field::expect]).exists("100-continue")) {
                        bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, 11};
                        co_await bhttp::async_write(stream, proceed, use_nothrow);
                    }
                    std::tie(read_error, read_bytes) = co_await bhttp::async_read(stream, buffer, *form_parser, use_nothrow);
                    if (auto& failure = form_parser->get().body().failure) {
                        refused = std::move(*failure);
                        read_error = {};
                    }
                } else {
                    std::tie(read_error, read_bytes) = co_await bhttp::async_read(stream, buffer, parser, use_nothrow);
                }
            }
            (void)read_bytes;
            const auto started = std::chrono::steady_clock::now();

            Response response;
            Request request;
            bool keep_alive = false;
            bool unread_body = false;
            if (read_error == bhttp::error::body_limit) {
                unread_body = true;
                response = error_body(413, "too_large", "The request body is larger than " + std::to_string(body_limit) + " bytes");
            } else if (read_error == bhttp::error::header_limit) {
                response = error_body(431, "headers_too_large", "The request headers are too large");
            } else if (read_error) {
                break;  // closed, timed out or unparseable: nothing sensible to answer
            } else if (refused) {
                unread_body = !(form_parser && form_parser->is_done());
                response = error_response(*refused);
            } else {
                {
                    std::lock_guard lock(mutex);
                    if (draining) break;
                    connection->busy = true;
                    ++in_flight;
                }
                const auto& head = form_parser ? form_parser->get().base() : parser.get().base();
                request.method = std::string(head.method_string());
                request.headers = headers_of(head);
                request.remote_address = peer_of(stream, request);
                keep_alive = form_parser ? form_parser->keep_alive() : parser.keep_alive();
                auto form = sink ? sink->finish() : Result<std::shared_ptr<UploadedForm>>(nullptr);
                if (!form) {
                    response = error_response(form.error());
                } else if (!parse_target(head.target(), request)) {
                    response = error_body(400, "bad_target", "The request target is not a valid URL path");
                } else {
                    request.form = std::move(*form);
                    if (!sink) request.body = std::move(parser.get().body());
                    if (router.execution_of(request) == Execution::inline_on_io) {
                        response = guarded(router, request);
                    } else {
                        response = co_await run_on<Response>(workers, [this, &request] { return guarded(router, request); });
                    }
                }
                if (response.delay > 0ms) {
                    asio::steady_timer timer(stream.get_executor(), response.delay);
                    co_await timer.async_wait(use_nothrow);
                }
                if (response.drop_connection) {
                    finish_request(connection);
                    break;
                }
            }

            bool closing = !keep_alive;
            {
                std::lock_guard lock(mutex);
                closing = closing || draining;
            }
            bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status), 11};
            out.set(bhttp::field::server, "chorus");
            out.set(bhttp::field::content_type, response.content_type);
            for (const auto& [name, value] : response.headers) out.insert(name, value);
            // API answers carry CSRF and API tokens and private data: unless a route says
            // otherwise (web assets, media files), no cache keeps them and no browser sniffs.
            if (out.find(bhttp::field::cache_control) == out.end()) out.set(bhttp::field::cache_control, "no-store");
            if (out.find("X-Content-Type-Options") == out.end()) out.set("X-Content-Type-Options", "nosniff");
            out.body() = std::move(response.body);
            out.keep_alive(!closing);
            out.prepare_payload();
            const std::size_t bytes = out.body().size();
            stream.expires_after(options.request_timeout);
            auto [write_error, written] = co_await bhttp::async_write(stream, out, use_nothrow);
            (void)written;
            if (!request.method.empty()) finish_request(connection);
            if (access_log) {
                auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
                // A request refused from its head alone is logged as its head tells it.
                const Request& logged = request.method.empty() ? probe : request;
                access_log({logged.method, logged.path, response.status, bytes, elapsed.count(), logged.remote_address});
            }
            if (!write_error && unread_body) {
                // The client is still sending the body we refused. Closing with its bytes
                // unread would reset the connection, and a reset throws away our answer
                // before the client reads it: read and discard what it announced, for a while.
                beast::error_code ignored;
                stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
                stream.expires_after(std::chrono::seconds(2));
                std::array<char, 64 * 1024> discarded;
                for (std::uint64_t drained = 0; drained < announced_bytes;) {
                    auto [drain_error, n] = co_await stream.async_read_some(asio::buffer(discarded), use_nothrow);
                    if (drain_error) break;
                    drained += n;
                }
            }
            if (write_error || closing) break;
        }
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream.socket().close(ignored);
        std::lock_guard lock(mutex);
        connections.erase(connection);
    }
};

Server::Server(ServerOptions options, const Router& router, std::function<void(const AccessRecord&)> access_log)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(access_log))) {}

Server::~Server() { stop(); }

std::uint16_t Server::start() {
    auto& impl = *impl_;
    tcp::endpoint endpoint(asio::ip::make_address(impl.options.address), impl.options.port);
    impl.acceptor.open(endpoint.protocol());
    impl.acceptor.set_option(asio::socket_base::reuse_address(true));
    impl.acceptor.bind(endpoint);
    impl.acceptor.listen(asio::socket_base::max_listen_connections);
    const auto port = impl.acceptor.local_endpoint().port();
    impl.work_guard.emplace(impl.io.get_executor());
    asio::co_spawn(impl.io, impl.accept_loop(), asio::detached);
    for (int i = 0; i < std::max(1, impl.options.io_threads); ++i) impl.io_threads.emplace_back([&impl] { impl.io.run(); });
    return port;
}

void Server::stop() {
    auto& impl = *impl_;
    {
        std::lock_guard lock(impl.mutex);
        if (impl.stopped) return;
        impl.stopped = true;
        impl.draining = true;
    }
    if (impl.io_threads.empty()) return;
    asio::post(impl.io, [&impl] {
        beast::error_code ignored;
        impl.acceptor.close(ignored);
    });
    // Idle keep-alive connections are closed now; busy ones close after their answer.
    auto close_idle = [&impl] {
        std::lock_guard lock(impl.mutex);
        for (const auto& connection : impl.connections)
            if (!connection->busy)
                asio::post(connection->stream.get_executor(), [connection] { connection->stream.cancel(); });
    };
    close_idle();
    {
        std::unique_lock lock(impl.mutex);
        impl.drained.wait_for(lock, impl.options.drain_timeout, [&impl] { return impl.in_flight == 0; });
    }
    close_idle();
    {
        // Past the drain timeout: close the rest, so that no client waits for an answer
        // that will not come. A handler still running finishes into a closed socket.
        std::lock_guard lock(impl.mutex);
        for (const auto& connection : impl.connections)
            asio::post(connection->stream.get_executor(), [connection] { connection->stream.close(); });
    }
    impl.work_guard.reset();
    // Give the connection coroutines a moment to unwind, then stop hard.
    for (int i = 0; i < 100; ++i) {
        {
            std::lock_guard lock(impl.mutex);
            if (impl.connections.empty()) break;
        }
        std::this_thread::sleep_for(10ms);
    }
    impl.io.stop();
    for (auto& thread : impl.io_threads) thread.join();
    impl.io_threads.clear();
    impl.workers.join();
}

}  // namespace chorus::http
