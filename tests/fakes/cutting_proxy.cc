#include "cutting_proxy.h"

#include <boost/asio.hpp>
#include <boost/url.hpp>

#include <optional>

namespace chorus::fakes {

namespace asio = boost::asio;
using asio::ip::tcp;

struct CuttingProxy::Impl {
    asio::io_context io;
    tcp::acceptor acceptor{io};
    tcp::endpoint upstream;
    std::mutex mutex;
    std::deque<std::string> markers;
    std::vector<std::shared_ptr<tcp::socket>> sockets;
    std::vector<std::thread> threads;
    std::thread accepting;
    bool stopping = false;

    std::shared_ptr<tcp::socket> track(tcp::socket socket) {
        auto shared = std::make_shared<tcp::socket>(std::move(socket));
        std::lock_guard lock(mutex);
        sockets.push_back(shared);
        return shared;
    }

    bool take_marker(std::string_view bytes) {
        std::lock_guard lock(mutex);
        if (markers.empty() || bytes.find(markers.front()) == std::string_view::npos) return false;
        markers.pop_front();
        return true;
    }
};

CuttingProxy::CuttingProxy(const std::string& upstream_url) : impl_(std::make_unique<Impl>()) {
    auto url = boost::urls::parse_uri(upstream_url).value();
    impl_->upstream = tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<std::uint16_t>(std::stoi(std::string(url.port()))));
    impl_->acceptor.open(tcp::v4());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    impl_->acceptor.listen();
    impl_->accepting = std::thread([this] {
        for (;;) {
            boost::system::error_code error;
            tcp::socket accepted(impl_->io);
            impl_->acceptor.accept(accepted, error);
            if (error) return;
            {
                std::lock_guard lock(impl_->mutex);
                if (impl_->stopping) return;
            }
            auto client = impl_->track(std::move(accepted));
            auto server = impl_->track(tcp::socket(impl_->io));
            server->connect(impl_->upstream, error);
            if (error) {
                client->close(error);
                continue;
            }
            auto cut = std::make_shared<std::atomic<bool>>(false);
            std::lock_guard lock(impl_->mutex);
            // Client to server: everything, noting whether this connection carries the marked request.
            impl_->threads.emplace_back([this, client, server, cut] {
                char buffer[16384];
                boost::system::error_code error;
                for (;;) {
                    auto n = client->read_some(asio::buffer(buffer), error);
                    if (error) break;
                    if (impl_->take_marker(std::string_view(buffer, n))) *cut = true;
                    asio::write(*server, asio::buffer(buffer, n), error);
                    if (error) break;
                }
                server->shutdown(tcp::socket::shutdown_send, error);
            });
            // Server to client: everything, unless this connection is the one to cut: then the
            // answer (proof the server handled the request) is dropped and the client hung up on.
            impl_->threads.emplace_back([this, client, server, cut] {
                char buffer[16384];
                boost::system::error_code error;
                for (;;) {
                    auto n = server->read_some(asio::buffer(buffer), error);
                    if (error) break;
                    if (*cut) {
                        ++answers_cut_;
                        break;
                    }
                    asio::write(*client, asio::buffer(buffer, n), error);
                    if (error) break;
                }
                client->shutdown(tcp::socket::shutdown_both, error);
                client->close(error);
                server->close(error);
            });
        }
    });
}

CuttingProxy::~CuttingProxy() {
    const auto own = impl_->acceptor.local_endpoint();
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    // Wake the blocking accept with one last connection, then close everything.
    boost::system::error_code error;
    tcp::socket waker(impl_->io);
    waker.connect(own, error);
    if (impl_->accepting.joinable()) impl_->accepting.join();
    waker.close(error);
    impl_->acceptor.close(error);
    {
        std::lock_guard lock(impl_->mutex);
        for (auto& socket : impl_->sockets) {
            socket->shutdown(tcp::socket::shutdown_both, error);
            socket->close(error);
        }
    }
    for (auto& thread : impl_->threads) thread.join();
}

std::string CuttingProxy::base_url() const { return "http://127.0.0.1:" + std::to_string(impl_->acceptor.local_endpoint().port()); }

void CuttingProxy::cut_answer_to_next(std::string marker) {
    std::lock_guard lock(impl_->mutex);
    impl_->markers.push_back(std::move(marker));
}

}  // namespace chorus::fakes
